using System.Text;
using GcTool.Core.Platform;

namespace GcTool.Core.Environments;

/// <summary>
/// A cheap summary of an environment's layout: the inode and mtime of its root, <c>pyvenv.cfg</c>,
/// <c>bin</c>, <c>lib</c> (and <c>lib64</c> when it is not uv's <c>lib64 -&gt; lib</c>), each
/// <c>lib/python*</c> and its <c>site-packages</c>, every regular <c>.pth</c> file there, <c>share</c>
/// and <c>include</c>. Every uv install or uninstall adds or removes a <c>*.dist-info</c> directory in
/// site-packages (and scripts in bin), which changes those mtimes, so an equal fingerprint means
/// "not re-read". <c>gctool scan --full</c> re-reads regardless.
/// </summary>
/// <remarks>
/// Like git's "racily clean" index entries: a directory modified within <see cref="RacyWindowNs"/>
/// of the scan may change again within the same timestamp tick, so such a fingerprint is marked
/// racy and never matches.
/// <para>
/// What Python imports is what the scan reads, so the fingerprint covers the same places: a
/// <c>lib</c>, <c>lib/pythonX.Y</c> or <c>site-packages</c> that is a symlink to a directory elsewhere is
/// followed (its target's stamp is the segment <c>NAME/</c>: <c>lstat("NAME/")</c> resolves the link), and
/// a <c>.pth</c> file rewritten in place (which changes its own mtime, not its directory's) is noticed
/// through its own segment.
/// </para>
/// <para>
/// Computing it is most of what a rescan with nothing changed costs (it runs for every environment),
/// so it takes the previous fingerprint as a hint. A directory whose stamp is the one recorded there has
/// had no name added, removed or renamed since, so what the previous computation found in it still holds:
/// the recorded <c>lib/python*</c> names of an unchanged <c>lib</c> (not listed again), the recorded
/// <c>.pth</c> names of an unchanged <c>site-packages</c> (not listed again; each is still lstat'ed, since
/// a file's content changes without its directory's mtime), and, with an unchanged root, whether
/// <c>lib64</c> exists and is uv's link to <c>lib</c> (a symlink cannot be changed in place, only
/// replaced, which changes the root's mtime). Every recorded name is still lstat'ed where its own stamp
/// matters, so a name that is gone drops out as before. The result is the same string the full
/// computation gives; the hint only saves listings, lstats and readlinks.
/// </para>
/// </remarks>
public static class EnvironmentFingerprint
{
    public const long RacyWindowNs = 2_000_000_000;

    private const string RacyPrefix = "racy:";
    private const string UnreadPrefix = "unread:";

    /// <summary>The directories at an environment's root that hold <c>pythonX.Y/site-packages</c>.</summary>
    private static readonly string[] LibraryDirectories = ["lib", "lib64", "Lib"];

    public static string Compute(DirectoryReader reader, EnvPath environment, long nowNs, string? previous = null) =>
        new Computation(reader, environment, nowNs, Hint.Parse(previous)).Run();

    public static bool IsRacy(string fingerprint) => fingerprint.StartsWith(RacyPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Whether <see cref="Compute"/> would give <paramref name="recorded"/> again, and it is not racy: every
    /// stamped segment still lstats to the recorded inode and mtime, none within <see cref="RacyWindowNs"/> of
    /// <paramref name="nowNs"/>, and there is no <c>Lib</c> (whose listing is not stamped). What a rescan with
    /// nothing changed asks of each environment, answered without building a new fingerprint.
    /// </summary>
    /// <remarks>
    /// The same answer as comparing with a recomputation using <paramref name="recorded"/> as its hint: with
    /// every stamp unchanged, that computation re-uses every recorded name (no directory had a name added,
    /// removed or renamed) and stamps exactly these segments, so its text is the recorded text. A name that
    /// would add a segment (a new <c>share</c>, <c>.pth</c> or <c>pythonX.Y</c>) changes a stamped directory's
    /// mtime; a stamped name that is gone fails its lstat. Racy or unread recordings never hold.
    /// <para>
    /// The names are lstat'ed relative to the environment's directory, opened once (never through a symlink):
    /// on a host whose dentry cache holds millions of names, resolving the full path again for each was most
    /// of what a rescan with nothing changed cost. The root's own stamp is that directory's, so the names are
    /// checked in the directory the stamp is of. Like the computation, the check takes an unchanged root as
    /// proof that uv's <c>lib64 -&gt; lib</c> link is unchanged (a link is replaced, never changed in place, and
    /// replacing it changes the root's mtime) and that no <c>Lib</c> appeared.
    /// </para>
    /// </remarks>
    public static bool StillHolds(DirectoryReader reader, EnvPath environment, string recorded, long nowNs)
    {
        if (IsRacy(recorded) || recorded.StartsWith(UnreadPrefix, StringComparison.Ordinal)) return false;
        using var directory = reader.TryOpenForStat(environment.Value);
        if (directory is null) return false;
        // A recording that says there was no Lib needs no lstat for it once the root's stamp holds (a Lib made
        // since would have changed the root's mtime); older recordings do not say, so Lib is lstat'ed for them.
        var noLibRecorded = recorded.Contains(NoLibSegment, StringComparison.Ordinal);
        if (!noLibRecorded && reader.TryLStat(directory, "Lib") is not null) return false;
        var siblingLib64 = recorded.Contains(SiblingSegment("lib64"), StringComparison.Ordinal);
        var rest = recorded.AsSpan();
        var stamps = 0;
        var rootHolds = false;
        while (rest.Length > 0)
        {
            var end = rest.IndexOf(';');
            if (end < 0) return false;
            var segment = rest[..end];
            rest = rest[(end + 1)..];
            if (segment.StartsWith("@")) continue;
            var mtimeAt = segment.LastIndexOf(':');
            var inodeAt = mtimeAt <= 0 ? -1 : segment[..mtimeAt].LastIndexOf(':');
            if (inodeAt < 0 || !ulong.TryParse(segment[(inodeAt + 1)..mtimeAt], out var inode) || !long.TryParse(segment[(mtimeAt + 1)..], out var mtime))
                return false;
            var relative = segment[..inodeAt];
            stamps++;
            if (nowNs - mtime < RacyWindowNs) return false;
            if (rootHolds && siblingLib64 && relative.SequenceEqual("lib64")) continue;
            var now = reader.TryLStat(directory, relative.Contains('%') ? Unescape(relative.ToString()) : relative);
            if (now is not { } s || s.Inode != inode || s.ModifiedNs != mtime) return false;
            rootHolds |= relative.Length == 0;
        }
        return stamps > 0 && (rootHolds || !noLibRecorded || reader.TryLStat(directory, "Lib") is null);
    }

    /// <summary>
    /// The fingerprint to record for an environment that could be read only in part: it never equals a
    /// computed one, so every later scan reads the environment again and reports again what it cannot read
    /// (a trusted fingerprint would hide the unread part from the next gc, which would then delete what it links to).
    /// </summary>
    public static string Unread(string fingerprint) => UnreadPrefix + fingerprint;

    private sealed class Computation(DirectoryReader reader, EnvPath environment, long nowNs, Hint? hint)
    {
        private readonly StringBuilder _builder = new(256);
        private bool _racy;

        public string Run()
        {
            var root = Add("");
            Add("pyvenv.cfg");
            Add("bin");
            Add("share");
            Add("include");
            var rootUnchanged = hint is not null && root is { } r && hint.Matches("", r);
            foreach (var name in LibraryDirectories)
            {
                if (LibraryDirectory(name, rootUnchanged) is not { } listed) continue;
                foreach (var python in Subdirectories(listed.Key, listed.Status))
                {
                    if (name == "Lib" && python == "site-packages") continue;
                    FollowingAdd($"{name}/{python}");
                    if (FollowingAdd($"{name}/{python}/site-packages") is { } site) PthFiles(site.Key, site.Status);
                }
                if (name == "Lib" && FollowingAdd("Lib/site-packages") is { } windowsSite) PthFiles(windowsSite.Key, windowsSite.Status);
            }
            var text = _builder.ToString();
            return _racy ? RacyPrefix + text : text;
        }

        /// <summary>
        /// The directory to look for <c>pythonX.Y</c> in under <paramref name="name"/>, with the segment
        /// key whose stamp is its listing's: null when there is none, or when it is a link to a sibling
        /// such as uv's <c>lib64 -&gt; lib</c> (that sibling is covered itself).
        /// </summary>
        private (string Key, FileStatus Status)? LibraryDirectory(string name, bool rootUnchanged)
        {
            if (name == "lib64" && rootUnchanged)
            {
                // The root is as recorded, so lib64 is too: absent, or the same link to a sibling.
                if (!hint!.Has("lib64")) return null;
                if (hint.SiblingLink("lib64"))
                {
                    _builder.Append(hint.Segment("lib64")).Append(SiblingSegment("lib64"));
                    return null;
                }
            }
            // "Lib" itself is not part of the fingerprint (only what is under it); lstat it so a missing one
            // (every venv made on Linux) costs one failed lstat rather than a failed open, and say that it is
            // missing, so that StillHolds need not look for it while the root is unchanged.
            var status = name == "Lib" ? reader.Stat.TryLStat(Path.Combine(environment.Value, name)) : Add(name);
            if (name == "Lib" && status is null) _builder.Append(NoLibSegment);
            if (status is not { } s) return null;
            if (s.Kind == FileKind.Directory) return (name, s);
            if (s.Kind != FileKind.Symlink) return null;
            var sibling = hint is not null && hint.Matches(name, s) ? hint.SiblingLink(name) : IsSiblingLink(name);
            if (sibling)
            {
                _builder.Append(SiblingSegment(name));
                return null;
            }
            return Add(name + "/") is { Kind: FileKind.Directory } target ? (name + "/", target) : null;
        }

        /// <summary>uv's <c>lib64 -&gt; lib</c>: a link whose text is the name of another library directory of the root.</summary>
        private bool IsSiblingLink(string name)
        {
            var text = reader.TryReadLink(Path.Combine(environment.Value, name));
            return text is not null && text != name && LibraryDirectories.Contains(text, StringComparer.Ordinal);
        }

        /// <summary>Adds <paramref name="relative"/>, and when it is a symlink, the directory it leads to (<c>relative/</c>).</summary>
        private (string Key, FileStatus Status)? FollowingAdd(string relative)
        {
            var status = Add(relative);
            if (status is { Kind: FileKind.Symlink }) return Add(relative + "/") is { Kind: FileKind.Directory } target ? (relative + "/", target) : null;
            return status is { Kind: FileKind.Directory } directory ? (relative, directory) : null;
        }

        /// <summary>The subdirectories of a library directory in ordinal order: from the hint when its stamp is unchanged, else listed.</summary>
        private IEnumerable<string> Subdirectories(string key, FileStatus status)
        {
            var relative = key.TrimEnd('/');
            if (key != "Lib" && hint is not null && hint.Matches(key, status)) return hint.Children(relative, name => !name.EndsWith(".pth", StringComparison.Ordinal));
            return List(relative, c => c.Kind is FileKind.Directory or FileKind.Symlink);
        }

        /// <summary>Adds each regular <c>.pth</c> file of a site-packages directory: the names from the hint when its stamp is unchanged, else listed.</summary>
        private void PthFiles(string key, FileStatus status)
        {
            var relative = key.TrimEnd('/');
            var names = hint is not null && hint.Matches(key, status)
                ? hint.Children(relative, name => name.EndsWith(".pth", StringComparison.Ordinal))
                : List(relative, c => c.Kind == FileKind.File && c.Name.EndsWith(".pth", StringComparison.Ordinal));
            foreach (var name in names) Add($"{relative}/{name}");
        }

        /// <remarks>
        /// Kinds only (d_type, no lstat per child): a site-packages directory holds hundreds of names, and a
        /// first scan lists every one of them here before the environment reader lists them again.
        /// </remarks>
        private IEnumerable<string> List(string relative, Func<DirectoryChild, bool> keep)
        {
            var children = reader.TryList(Path.Combine(environment.Value, relative), ListingDetail.Kind, out _);
            if (children is null) return [];
            return children.Where(keep).Select(c => c.Name).Order(StringComparer.Ordinal);
        }

        private FileStatus? Add(string relative)
        {
            var path = relative.Length == 0 ? environment.Value : environment.Value + "/" + relative;
            var s = reader.Stat.TryLStat(path);
            if (s is null) return null;
            _racy |= nowNs - s.Value.ModifiedNs < RacyWindowNs;
            _builder.Append(Escape(relative)).Append(':').Append(s.Value.Inode).Append(':').Append(s.Value.ModifiedNs).Append(';');
            return s;
        }
    }

    private static string SiblingSegment(string name) => $"@{name}=sibling;";

    /// <summary>Recorded when the root has no <c>Lib</c>; an unchanged root stamp then proves it still has none.</summary>
    private const string NoLibSegment = "@Lib=none;";

    /// <summary>Names come from users: a <c>;</c> or <c>:</c> in one must not split or forge a segment.</summary>
    private static string Escape(string relative) =>
        relative.IndexOfAny(['%', ';', ':']) < 0 ? relative : relative.Replace("%", "%25").Replace(";", "%3B").Replace(":", "%3A");

    private static string Unescape(string escaped) =>
        escaped.Contains('%') ? escaped.Replace("%3A", ":").Replace("%3B", ";").Replace("%25", "%") : escaped;

    /// <summary>A non-racy previous fingerprint, by segment.</summary>
    private sealed class Hint
    {
        private readonly Dictionary<string, string> _stamps = new(StringComparer.Ordinal);
        private readonly HashSet<string> _siblingLinks = new(StringComparer.Ordinal);

        public static Hint? Parse(string? previous)
        {
            if (previous is null || IsRacy(previous) || previous.StartsWith(UnreadPrefix, StringComparison.Ordinal)) return null;
            var hint = new Hint();
            foreach (var segment in previous.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (segment.StartsWith('@'))
                {
                    if (segment.EndsWith("=sibling", StringComparison.Ordinal)) hint._siblingLinks.Add(segment[1..^"=sibling".Length]);
                    continue;
                }
                var colon = segment.IndexOf(':');
                if (colon >= 0) hint._stamps.TryAdd(segment[..colon], segment[(colon + 1)..]);
            }
            return hint;
        }

        public bool Has(string relative) => _stamps.ContainsKey(Escape(relative));

        public bool Matches(string relative, FileStatus status) =>
            _stamps.TryGetValue(Escape(relative), out var stamp) && stamp == $"{status.Inode}:{status.ModifiedNs}";

        public bool SiblingLink(string name) => _siblingLinks.Contains(name);

        public string Segment(string relative) => $"{Escape(relative)}:{_stamps[Escape(relative)]};";

        /// <summary>The recorded names directly below <paramref name="relative"/>, in ordinal order.</summary>
        public IEnumerable<string> Children(string relative, Func<string, bool> keep)
        {
            var prefix = Escape(relative) + "/";
            return _stamps.Keys
                .Where(k => k.Length > prefix.Length && k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0)
                .Select(k => Unescape(k[prefix.Length..]))
                .Where(keep)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }
}
