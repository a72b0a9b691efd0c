using System.Text;
using GcTool.Core.Platform;

namespace GcTool.Core.Environments;

/// <summary>
/// A cheap summary of an environment's layout: the inode and mtime of its root, <c>pyvenv.cfg</c>,
/// <c>bin</c>, <c>lib</c>, each <c>lib/python*</c> and its <c>site-packages</c>, <c>share</c> and
/// <c>include</c>. Every uv install or uninstall adds or removes a <c>*.dist-info</c> directory in
/// site-packages (and scripts in bin), which changes those mtimes, so an equal fingerprint means
/// "not re-read". <c>gctool scan --full</c> re-reads regardless.
/// </summary>
/// <remarks>
/// Like git's "racily clean" index entries: a directory modified within <see cref="RacyWindowNs"/>
/// of the scan may change again within the same timestamp tick, so such a fingerprint is marked
/// racy and never matches.
/// <para>
/// Computing it is most of what a rescan with nothing changed costs (it runs for every environment),
/// so it takes the previous fingerprint as a hint: when <c>lib</c> has the inode and mtime recorded
/// there, no name in it was added, removed or renamed since, so the recorded <c>lib/python*</c> names
/// are still its subdirectories and <c>lib</c> is not listed again. Every recorded name is still
/// lstat'ed, so a name that is no longer a directory drops out as before. The result is the same
/// string the full computation gives; the hint only saves the listing (open, getdents, statx, close).
/// </para>
/// </remarks>
public static class EnvironmentFingerprint
{
    public const long RacyWindowNs = 2_000_000_000;

    private const string RacyPrefix = "racy:";
    private const string UnreadPrefix = "unread:";

    public static string Compute(DirectoryReader reader, EnvPath environment, long nowNs, string? previous = null)
    {
        var builder = new StringBuilder(256);
        var racy = false;
        FileStatus? Add(string relative)
        {
            var path = relative.Length == 0 ? environment.Value : Path.Combine(environment.Value, relative);
            var s = reader.Stat.TryLStat(path);
            if (s is null) return null;
            racy |= nowNs - s.Value.ModifiedNs < RacyWindowNs;
            builder.Append(relative).Append(':').Append(s.Value.Inode).Append(':').Append(s.Value.ModifiedNs).Append(';');
            return s;
        }

        Add("");
        Add("pyvenv.cfg");
        Add("bin");
        Add("share");
        Add("include");
        var lib = Add("lib");
        // "Lib" is not part of the fingerprint itself (only what is under it); lstat it so a missing one
        // (every venv made on Linux) costs one failed lstat rather than a failed open.
        var upperLib = reader.Stat.TryLStat(Path.Combine(environment.Value, "Lib"));
        foreach (var (name, status) in new[] { ("lib", lib), ("Lib", upperLib) })
        {
            if (status is not { Kind: FileKind.Directory }) continue;
            foreach (var python in PythonDirectories(reader, environment, name, status.Value, previous))
            {
                Add($"{name}/{python}");
                Add($"{name}/{python}/site-packages");
            }
        }
        if (upperLib is not null) Add("Lib/site-packages");
        return racy ? RacyPrefix + builder : builder.ToString();
    }

    public static bool IsRacy(string fingerprint) => fingerprint.StartsWith(RacyPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The fingerprint to record for an environment that could be read only in part: it never equals a
    /// computed one, so every later scan reads the environment again and reports again what it cannot read
    /// (a trusted fingerprint would hide the unread part from the next gc, which would then delete what it links to).
    /// </summary>
    public static string Unread(string fingerprint) => UnreadPrefix + fingerprint;

    /// <summary>The subdirectories of <c>lib</c> (or <c>Lib</c>) in ordinal order: from the previous fingerprint when the directory is unchanged since, else listed.</summary>
    private static IEnumerable<string> PythonDirectories(DirectoryReader reader, EnvPath environment, string lib, FileStatus status, string? previous)
    {
        if (RecordedSubdirectories(previous, lib, status) is { } recorded) return recorded;
        var children = reader.TryList(Path.Combine(environment.Value, lib), out _);
        if (children is null) return [];
        return children.Where(c => c.Status?.Kind == FileKind.Directory).Select(c => c.Name).Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// The <c>lib/NAME</c> segments of a non-racy previous fingerprint whose <c>lib</c> segment has the same
    /// inode and mtime as now; null when there is no such hint. Only <c>lib</c> itself is recorded, so
    /// <c>Lib</c> (not in the fingerprint) is always listed.
    /// </summary>
    private static List<string>? RecordedSubdirectories(string? previous, string lib, FileStatus status)
    {
        if (previous is null || IsRacy(previous) || previous.StartsWith(UnreadPrefix, StringComparison.Ordinal) || lib != "lib") return null;
        var own = $";{lib}:{status.Inode}:{status.ModifiedNs};";
        if (!(";" + previous).Contains(own, StringComparison.Ordinal)) return null;
        var names = new List<string>();
        foreach (var segment in previous.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = segment.IndexOf(':');
            if (colon < 0) continue;
            var relative = segment[..colon];
            if (relative.StartsWith(lib + "/", StringComparison.Ordinal) && relative.IndexOf('/', lib.Length + 1) < 0)
                names.Add(relative[(lib.Length + 1)..]);
        }
        return names;
    }
}
