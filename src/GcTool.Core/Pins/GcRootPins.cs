using GcTool.Core.Store;
using GcTool.Core.Cache;
using GcTool.Core.Locking;
using GcTool.Core.Platform;

namespace GcTool.Core.Pins;

/// <summary>
/// Keeps <see cref="PinDirectory"/> equal to the set of entries known environments reference, so a plain
/// <c>uv cache prune</c> (an old cron line, a neighbour, uv's coming autoprune) keeps them too.
/// </summary>
/// <remarks>
/// <para>
/// <b>Lock.</b> Every write happens under uv's lock, which the caller holds and passes in: shared after a
/// scan (as every uv command holds it; it keeps out <c>uv cache prune</c>/<c>clean</c> and gc), exclusive
/// in gc. So a prune never sees the directory half-written, and an entry found present stays present
/// until the lock is released: a pin is written only after its entry was found a directory under the lock,
/// and gc removes the pins of what it plans to delete before deleting it — a pin never dangles.
/// </para>
/// <para>
/// <b>Handles.</b> The cache is writable by every user, so nothing is resolved by path after the cache
/// root: the bucket and the pins directory are opened with O_NOFOLLOW from the root's descriptor, and a
/// pins directory that is a symlink, not a directory, or not owned by gctool's euid is refused (nothing
/// written, a warning). Only its owner can write in it (mode 0755, enforced), so a name found there was
/// put there by gctool: an equal listing needs no per-pin system call. Each pin is written to a temp
/// name and renamed into place (renameat is atomic), so a prune never sees a partial link.
/// </para>
/// <para>
/// <b>Cost.</b> With nothing changed: three opens, one statx and one directory listing, whatever the number of pins.
/// </para>
/// </remarks>
public sealed class GcRootPins(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IScanWriter Store => context.Store;

    /// <summary>
    /// After a scan: takes uv's lock shared, without waiting, and makes the pins the entries referenced
    /// now (or none, for <see cref="PinMode.Remove"/>). When the lock is held exclusively — by
    /// <c>uv cache prune</c>/<c>clean</c> or a gc, which maintains the pins itself — nothing changes and
    /// the next scan or gc catches up: waiting would make a scan hang behind every uv cache clean.
    /// </summary>
    public PinSync AfterScan(PinMode mode, Func<EntryKey, bool> entryExists, CancellationToken cancellation)
    {
        ICacheLock held;
        try
        {
            held = context.Locker.AcquireShared(context.Cache.RealRoot, TimeSpan.Zero, null, cancellation);
        }
        catch (Errors.LockTimeoutException)
        {
            return NotRun("uv's cache lock is held exclusively (uv cache prune/clean or a gctool gc); the next scan or gc updates them");
        }
        using (held) return Sync(held, mode == PinMode.Maintain ? Referenced(entryExists) : []);
    }

    /// <summary>Every entry some recorded environment references and that is in the cache now.</summary>
    /// <remarks>Deferred: the store is read when the pins are compared, not before.</remarks>
    public IEnumerable<EntryKey> Referenced(Func<EntryKey, bool> entryExists)
    {
        foreach (var key in Store.LoadReferencedEntries())
            if (entryExists(key)) yield return key;
    }

    /// <summary>Makes the pins exactly <paramref name="wanted"/> (entries of other archive buckets are ignored).</summary>
    public PinSync Sync(ICacheLock held, IEnumerable<EntryKey> wanted)
    {
        held.AssertHeld();
        using var root = DirectoryHandles.OpenTrustedDirectory(context.Cache.RealRoot, out var rootErrno);
        if (root is null) return NotRun($"cannot open the cache ({Libc.Describe(rootErrno)})");
        var bucket = CurrentBucket(root);
        if (bucket is null) return NotRun("no sdists-v* bucket in the cache yet (uv creates one on its first command)");
        // Only now: with nowhere to pin, what is wanted is not read from the store at all.
        var wantedIds = wanted.Where(k => k.ArchiveVersion == PinDirectory.ArchiveVersion).Select(k => k.Id.Value).ToHashSet(StringComparer.Ordinal);
        var (pins, problem) = OpenPins(root, bucket, create: wantedIds.Count > 0);
        if (pins is null) return problem is null ? new PinSync(0, 0, 0, 0, null) : NotRun(problem);
        using (pins)
        {
            var names = DirectoryHandles.List(pins, out var listErrno);
            if (names is null) return NotRun($"cannot list {PinsPath(bucket)} ({Libc.Describe(listErrno)})");
            var present = new HashSet<string>(StringComparer.Ordinal);
            var stale = new List<byte[]>();
            foreach (var raw in names)
            {
                var name = DirectoryHandles.IsValidUtf8(raw) ? DirectoryHandles.Display(raw) : null;
                if (name is not null && EntryId.TryParse(name, out _) && wantedIds.Contains(name)) present.Add(name);
                else stale.Add(raw);
            }
            var toAdd = wantedIds.Where(id => !present.Contains(id)).Order(StringComparer.Ordinal).ToList();
            if (toAdd.Count == 0 && stale.Count == 0) return new PinSync(present.Count, 0, 0, 0, null);

            long added = 0, removed = 0, failed = 0;
            foreach (var raw in stale)
            {
                var errno = DirectoryHandles.Unlink(pins, raw, directory: false);
                if (errno is 0 or Libc.ENoEnt) removed++;
                else failed++;
            }
            if (toAdd.Count > 0)
            {
                using var archive = DirectoryHandles.OpenChildDirectory(root, DirectoryHandles.Name($"archive-v{PinDirectory.ArchiveVersion}"), out _);
                foreach (var id in toAdd)
                {
                    // Never dangling: only an entry that is a real directory now, under the lock, gets a pin.
                    if (archive is null || DirectoryHandles.StatChild(archive, DirectoryHandles.Name(id)) is not { Status.Kind: FileKind.Directory }) continue;
                    if (Write(pins, EntryId.Parse(id))) added++;
                    else failed++;
                }
            }
            return new PinSync(present.Count + added, added, removed, failed, null);
        }
    }

    /// <summary>
    /// <c>gctool pins remove</c>: removes every pin and the pins directory itself, in every <c>sdists-v*</c>
    /// bucket (pins left behind by a bucket gctool no longer writes to included).
    /// </summary>
    public PinSync RemoveAll(ICacheLock held)
    {
        held.AssertHeld();
        using var root = DirectoryHandles.OpenTrustedDirectory(context.Cache.RealRoot, out var rootErrno);
        if (root is null) return NotRun($"cannot open the cache ({Libc.Describe(rootErrno)})");
        long removed = 0, failed = 0;
        var problems = new List<string>();
        foreach (var bucket in SdistsBuckets(root))
        {
            var (pins, problem) = OpenPins(root, bucket, create: false);
            if (problem is not null) problems.Add(problem);
            if (pins is null) continue;
            using (pins)
            {
                foreach (var raw in DirectoryHandles.List(pins, out _) ?? [])
                {
                    if (DirectoryHandles.Unlink(pins, raw, directory: false) is 0 or Libc.ENoEnt) removed++;
                    else failed++;
                }
            }
            using var bucketHandle = DirectoryHandles.OpenChildDirectory(root, DirectoryHandles.Name(bucket), out _);
            if (bucketHandle is not null) _ = DirectoryHandles.Unlink(bucketHandle, DirectoryHandles.Name(PinDirectory.Name), directory: true);
        }
        return new PinSync(0, 0, removed, failed, problems.Count > 0 ? string.Join("; ", problems) : null);
    }

    /// <summary>How many pins there are now (status, report); no lock needed to count. Zero when there is no pins directory.</summary>
    public long Count()
    {
        using var root = DirectoryHandles.OpenTrustedDirectory(context.Cache.RealRoot, out _);
        if (root is null || CurrentBucket(root) is not { } bucket) return 0;
        using var bucketHandle = DirectoryHandles.OpenChildDirectory(root, DirectoryHandles.Name(bucket), out _);
        if (bucketHandle is null) return 0;
        using var pins = DirectoryHandles.OpenChildDirectory(bucketHandle, DirectoryHandles.Name(PinDirectory.Name), out _);
        if (pins is null) return 0;
        return (DirectoryHandles.List(pins, out _) ?? [])
            .Count(raw => DirectoryHandles.IsValidUtf8(raw) && EntryId.TryParse(DirectoryHandles.Display(raw), out _));
    }

    /// <summary>symlinkat to a temp name, then renameat over the pin's name: uv's walk sees the old state or the new one.</summary>
    private static bool Write(FileDescriptorHandle pins, EntryId id)
    {
        var temp = DirectoryHandles.Name($"{PinDirectory.TempPrefix}{id.Value}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}");
        if (DirectoryHandles.Symlink(DirectoryHandles.Name(PinDirectory.Target(id)), pins, temp) != 0) return false;
        if (DirectoryHandles.Rename(pins, temp, pins, DirectoryHandles.Name(id.Value)) == 0) return true;
        _ = DirectoryHandles.Unlink(pins, temp, directory: false);
        return false;
    }

    /// <summary>
    /// Opens (and with <paramref name="create"/>, makes) the pins directory in <paramref name="bucket"/>.
    /// Null with a null problem: it does not exist and was not to be made.
    /// </summary>
    private static (FileDescriptorHandle? Pins, string? Problem) OpenPins(FileDescriptorHandle root, string bucket, bool create)
    {
        using var bucketHandle = DirectoryHandles.OpenChildDirectory(root, DirectoryHandles.Name(bucket), out var bucketErrno);
        if (bucketHandle is null) return (null, $"{bucket} is not a directory gctool can open ({Libc.Describe(bucketErrno)}); no pins written");
        var name = DirectoryHandles.Name(PinDirectory.Name);
        if (DirectoryHandles.StatChild(bucketHandle, name) is null)
        {
            if (!create) return (null, null);
            var made = DirectoryHandles.MakeDirectory(bucketHandle, name, PinDirectory.Mode);
            if (made is not 0 and not Libc.EExist) return (null, $"cannot create {PinsPath(bucket)} ({Libc.Describe(made)})");
        }
        var pins = DirectoryHandles.OpenChildDirectory(bucketHandle, name, out var errno);
        if (pins is null)
            return (null, errno is DirectoryHandles.ELoop or DirectoryHandles.ENotDir
                ? $"{PinsPath(bucket)} is a symlink or not a directory; refusing to write pins there (remove it)"
                : $"cannot open {PinsPath(bucket)} ({Libc.Describe(errno)})");
        var status = DirectoryHandles.StatSelf(pins);
        var euid = ProcessIdentity.EffectiveUid;
        if (status is not { Status.Kind: FileKind.Directory } self || self.Uid != euid)
        {
            pins.Dispose();
            return (null, $"{PinsPath(bucket)} is owned by uid {status?.Uid}, not by gctool's user (uid {euid}); refusing to write pins there (remove it)");
        }
        // Always readable by every user: an unreadable directory aborts uv's prune walk (umask may have narrowed mkdir's mode).
        if ((self.Mode & 0xfff) != PinDirectory.Mode && !DirectoryHandles.ChangeMode(pins, PinDirectory.Mode, pathOnly: false))
        {
            pins.Dispose();
            return (null, $"cannot make {PinsPath(bucket)} readable by everyone (mode 0755)");
        }
        return (pins, null);
    }

    private static string? CurrentBucket(FileDescriptorHandle root) => PinDirectory.CurrentBucket(SdistsBuckets(root));

    private static IEnumerable<string> SdistsBuckets(FileDescriptorHandle root) =>
        (DirectoryHandles.List(root, out _) ?? [])
            .Where(DirectoryHandles.IsValidUtf8)
            .Select(DirectoryHandles.Display)
            .Where(n => PinDirectory.SdistsVersion(n) >= 0)
            .ToList();

    private static string PinsPath(string bucket) => $"{bucket}/{PinDirectory.Name}";

    private static PinSync NotRun(string why) => PinSync.NotRun(why);
}
