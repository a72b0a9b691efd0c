using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Locking;
using GcTool.Core.Platform;

namespace GcTool.Core.Collection;

/// <summary>What removing unlinked <c>files-v0</c> objects did.</summary>
/// <param name="Removed">Objects unlinked: nothing but their <c>files-v0</c> name linked them.</param>
/// <param name="BytesFreed">Their sizes: each object's bytes once, the bytes the file system got back.</param>
/// <param name="Kept">Candidates left because they changed since listed (linked again, replaced, gone).</param>
/// <param name="Failures">Objects or shards that could not be checked or unlinked, with why; the next gc tries again.</param>
/// <param name="LockHeld">How long uv's lock was held for it.</param>
/// <param name="RemovedObjects">The objects unlinked (a dry run: those that would be), to attribute their bytes to entries.</param>
public sealed record ObjectSweep(long Removed, long BytesFreed, long Kept, IReadOnlyList<string> Failures, TimeSpan LockWaited, TimeSpan LockHeld,
    IReadOnlyList<StoredObject>? RemovedObjects = null)
{
    public static readonly ObjectSweep None = new(0, 0, 0, [], TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>
/// Frees what collecting archives gives back in the content-addressed layout (spec §9): there every
/// archive file is a hardlink to a <c>files-v0</c> object, so deleting an archive frees nothing until
/// the objects nothing else links any more (link count 1: only the <c>files-v0</c> name is left) are
/// removed too, as uv's own cleanup does. Only those are removed, and only under uv's lock.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Without the lock: list <c>files-v0</c> and keep the objects with one link (<see cref="FindUnlinked"/>).
/// This is the walk over every object, so it does not hold up uv.</item>
/// <item>Under uv's exclusive lock (no uv can link an object meanwhile): for each candidate, open its shard
/// beneath the cache root handle gc opened once (<see cref="CacheRootHandle.OpenDirectory"/>: never through a
/// symlink, never across a mount, never by path), <c>statx</c> the name in it, and unlink it only if it is still the same regular file (device, inode) with a link count
/// of 1 (<see cref="Remove"/>).</item>
/// </list>
/// Crash safety without a journal: every unlink is preceded by its own check, so a kill at any point
/// leaves some unlinked objects behind, never an unlinked name of a linked one; the next gc lists them
/// again. Unlinking a name also never destroys bytes another link still holds: the worst a racing
/// hostile user can do (linking an object from outside between the check and the unlink, which only a
/// process ignoring uv's lock could) is cost uv the deduplication of that one file.
/// </remarks>
public sealed class UnlinkedObjectCollector(GcToolContext context)
{
    private readonly DirectoryReader _reader = new(context.FileSystem, context.Stat);

    /// <summary>The objects nothing but <c>files-v0</c> links now.</summary>
    public IReadOnlyList<StoredObject> FindUnlinked() =>
        ContentStore.List(context.Cache, _reader).Where(o => o.Status.LinkCount == 1).ToList();

    /// <summary>Unlinks each candidate that is, when checked by handle under <paramref name="held"/>, still unlinked.</summary>
    /// <param name="root">The cache root gc opened once: every shard is opened beneath it, never through a symlink or across a mount.</param>
    internal ObjectSweep Remove(ICacheLock held, CacheRootHandle root, IReadOnlyList<StoredObject> candidates, CancellationToken cancellation)
    {
        held.AssertHeld();
        var clock = Stopwatch.StartNew();
        long bytes = 0, kept = 0;
        var removed = new List<StoredObject>();
        var failures = new List<string>();
        foreach (var shard in candidates.GroupBy(c => c.Shard, StringComparer.Ordinal))
        {
            if (cancellation.IsCancellationRequested) break;
            using var shardHandle = root.OpenDirectory($"{ContentStore.BucketName}/{shard.Key}", out var errno);
            if (shardHandle is null)
            {
                failures.Add($"{ContentStore.BucketName}/{shard.Key}: cannot open it as a real directory on the cache's mount: {Libc.Describe(errno)}; left alone");
                continue;
            }
            foreach (var candidate in shard)
            {
                if (cancellation.IsCancellationRequested) break;
                var name = DirectoryHandles.Name(candidate.Name);
                if (DirectoryHandles.StatChild(shardHandle, name) is not { } now || !StillUnlinked(candidate, now.Status))
                {
                    kept++;
                    continue;
                }
                FaultInjection.Reached("mid-object-sweep");
                var unlinkErrno = DirectoryHandles.Unlink(shardHandle, name, directory: false);
                if (unlinkErrno != 0)
                {
                    failures.Add($"{candidate.RelativePath}: cannot unlink it: {Libc.Describe(unlinkErrno)}");
                    continue;
                }
                removed.Add(candidate with { Status = now.Status });
                bytes += now.Status.Size;
            }
        }
        return new ObjectSweep(removed.Count, bytes, kept, failures, held.Waited, clock.Elapsed, removed);
    }

    /// <summary>The same regular file as listed, and still linked from nowhere but <c>files-v0</c>.</summary>
    private static bool StillUnlinked(StoredObject listed, FileStatus now) =>
        now.Kind == FileKind.File && now.LinkCount == 1 && now.Device == listed.Status.Device && now.Inode == listed.Status.Inode;
}
