using System.Text.RegularExpressions;
using GcTool.Core.Cache;

namespace GcTool.Core.Pins;

/// <summary>
/// Where gctool publishes its gc roots for uv's own prune: <c>&lt;cache&gt;/sdists-vN/gctool-pins/&lt;ID&gt;</c>,
/// a relative symlink to <c>../../archive-v0/&lt;ID&gt;</c> for every entry a known environment references.
/// </summary>
/// <remarks>
/// uv's <c>Cache::prune</c> keeps an archive exactly when a symlink at any depth under the current
/// <c>wheels-v*</c> or <c>sdists-v*</c> canonicalizes to it, skipping <c>src</c>, <c>.lock</c>,
/// <c>.gitignore</c> and names with the extensions lock, whl, http, rev, msgpack (uv-cache-spec §9).
/// <c>gctool-pins</c> has no extension and is not a shard name uv uses; in <c>sdists-v*</c> (not
/// <c>wheels-v*</c>) it also survives <c>prune --ci</c>, which only empties directories holding
/// <c>metadata.msgpack</c>. The bucket is the highest-numbered <c>sdists-v*</c> present: uv's
/// <c>Cache::init</c> creates its current one on every command, so after an upgrade that bumps it the
/// pins follow. Only <c>archive-v0</c> entries are pinned: it is the archive bucket uv's prune examines.
/// </remarks>
public static partial class PinDirectory
{
    public const string Name = "gctool-pins";

    /// <summary>The archive bucket whose entries are pinned.</summary>
    public const int ArchiveVersion = 0;

    /// <summary>Mode of the pins directory: readable by everyone, because an unreadable directory aborts uv's prune walk.</summary>
    public const uint Mode = 0x1ED; // 0755

    /// <summary>Names gctool gives a pin while it is being written; never an entry id (ids never start with '.').</summary>
    public const string TempPrefix = ".tmp-";

    /// <summary>The link text: relative, so it resolves through any spelling or mount of the cache.</summary>
    public static string Target(EntryId id) => $"../../archive-v{ArchiveVersion}/{id.Value}";

    /// <summary>The version of an <c>sdists-vN</c> bucket name, or -1.</summary>
    public static int SdistsVersion(string name)
    {
        var m = SdistsPattern().Match(name);
        return m.Success && int.TryParse(m.Groups[1].Value, out var v) ? v : -1;
    }

    /// <summary>The bucket pins live in: the highest-numbered <c>sdists-vN</c> among <paramref name="rootNames"/>, or null.</summary>
    public static string? CurrentBucket(IEnumerable<string> rootNames) =>
        rootNames.Where(n => SdistsVersion(n) >= 0).OrderByDescending(SdistsVersion).FirstOrDefault();

    [GeneratedRegex("^sdists-v([0-9]{1,4})$")]
    private static partial Regex SdistsPattern();
}
