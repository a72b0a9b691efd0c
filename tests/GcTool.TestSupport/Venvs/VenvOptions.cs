namespace GcTool.TestSupport;

/// <summary>How <see cref="VenvBuilder.Create"/> makes a venv (uv venv's flags that matter here).</summary>
public sealed record VenvOptions
{
    public static readonly VenvOptions Default = new();

    /// <summary><c>relocatable = true</c> in pyvenv.cfg and <c>/bin/sh</c> trampolines; uv sets it for cached venvs.</summary>
    public bool Relocatable { get; init; }

    public string? Prompt { get; init; }

    /// <summary>The <c>uv = …</c> line: the uv version that created the venv.</summary>
    public string UvVersion { get; init; } = "0.12.5";
}
