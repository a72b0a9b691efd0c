using System.Text.RegularExpressions;

namespace GcTool.Core.Reclaim;

/// <summary>What uv's history says of one top-level <c>&lt;bucket&gt;-v&lt;N&gt;</c> directory.</summary>
public enum BucketStanding
{
    /// <summary>Not a bucket name, or a bucket gctool has no history for: never reclaimed.</summary>
    Unknown,
    /// <summary>The version the newest uv gctool knows writes.</summary>
    Current,
    /// <summary>A version an older uv wrote (uv's own prune deletes it).</summary>
    Stale,
    /// <summary>Newer than any version gctool knows: a newer uv's, never touched.</summary>
    Future,
}

/// <summary>A parsed top-level bucket name and what uv's history says of it.</summary>
/// <param name="Family">The name without its version, e.g. <c>wheels</c> or <c>built-wheels</c>.</param>
/// <param name="CurrentVersion">The version the newest uv gctool knows writes for this family; -1 when unknown.</param>
public sealed record BucketName(string Name, string Family, int Version, int CurrentVersion, BucketStanding Standing)
{
    /// <summary>A bucket whose links and pointer files lead to archive entries (uv's own references).</summary>
    public bool HoldsPointers => BucketHistory.PointerFamilies.Contains(Family);
}

/// <summary>
/// uv's bucket history in one table (uv-cache-spec.md §2, §9; <c>CacheBucket::to_str</c>): for each bucket
/// family, the version current uv writes. Every lower version is one an older uv wrote; any higher one is a
/// newer uv's. <c>archive</c> is in the table only to be recognised: it is never reclaimed as a whole
/// (its entries go by the reference rules). Families uv renamed (<c>built-wheels</c> became <c>sdists</c>)
/// have no current version of their own: every version is stale.
/// </summary>
/// <remarks>
/// When uv bumps a bucket, add its new current version here (and to the spec): until then, the new
/// version counts as <see cref="BucketStanding.Future"/> and is left alone, which is the safe side.
/// </remarks>
public static partial class BucketHistory
{
    /// <summary>Family → current version (uv 0.12.5, plus <c>files-v0</c> of the content-addressed preview).</summary>
    public static readonly IReadOnlyDictionary<string, int> Current = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["wheels"] = 6,
        ["sdists"] = 9,
        ["archive"] = 0,
        ["environments"] = 2,
        ["builds"] = 0,
        ["simple"] = 24,
        ["flat-index"] = 4,
        ["interpreter"] = 4,
        ["git"] = 0,
        ["python"] = 0,
        ["binaries"] = 0,
        ["osv"] = 0,
        ["files"] = 0,
    };

    /// <summary>Families uv renamed: every version an older uv wrote (<c>built-wheels-v0</c>…<c>v3</c>, before <c>sdists-v4</c>).</summary>
    public static readonly IReadOnlyDictionary<string, int> Retired = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["built-wheels"] = 3,
    };

    /// <summary>Families whose links and pointer files lead to archive entries.</summary>
    public static readonly IReadOnlySet<string> PointerFamilies = new HashSet<string>(StringComparer.Ordinal) { "wheels", "sdists", "built-wheels", "environments" };

    /// <summary>The family whose buckets are never reclaimed as a whole.</summary>
    public const string ArchiveFamily = "archive";

    /// <summary>Parses a top-level directory name; null when it is not <c>^[a-z-]+-v\d+$</c>.</summary>
    public static BucketName? Parse(string name)
    {
        var m = BucketPattern().Match(name);
        if (!m.Success || !int.TryParse(m.Groups[2].Value, out var version)) return null;
        var family = m.Groups[1].Value;
        if (Current.TryGetValue(family, out var current))
            return new BucketName(name, family, version, current,
                version < current ? BucketStanding.Stale : version == current ? BucketStanding.Current : BucketStanding.Future);
        if (Retired.TryGetValue(family, out var last))
            return new BucketName(name, family, version, -1, version <= last ? BucketStanding.Stale : BucketStanding.Unknown);
        return new BucketName(name, family, version, -1, BucketStanding.Unknown);
    }

    [GeneratedRegex("^([a-z-]+)-v([0-9]{1,4})$")]
    private static partial Regex BucketPattern();
}
