using GcTool.Core.Platform;
using GcTool.Core.Scanning;

namespace GcTool.Core.Cache;

/// <summary>An archive entry as listed on disk now: a real directory (by d_type) with an entry id for a name.</summary>
public sealed record ArchiveListing(EntryKey Key, string Path);

/// <summary>
/// Lists every <c>archive-v*/&lt;ID&gt;</c> directory of the cache. Names that are not valid ids,
/// and ids that are symlinks or files rather than directories, are reported and left alone: gctool
/// only ever deletes what looks exactly like an entry uv made.
/// </summary>
public sealed class ArchiveInventory
{
    public IReadOnlyDictionary<EntryKey, ArchiveListing> Entries { get; }
    public IReadOnlyList<SkippedPath> Skipped { get; }

    private ArchiveInventory(Dictionary<EntryKey, ArchiveListing> entries, List<SkippedPath> skipped)
    {
        Entries = entries;
        Skipped = skipped;
    }

    public bool Contains(EntryKey key) => Entries.ContainsKey(key);

    public static ArchiveInventory List(UvCache cache, DirectoryReader reader)
    {
        var entries = new Dictionary<EntryKey, ArchiveListing>();
        var skipped = new List<SkippedPath>();
        var buckets = reader.TryList(cache.RealRoot, out var rootError)
            ?? throw new Errors.GcToolException(Errors.ExitCode.Failure, $"cannot read the uv cache at {cache.RealRoot}: {rootError}; check its permissions");

        foreach (var bucket in buckets)
        {
            if (!Buckets.IsArchive(bucket.Name, out var version) || bucket.Status?.Kind != FileKind.Directory) continue;
            // Names and kinds only: a rescan needs to know which entries exist, and an lstat of each of
            // thousands of entries only for the few new ones (their time is taken when they are read).
            var children = reader.TryList(bucket.Path, ListingDetail.Kind, out var error);
            if (children is null)
            {
                skipped.Add(new SkippedPath(bucket.Path, $"cannot list archive bucket: {error}"));
                continue;
            }
            foreach (var child in children)
            {
                if (!EntryId.TryParse(child.Name, out var id))
                {
                    skipped.Add(new SkippedPath(child.Path, "not an archive entry id; left alone"));
                    continue;
                }
                if (child.Kind != FileKind.Directory)
                {
                    skipped.Add(new SkippedPath(child.Path, "archive entry is not a real directory (symlink or file); left alone"));
                    continue;
                }
                var key = new EntryKey(version, id.Value);
                entries[key] = new ArchiveListing(key, child.Path);
            }
        }
        return new ArchiveInventory(entries, skipped);
    }
}
