using GcTool.Core.Cache;
using GcTool.Core.Pins;
using GcTool.Core.Platform;

namespace GcTool.Core.Reclaim;

/// <summary>
/// Takes a <see cref="CacheSurvey"/>: lists the cache root, measures each stale bucket, each <c>.tmp*</c>
/// staging directory at the root and in <c>builds-v*</c>, and each revision of an sdist shard in the current
/// <c>sdists-v*</c> other than the one its <c>revision.http</c>/<c>revision.rev</c> names. Read-only and
/// lock-free; links are never followed. Current and future buckets and <c>archive-v*</c> are never walked.
/// </summary>
public sealed class CacheSurveyor(UvCache cache, DirectoryReader reader)
{
    /// <summary>uv's staging directory names (<c>tempfile::tempdir_in</c>).</summary>
    public const string StagingPrefix = ".tmp";

    /// <summary>A revision pointer is a small msgpack document; anything larger is not uv's.</summary>
    private const int RevisionPointerMaxBytes = 64 * 1024;

    private static readonly string[] RevisionPointers = ["revision.http", "revision.rev"];

    public CacheSurvey Take(CancellationToken cancellation)
    {
        var top = reader.TryList(cache.RealRoot, out _);
        if (top is null) return CacheSurvey.Empty(cache.RealRoot);
        var found = new List<SurveyedDirectory>();
        foreach (var child in top.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            cancellation.ThrowIfCancellationRequested();
            if (child.Status is not { Kind: FileKind.Directory } status) continue;
            if (child.Name.StartsWith(StagingPrefix, StringComparison.Ordinal))
            {
                found.Add(new SurveyedDirectory(child.Name, SurveyedKind.Staging, null, null, null, Measure(child.Name, status, cancellation)));
                continue;
            }
            if (BucketHistory.Parse(child.Name) is not { } bucket) continue;
            if (bucket.Standing == BucketStanding.Stale && bucket.Family != BucketHistory.ArchiveFamily)
                found.Add(new SurveyedDirectory(child.Name, SurveyedKind.Bucket, bucket, null, null, Measure(child.Name, status, cancellation)));
            else if (bucket.Family == "builds" && bucket.Standing == BucketStanding.Current)
                found.AddRange(BuildStaging(bucket, child, cancellation));
            else if (bucket.Family == "sdists" && bucket.Standing == BucketStanding.Current)
                found.AddRange(StaleRevisions(bucket, child, cancellation));
        }
        return new CacheSurvey(cache.RealRoot, top.Select(c => c.Name).Order(StringComparer.Ordinal).ToList(), found);
    }

    private IEnumerable<SurveyedDirectory> BuildStaging(BucketName bucket, DirectoryChild builds, CancellationToken cancellation)
    {
        foreach (var child in reader.TryList(builds.Path, out _) ?? [])
            if (child.Status is { Kind: FileKind.Directory } status && child.Name.StartsWith(StagingPrefix, StringComparison.Ordinal))
                yield return new SurveyedDirectory($"{builds.Name}/{child.Name}", SurveyedKind.Staging, bucket, null, null,
                    Measure($"{builds.Name}/{child.Name}", status, cancellation));
    }

    /// <summary>
    /// uv's <c>uv_distribution::prune</c>: in every directory holding a readable revision pointer, each sibling
    /// directory not named after the pointer's revision. Not entered: an sdist's unpacked <c>src/</c>, gctool's
    /// pins directory (never a shard: it has no revision pointer, and its name is gctool's).
    /// </summary>
    private IEnumerable<SurveyedDirectory> StaleRevisions(BucketName bucket, DirectoryChild sdists, CancellationToken cancellation)
    {
        var pending = new Stack<string>();
        pending.Push(sdists.Name);
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var relative = pending.Pop();
            var directory = Path.Combine(cache.RealRoot, relative);
            var children = reader.TryList(directory, out _);
            if (children is null) continue;
            var subdirectories = children.Where(c => c.Status?.Kind == FileKind.Directory).ToList();
            var pointer = children.FirstOrDefault(c => RevisionPointers.Contains(c.Name) && c.Status?.Kind == FileKind.File);
            if (pointer.Name is null)
            {
                foreach (var sub in subdirectories)
                    if (sub.Name != "src" && !(relative == sdists.Name && sub.Name == PinDirectory.Name)) pending.Push($"{relative}/{sub.Name}");
                continue;
            }
            // A shard: its revisions are the subdirectories. When the pointer cannot be read, or does not name
            // exactly one of them, nothing here is stale (uv's prune skips an unreadable pointer too).
            var read = BoundedFileReader.For(reader.FileSystem, reader.Stat).Read(pointer.Path, RevisionPointerMaxBytes);
            if (!read.HasContent) continue;
            var named = subdirectories.Where(s => RevisionPointer.Names(read.Content!, s.Name)).Select(s => s.Name).ToList();
            if (named.Count != 1) continue;
            var shardTime = reader.Stat.TryLStat(directory)?.ModifiedNs;
            foreach (var sub in subdirectories)
                if (sub.Name != named[0] && sub.Name != PinDirectory.Name)
                    yield return new SurveyedDirectory($"{relative}/{sub.Name}", SurveyedKind.Revision, bucket, named[0], shardTime,
                        Measure($"{relative}/{sub.Name}", sub.Status!.Value, cancellation));
        }
    }

    /// <summary>Walks a tree without following links: bytes, files, newest change, and each directory's mtime.</summary>
    private TreeFacts Measure(string relative, FileStatus top, CancellationToken cancellation)
    {
        // The newer of mtime and ctime, as entries are aged (ArchiveListing.DirTime): a rename into place, or a
        // tree unpacked with its archive's old mtimes, still shows when it arrived.
        long bytes = 0, files = 0, newest = Math.Max(top.ModifiedNs, top.ChangedNs);
        var complete = true;
        var marks = new List<DirectoryMark> { new(relative, top.ModifiedNs) };
        var pending = new Stack<string>();
        pending.Push(relative);
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            var children = reader.TryList(Path.Combine(cache.RealRoot, directory), out _);
            if (children is null)
            {
                complete = false;
                continue;
            }
            foreach (var child in children)
            {
                if (child.Status is not { } status)
                {
                    complete = false;
                    continue;
                }
                newest = Math.Max(newest, Math.Max(status.ModifiedNs, status.ChangedNs));
                if (status.Kind == FileKind.Directory)
                {
                    var path = $"{directory}/{child.Name}";
                    marks.Add(new DirectoryMark(path, status.ModifiedNs));
                    pending.Push(path);
                    continue;
                }
                files++;
                if (status.Kind == FileKind.File) bytes += status.Size;
            }
        }
        return new TreeFacts(new FileId(top.Device, top.Inode), bytes, files, newest / 1_000_000_000, marks, complete);
    }
}
