using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using GcTool.Core.Cache;
using GcTool.Core.Platform;

namespace GcTool.Core.Scanning;

/// <summary>
/// Decides which archive entries a symlink target refers to. Errs towards "referenced": a false
/// reference keeps an entry (costs disk); a missed one breaks a venv.
/// </summary>
/// <remarks>
/// uv writes symlink-mode links as absolute paths through the cache root *as the installing process
/// saw it* — possibly a container mount path or a path through a symlink — so we cannot compare
/// against the canonical root alone:
/// <list type="number">
/// <item>Fast path: a clean absolute target containing <c>/archive-vN/ID</c> where ID is an entry of
/// this cache, or whose prefix is a known spelling of the root, is a reference (no syscall).</item>
/// <item>Otherwise the target is canonicalized (realpath): landing inside <c>&lt;real root&gt;/archive-vN/ID</c>
/// is a reference, which covers links through <c>wheels-v*</c>/<c>sdists-v*</c> pointers and symlinked roots.</item>
/// <item>A target that does not resolve here but goes through a pointer bucket is re-rooted onto this
/// cache and resolved again (a container's path to a pointer).</item>
/// </list>
/// </remarks>
public sealed partial class ReferenceClassifier(UvCache cache, Func<EntryKey, bool> entryExists, IFileStatReader stat)
{
    private readonly string[] _rootSpellings = SpellingsOf(cache).ToArray();

    /// <summary>
    /// What the fast path answered before, by the text after a root spelling (<c>v0/ID</c> of <c>ROOT/archive-v0/ID/…</c>):
    /// a first scan classifies a million links into a few thousand entries, and matching each with the regex
    /// (a match, its groups, two substrings and a list per link) was most of what the scan allocated.
    /// </summary>
    private readonly ConcurrentDictionary<string, EntryKey[]> _answered = new(StringComparer.Ordinal);

    /// <summary>
    /// The root spellings with no <c>/archive-v</c> in them: after one of these, the first place the fast path's
    /// regex can match is right after the spelling, so the text there decides its answer.
    /// </summary>
    private readonly string[] _plainSpellings = SpellingsOf(cache).Where(s => !s.Contains("/archive-v", StringComparison.Ordinal)).ToArray();

    /// <summary>Every spelling of the cache root a link may go through: its real path, the path it was given as, its aliases.</summary>
    private static IEnumerable<string> SpellingsOf(UvCache cache) => new[] { cache.RealRoot, cache.GivenRoot }.Concat(cache.Aliases).Distinct();

    /// <summary>The entries <paramref name="rawTarget"/> (read from the symlink at <paramref name="linkPath"/>) refers to; usually zero or one.</summary>
    public IReadOnlyList<EntryKey> Classify(string linkPath, string rawTarget)
    {
        var isAbsolute = rawTarget.StartsWith('/');
        if (isAbsolute && IsClean(rawTarget))
        {
            var answeredAs = AnsweredAs(rawTarget);
            if (answeredAs.Length > 0 && _answered.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(answeredAs, out var known)) return known;
            if (TryLexical(rawTarget) is { } fast)
            {
                // Kept only when the regex's first match is the one after the spelling and names an entry of this
                // cache: then every target with the same text there gets the same answer from TryLexical.
                if (answeredAs.Length > 0 && IsFirstMatch(answeredAs, fast) && entryExists(fast)) return _answered.GetOrAdd(answeredAs.ToString(), [fast]);
                return [fast];
            }
        }

        var absolute = isAbsolute ? rawTarget : Path.Combine(Path.GetDirectoryName(linkPath) ?? "/", rawTarget);
        var normalized = Paths.Normalize(absolute);
        var found = new List<EntryKey>(1);
        if (TryLexical(normalized) is { } lexical) found.Add(lexical);
        if (InsideArchive(stat.TryRealPath(normalized)) is { } real && !found.Contains(real)) found.Add(real);
        if (found.Count == 0 && Reroot(normalized) is { } rerooted && InsideArchive(stat.TryRealPath(rerooted)) is { } viaPointer)
            found.Add(viaPointer);
        return found;
    }

    /// <summary>The <c>vN/ID</c> after a plain root spelling and <c>/archive-</c> (up to the next <c>/</c>), or empty.</summary>
    private ReadOnlySpan<char> AnsweredAs(string target)
    {
        foreach (var spelling in _plainSpellings)
        {
            if (!target.StartsWith(spelling, StringComparison.Ordinal) || !target.AsSpan(spelling.Length).StartsWith("/archive-v")) continue;
            var rest = target.AsSpan(spelling.Length + "/archive-".Length);
            var versionEnd = rest.IndexOf('/');
            if (versionEnd < 0) return [];
            var idEnd = rest[(versionEnd + 1)..].IndexOf('/');
            return idEnd < 0 ? rest : rest[..(versionEnd + 1 + idEnd)];
        }
        return [];
    }

    /// <summary>Whether <paramref name="answeredAs"/> (<c>vN/ID</c>) is what the regex matches there, as <paramref name="key"/>.</summary>
    private static bool IsFirstMatch(ReadOnlySpan<char> answeredAs, EntryKey key)
    {
        var slash = answeredAs.IndexOf('/');
        var digits = answeredAs[1..slash];
        return digits.Length is >= 1 and <= 4 && !digits.ContainsAnyExceptInRange('0', '9')
            && int.Parse(digits) == key.ArchiveVersion && answeredAs[(slash + 1)..].SequenceEqual(key.Id.Value);
    }

    /// <summary>Whether a canonical path lies inside the cache, under its real root or any spelling of it (an alias mount).</summary>
    public bool InsideCache(string canonicalPath) => _rootSpellings.Any(root => Paths.IsUnder(canonicalPath, root));

    /// <summary>The entry a path lies in, if it lies inside <c>&lt;real root&gt;/archive-vN/ID</c>.</summary>
    public EntryKey? InsideArchive(string? canonicalPath)
    {
        if (canonicalPath is null || !Paths.IsUnder(canonicalPath, cache.RealRoot) || canonicalPath.Length <= cache.RealRoot.Length) return null;
        var relative = canonicalPath[(cache.RealRoot.Length + 1)..];
        var m = RelativeArchivePattern().Match(relative);
        return m.Success ? ToKey(m) : null;
    }

    private EntryKey? TryLexical(string absolutePath)
    {
        // Several matches are possible in odd layouts; prefer one that exists, then one under a known root spelling.
        EntryKey? candidate = null;
        foreach (Match m in ArchiveSegmentPattern().Matches(absolutePath))
        {
            if (ToKey(m) is not { } key) continue;
            if (entryExists(key)) return key;
            var prefix = absolutePath[..m.Index];
            if (candidate is null && _rootSpellings.Any(r => r == prefix)) candidate = key;
        }
        return candidate;
    }

    private string? Reroot(string absolutePath)
    {
        var m = PointerBucketPattern().Match(absolutePath);
        return m.Success ? cache.RealRoot + absolutePath[m.Index..] : null;
    }

    private static EntryKey? ToKey(Match m) =>
        int.TryParse(m.Groups[1].Value, out var version) && EntryId.TryParse(m.Groups[2].Value, out var id)
            ? new EntryKey(version, id.Value)
            : null;

    /// <summary>No "." or ".." segments and no doubled slashes: lexical and kernel resolution agree up to the entry.</summary>
    private static bool IsClean(string path) =>
        !path.Contains("/./", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal)
        && !path.Contains("//", StringComparison.Ordinal) && !path.EndsWith("/..", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal);

    [GeneratedRegex("/archive-v([0-9]{1,4})/([A-Za-z0-9_-]{1,64})(?=/|$)")]
    private static partial Regex ArchiveSegmentPattern();

    [GeneratedRegex("^archive-v([0-9]{1,4})/([A-Za-z0-9_-]{1,64})(?=/|$)")]
    private static partial Regex RelativeArchivePattern();

    [GeneratedRegex("/(?:wheels|sdists|built-wheels|environments)-v[0-9]{1,4}/")]
    private static partial Regex PointerBucketPattern();
}
