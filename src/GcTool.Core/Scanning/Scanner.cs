using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Platform;
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
        var phaseStart = TimeSpan.Zero;
        // --verbose: where a scan spends its time, one line per step.
        void Phase(string what)
        {
            context.Log.Verbose($"scan: {what} in {(clock.Elapsed - phaseStart).TotalMilliseconds:F0} ms");
            phaseStart = clock.Elapsed;
        }
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
        var toRead = inventory.Entries.Values.Where(l => request.Full || entries.Known(l.Key) is null).ToList();
        var read = new EntryRecord[toRead.Count];
        ForEachParallel(toRead.Count, i =>
        {
            var known = entries.Known(toRead[i].Key);
            read[i] = entryReader.Read(toRead[i], now, known, known?.Inodes);
        }, cancellation);
        var upserted = new List<EntryRecord>(read);
        foreach (var record in read) entries.Replace(record);

        Phase($"entries: {inventory.Entries.Count} listed, {upserted.Count} read");

        // 2. Environments: registered roots, the cache's environments-v*, and cached venv archives.
        var roots = context.Store.ListRoots();
        var discovery = new EnvironmentDiscovery(_reader, CacheSpellings());
        var found = new Dictionary<EnvPath, (EnvironmentKind Kind, RootPath? Root, EntryKey? AsEntry)>();
        var discoveries = new List<DiscoverySnapshot>();
        var unwalkedRoots = new HashSet<RootPath>();
        foreach (var root in roots)
        {
            var result = discovery.Walk(root.Path, context.Store.LoadDiscovery(root.Path), nowNs, request.Full, cancellation);
            skipped.AddRange(result.Skipped);
            if (result.RootError is not null)
            {
                unwalkedRoots.Add(root.Path);
                continue;
            }
            discoveries.Add(result.Snapshot);
            foreach (var env in result.Environments) found.TryAdd(env, (EnvironmentKind.Venv, root.Path, null));
        }
        foreach (var env in CacheEnvironmentFinder.Find(context.Cache, _reader))
            found.TryAdd(env, (EnvironmentKind.CacheEnvironment, null, null));
        foreach (var venv in entries.CachedVenvs())
            found.TryAdd(new EnvPath(context.Cache.EntryPath(venv)), (EnvironmentKind.CachedVenvArchive, null, venv));

        Phase($"discovery: {found.Count} environments");

        // 3. Re-read environments whose fingerprint changed, in parallel (the walk is syscall-bound and
        //    each environment is independent); results are assembled in discovery order.
        var classifier = new ReferenceClassifier(context.Cache, inventory.Contains, context.Stat);
        var index = new Lazy<InodeIndex>(() => InodeIndex.Build(entries.WithInodes(context.Store)), LazyThreadSafetyMode.ExecutionAndPublication);
        var envReader = new EnvironmentReader(_reader, classifier, () => index.Value);
        var previous = context.Store.LoadEnvironments().ToDictionary(e => e.Path);
        var work = found.ToList();
        var outcomes = new (ScannedEnvironment? Scanned, IReadOnlyList<SkippedPath> Skipped, long Files)[work.Count];
        ForEachParallel(work.Count, i =>
        {
            var (path, (kind, root, asEntry)) = work[i];
            var fingerprint = EnvironmentFingerprint.Compute(_reader, path, nowNs);
            previous.TryGetValue(path, out var before);
            if (!request.Full && before is not null && before.Fingerprint == fingerprint && !EnvironmentFingerprint.IsRacy(fingerprint))
            {
                outcomes[i] = (null, [], 0);
                return;
            }
            var contents = envReader.Read(path, asEntry, cancellation);
            var record = new EnvironmentRecord(path, kind, root, asEntry, fingerprint, PythonVersion(path),
                before?.FirstSeenAt ?? now, now, contents.FileCount, contents.Skipped.Count);
            outcomes[i] = (new ScannedEnvironment(record, contents.References, contents.UnmatchedHardlinks), contents.Skipped, contents.FileCount);
        }, cancellation);
        var rescanned = new List<ScannedEnvironment>();
        var unchanged = new List<EnvPath>();
        long filesRead = 0;
        for (var i = 0; i < work.Count; i++)
        {
            var (scanned, envSkipped, files) = outcomes[i];
            if (scanned is null)
            {
                unchanged.Add(work[i].Key);
                continue;
            }
            rescanned.Add(scanned);
            skipped.AddRange(envSkipped);
            filesRead += files;
        }

        Phase($"environments: {rescanned.Count} read ({filesRead} files), {unchanged.Count} unchanged");

        // 4. Forget environments that are gone — but not those under a root we could not walk.
        var removed = previous.Values
            .Where(e => !found.ContainsKey(e.Path) && !(e.Root is { } r && unwalkedRoots.Contains(r)))
            .Select(e => e.Path).ToList();
        var entriesRemoved = entries.Vanished().ToList();

        context.Store.CommitScan(new ScanCommit(now, upserted, entriesRemoved, rescanned, unchanged, removed, discoveries));
        Phase("commit");

        return new ScanReport(
            roots.Select(r => r.Path).ToList(), found.Count, rescanned.Count, unchanged.Count, removed.Count,
            inventory.Entries.Count, upserted.Count(u => entries.WasNew(u.Key)), entriesRemoved.Count,
            rescanned.Sum(r => (long)r.References.Count), filesRead, skipped, clock.Elapsed);
    }

    /// <summary>
    /// Runs <paramref name="body"/> for 0..count-1 on every core when the reader is the native one; one at a
    /// time otherwise (MockFileSystem is not made for concurrent use). The first failure is rethrown as itself.
    /// </summary>
    private void ForEachParallel(int count, Action<int> body, CancellationToken cancellation)
    {
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = _reader.IsNative ? Environment.ProcessorCount : 1,
            CancellationToken = cancellation,
        };
        try { Parallel.For(0, count, options, body); }
        catch (AggregateException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
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
