using GcTool.Core.Environments;

namespace GcTool.TestSupport;

/// <summary>
/// uv's <c>--link-mode</c> values. Core's <see cref="LinkMode"/> only names the modes that make
/// references; the simulator also needs copy and clone.
/// </summary>
public enum UvLinkMode
{
    /// <summary>FICLONE, falling back to hardlink, then copy (uv's default on Linux since 0.10.5).</summary>
    Clone,
    Copy,
    Hardlink,
    Symlink,
}

public static class UvLinkModes
{
    public static UvLinkMode ToUv(this LinkMode mode) => mode switch
    {
        LinkMode.Symlink => UvLinkMode.Symlink,
        LinkMode.Hardlink => UvLinkMode.Hardlink,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
