namespace GcTool.TestSupport;

/// <summary>Entry point for wheel specs: <c>Wheel.Named("foo", "1.0").WithModule("foo/sub.py")</c>.</summary>
public static class Wheel
{
    /// <summary>An empty <c>py3-none-any</c> wheel; add modules with <see cref="WheelSpec.WithModule"/>.</summary>
    public static WheelSpec Named(string name, string version) => new(name, version);

    /// <summary>The seed scenario's wheel: package <c>foo</c> with submodule <c>foo/sub.py</c>.</summary>
    public static WheelSpec WithSubmodule(string name, string version) =>
        Named(name, version).WithModule($"{WheelNames.DistInfoName(name)}/sub.py");
}
