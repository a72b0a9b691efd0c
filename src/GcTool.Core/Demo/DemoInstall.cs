namespace GcTool.Core.Demo;

/// <summary>How uv put a wheel's files into a venv (uv-cache-spec.md §5).</summary>
public enum DemoLinkMode
{
    /// <summary>Absolute per-file symlinks into the archive: what a plain prune can break.</summary>
    Symlink,
    /// <summary>Hardlinks: the venv holds the inodes, deleting the archive is harmless.</summary>
    Hardlink,
    /// <summary>Independent copies.</summary>
    Copy,
}

/// <summary>One environment of the demo and what it installed from which archive.</summary>
/// <param name="Label">How the demo names it: "symlink-app", "tools/demo-tool".</param>
public sealed record DemoEnvironment(string Label, string Path, DemoLinkMode Mode, IReadOnlyList<(DemoWheel Wheel, string ArchiveId)> Installed)
{
    /// <summary>Set when a plain <c>uv cache prune</c> already broke it while the demo was built.</summary>
    public bool BrokenBeforeGctool { get; init; }
}
