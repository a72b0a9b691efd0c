using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Platform;
using GcTool.Core.Progress;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>
/// Finds the environments under the registered roots and in the cache, and records which archive
/// entries each references. Incremental: entries are immutable once uv renames them into place, so
/// only new ones are read; an environment whose fingerprint is unchanged is not re-read.
/// </summary>
/// <remarks>
/// The same scan runs twice in a gc: before the lock (the slow part) and again under it, where
/// it only re-stats what the first run recorded and re-reads what changed in between.
/// </remarks>
public sealed class Scanner(GcToolContext context)
{
    private readonly DirectoryReader _reader = new(context.FileSystem, context.Stat);

    public ScanReport Scan(ScanRequest request, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        if (context.Store.IsNewerSchema)
            throw new SafetyRefusalException("the database was written by a newer gctool; upgrade gctool before scanning");
        var registry = new RootRegistry(context);
        foreach (var root in request.AddRoots) registry.Add(root.Value);

        var now = context.NowUnix;
        var nowNs = context.Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L;
        var skipped = new List<SkippedPath>();

        // 1. Entries: list the archive buckets, read only entries not seen before.
        var inventory = ArchiveInventory.List(context.Cache, _reader);
        skipped.AddRange(inventory.Skipped);
        var entries = new EntryCatalog(context.Store.LoadEntries(withInodes: request.Full), inventory);
        var entryReader = new EntryReader(_reader);
        var upserted = new List<EntryRecord>();
        var toRead = inventory.Entries.Values.Where(l => request.Full || entries.Known(l.Key) is null).ToList();
        context.Progress.Report(new WorkProgress(WorkStage.ReadingEntries, 0, toRead.Count));
        foreach (var listing in toRead)
        {
            cancellation.ThrowIfCancellationRequested();
            var known = entries.Known(listing.Key);
            var record = entryReader.Read(listing, now, known, known?.Inodes);
            upserted.Add(record);
            entries.Replace(record);
            context.Progress.Report(new WorkProgress(WorkStage.ReadingEntries, upserted.Count, toRead.Count));
        }

        // 2. Environments: registered roots, the cache's environments-v*, and cached venv archives.
        var roots = context.Store.ListRoots();
        var discovery = new EnvironmentDiscovery(_reader, CacheSpellings());
        var found = new Dictionary<EnvPath, (EnvironmentKind Kind, RootPath? Root, EntryKey? AsEntry)>();
        var discoveries = new List<DiscoverySnapshot>();
        var unwalkedRoots = new HashSet<RootPath>();
        var unreadable = new List<string>();
        foreach (var root in roots)
        {
            var result = discovery.Walk(root.Path, context.Store.LoadDiscovery(root.Path), nowNs, request.Full, cancellation);
            skipped.AddRange(result.Skipped);
            if (result.RootError is not null)
            {
                unwalkedRoots.Add(root.Path);
                continue;
            }
            unreadable.AddRange(result.Unreadable);
            discoveries.Add(result.Snapshot);
            foreach (var env in result.Environments) found.TryAdd(env, (EnvironmentKind.Venv, root.Path, null));
        }
        foreach (var env in CacheEnvironmentFinder.Find(context.Cache, _reader))
            found.TryAdd(env, (EnvironmentKind.CacheEnvironment, null, null));
        foreach (var venv in entries.CachedVenvs())
            found.TryAdd(new EnvPath(context.Cache.EntryPath(venv)), (EnvironmentKind.CachedVenvArchive, null, venv));

        // 3. Re-read environments whose fingerprint changed.
        var classifier = new ReferenceClassifier(context.Cache, inventory.Contains, context.Stat);
        InodeIndex? index = null;
        var envReader = new EnvironmentReader(_reader, classifier, () => index ??= InodeIndex.Build(entries.WithInodes(context.Store)));
        var previous = context.Store.LoadEnvironments().ToDictionary(e => e.Path);
        var rescanned = new List<ScannedEnvironment>();
        var unchanged = new List<EnvPath>();
        long filesRead = 0;
        long envsDone = 0;
        context.Progress.Report(new WorkProgress(WorkStage.ReadingEnvironments, 0, found.Count));
        foreach (var (path, (kind, root, asEntry)) in found)
        {
            cancellation.ThrowIfCancellationRequested();
            context.Progress.Report(new WorkProgress(WorkStage.ReadingEnvironments, envsDone++, found.Count));
            var fingerprint = EnvironmentFingerprint.Compute(_reader, path, nowNs);
            previous.TryGetValue(path, out var before);
            // Another host's record of the same path describes its directory, not ours: re-read it.
            var seenHere = before is not null && (before.Host is null || before.Host == context.Store.HostId);
            if (!request.Full && seenHere && before!.Fingerprint == fingerprint && !EnvironmentFingerprint.IsRacy(fingerprint))
            {
                unchanged.Add(path);
                continue;
            }
            var contents = envReader.Read(path, asEntry, cancellation);
            filesRead += contents.FileCount;
            skipped.AddRange(contents.Skipped);
            if (contents.Incomplete && before is not null)
            {
                // Part of it could not be read: what we did read may lack references that are still
                // there, so keep the recorded ones (and the old fingerprint) rather than lose them.
                unchanged.Add(path);
                continue;
            }
            var record = new EnvironmentRecord(path, kind, root, asEntry, fingerprint, PythonVersion(path),
                before?.FirstSeenAt ?? now, now, contents.FileCount, contents.Skipped.Count, context.Store.HostId);
            rescanned.Add(new ScannedEnvironment(record, contents.References, contents.UnmatchedHardlinks));
        }

        context.Progress.Report(new WorkProgress(WorkStage.ReadingEnvironments, found.Count, found.Count));

        // 4. Forget environments that are gone — but not those under a root or a directory we could not
        //    read (not seeing an environment is not proof that it is gone, and forgetting it would let gc
        //    delete what it links to), nor another host's: its roots are not ours to walk (the cache's
        //    own environments are everyone's).
        var ownRoots = roots.Select(r => r.Path).ToHashSet();
        var removed = previous.Values
            .Where(e => !found.ContainsKey(e.Path) && !(e.Root is { } r && unwalkedRoots.Contains(r))
                && !unreadable.Any(d => Paths.IsUnder(e.Path.Value, d)))
            .Where(e => e.Root is null || (ownRoots.Contains(e.Root.Value) && (e.Host is null || e.Host == context.Store.HostId)))
            .Select(e => e.Path).ToList();
        var entriesRemoved = entries.Vanished().ToList();

        context.Store.CommitScan(new ScanCommit(now, upserted, entriesRemoved, rescanned, unchanged, removed, discoveries));

        return new ScanReport(
            roots.Select(r => r.Path).ToList(), found.Count, rescanned.Count, unchanged.Count, removed.Count,
            inventory.Entries.Count, upserted.Count(u => entries.WasNew(u.Key)), entriesRemoved.Count,
            rescanned.Sum(r => (long)r.References.Count), filesRead, skipped, clock.Elapsed);
    }

    private HashSet<string> CacheSpellings() =>
        new[] { context.Cache.RealRoot, context.Cache.GivenRoot }.Concat(context.Cache.Aliases).ToHashSet(StringComparer.Ordinal);

    private string? PythonVersion(EnvPath environment)
    {
        try
        {
            var cfg = Path.Combine(environment.Value, "pyvenv.cfg");
            foreach (var line in context.FileSystem.File.ReadLines(cfg).Take(32))
            {
                var eq = line.IndexOf('=');
                if (eq > 0 && line[..eq].Trim() is "version_info" or "version") return line[(eq + 1)..].Trim();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException) { }
        return null;
    }
}
