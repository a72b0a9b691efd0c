namespace GcTool.Core.Environments;

/// <summary>
/// A place where uv may keep tool environments (<c>uv tool install</c>): a root gctool registers by
/// itself, marked implicit, when it exists (uv-cache-spec §9, crates/uv-tool/src/lib.rs).
/// </summary>
/// <param name="Path">Absolute.</param>
/// <param name="Source">Where the path came from, for messages: <c>$UV_TOOL_DIR</c>, <c>$XDG_DATA_HOME/uv/tools</c>, <c>~/.local/share/uv/tools</c>, or a passwd home.</param>
/// <param name="Home">For another user's default tool directory (found through the passwd database): that user's home.
/// Such a directory counts only when no component below the home is a symlink, so a user cannot send root's scan elsewhere.</param>
public sealed record ToolDirectory(string Path, string Source, string? Home = null)
{
    /// <summary>uv's default tool directory below a home.</summary>
    public static readonly string DefaultBelowHome = System.IO.Path.Combine(".local", "share", "uv", "tools");

    /// <summary>
    /// Every tool directory uv may use for the user running gctool — all three, because a cron job's
    /// environment is rarely the login shell's — and, when running as root, the default one under every
    /// home in the passwd database (a cache shared by many users is linked from all their tool envs).
    /// </summary>
    /// <param name="uvToolDir"><c>$UV_TOOL_DIR</c>; uv makes a relative one absolute against the working directory.</param>
    public static IReadOnlyList<ToolDirectory> Candidates(string? uvToolDir, string? xdgDataHome, string? home, string workingDirectory,
        bool isRoot, IReadOnlyList<string> passwdHomes)
    {
        var found = new List<ToolDirectory>();
        if (!string.IsNullOrEmpty(uvToolDir)) found.Add(new(System.IO.Path.GetFullPath(uvToolDir, workingDirectory), "$UV_TOOL_DIR"));
        if (!string.IsNullOrEmpty(xdgDataHome) && System.IO.Path.IsPathFullyQualified(xdgDataHome))
            found.Add(new(System.IO.Path.Combine(xdgDataHome, "uv", "tools"), "$XDG_DATA_HOME/uv/tools"));
        if (!string.IsNullOrEmpty(home) && System.IO.Path.IsPathFullyQualified(home))
            found.Add(new(System.IO.Path.Combine(home, DefaultBelowHome), "~/.local/share/uv/tools"));
        if (isRoot)
            foreach (var other in passwdHomes)
                found.Add(new(System.IO.Path.Combine(other, DefaultBelowHome), $"home {other} in the passwd database", other));
        return found
            .Select(d => d with { Path = Paths.TrimTrailingSeparator(System.IO.Path.GetFullPath(d.Path)) })
            .DistinctBy(d => d.Path, StringComparer.Ordinal)
            .ToList();
    }
}
