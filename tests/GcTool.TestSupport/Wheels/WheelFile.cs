namespace GcTool.TestSupport;

/// <summary>One file of a wheel, relative to the wheel root (or to <c>&lt;dist&gt;.data/</c> for data files).</summary>
public sealed record WheelFile(string RelativePath, string Content, bool Executable = false);
