namespace GcTool.TestSupport;

/// <summary>How a wheels bucket points at its archive entry.</summary>
public enum PointerStyle
{
    /// <summary>uv ≥ 0.11.17 on Unix: <c>../../../archive-v0/&lt;ID&gt;</c>.</summary>
    RelativeSymlink = 0,

    /// <summary>uv &lt; 0.11.17 on Unix: <c>&lt;root as given&gt;/archive-v0/&lt;ID&gt;</c>.</summary>
    AbsoluteSymlink,

    /// <summary>uv on Windows: a regular file holding exactly <c>archive-v0/&lt;ID&gt;</c>.</summary>
    WindowsTextFile,
}

/// <summary>Where a wheel came from, which decides the pointer's directory.</summary>
public enum WheelSource
{
    /// <summary><c>wheels-v6/pypi/&lt;name&gt;/&lt;KEY&gt;</c> (3× <c>..</c>).</summary>
    Pypi = 0,

    /// <summary><c>wheels-v6/index/&lt;D16&gt;/&lt;name&gt;/&lt;KEY&gt;</c> (4× <c>..</c>).</summary>
    Index,

    /// <summary><c>wheels-v6/url/&lt;D16&gt;/&lt;name&gt;/&lt;KEY&gt;</c> (4× <c>..</c>), also used for local .whl files.</summary>
    Url,
}

/// <summary>Options for <see cref="UvCacheBuilder.PersistWheel"/>; the default is uv 0.12.5 on Linux, from PyPI.</summary>
public sealed record PersistOptions
{
    public static readonly PersistOptions Default = new();

    public PointerStyle Pointer { get; init; } = PointerStyle.RelativeSymlink;
    public WheelSource Source { get; init; } = WheelSource.Pypi;

    /// <summary>The wheels bucket; <c>wheels-v5</c> emulates data left by uv 0.6.4–0.9.x.</summary>
    public string Bucket { get; init; } = "wheels-v6";

    public IdStyle IdStyle { get; init; } = IdStyle.Current;

    /// <summary>Forces the archive id (must be unused); otherwise a random one of <see cref="IdStyle"/>.</summary>
    public string? Id { get; init; }

    /// <summary>The D16 directory for <see cref="WheelSource.Index"/> and <see cref="WheelSource.Url"/>.</summary>
    public string SourceDigest { get; init; } = "3f2a9c4e1b7d6058";

    /// <summary>Write <c>&lt;KEY&gt;.http</c> beside the pointer (its bytes contain the id).</summary>
    public bool WriteHttp { get; init; } = true;
}
