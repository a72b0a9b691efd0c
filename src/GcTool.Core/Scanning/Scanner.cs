using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Pins;
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
/// it only re-stats what the first run recorded and re-reads what changed in between. Entries and
/// environments are read on every core (the walks are syscall-bound and independent); the store
/// is written once, in one transaction.
/// </remarks>
public sealed class Scanner(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IScanWriter Store => context.Store;

    private readonly DirectoryReader _reader = new(context.FileSystem, context.Stat);
    private readonly IBoundedFileReader _files = BoundedFileReader.For(context.FileSystem, context.Stat);
    private readonly object _progressGate = new();

    /// <summary>The environments found this scan, with where they came from.</summary>
    private sealed record Found(EnvironmentKind Kind, RootPath? Root, EntryKey? AsEntry);

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
        if (Store.IsNewerSchema)
            throw new SafetyRefusalException("the database was written by a newer gctool; upgrade gctool before scanning");
        var registry = new RootRegistry(context);
        foreach (var root in request.AddRoots) registry.Add(root.Value);

        var now = context.NowUnix;
        var nowNs = context.Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L;
        var skipped = new List<SkippedPath>();

        // What the store knew, loaded while the cache is listed and the roots are walked.
        using var stored = new StoredState(Store, withInodes: request.Full, full: request.Full, inBackground: _reader.IsNative);

        // 1. Entries: list the archive buckets, read only entries not seen before.
        var inventory = ArchiveInventory.List(context.Cache, _reader);
        skipped.AddRange(inventory.Skipped);
        var entries = new EntryCatalog(stored.Entries, inventory);
        var upserted = ReadEntries(inventory, entries, request.Full, now, cancellation);
        Phase($"entries: {inventory.Entries.Count} listed, {upserted.Count} read");

        // 2. Environments: registered roots, the cache's environments-v*, and cached venv archives.
        var roots = stored.Roots.Select(r => r.Root).ToList();
        var discovery = new EnvironmentDiscovery(_reader, CacheSpellings());
        var found = new Dictionary<EnvPath, Found>();
        var discoveries = new List<DiscoverySnapshot>();
        var unwalkedRoots = new HashSet<RootPath>();
        var unreadable = new List<string>();
        var lostMounts = new List<string>();
        foreach (var (root, snapshot) in stored.Roots)
        {
            var result = discovery.Walk(root.Path, snapshot, nowNs, request.Full, cancellation);
            skipped.AddRange(result.Skipped);
            if (result.RootError is not null)
            {
                unwalkedRoots.Add(root.Path);
                continue;
            }
            unreadable.AddRange(result.Unreadable);
            lostMounts.AddRange(result.LostMounts);
            discoveries.Add(result.Snapshot);
            foreach (var env in result.Environments)
                found.TryAdd(env, new Found(EnvironmentKind.Venv, root.Path, null));
        }
        foreach (var env in CacheEnvironmentFinder.Find(context.Cache, _reader))
            found.TryAdd(env, new Found(EnvironmentKind.CacheEnvironment, null, null));
        foreach (var venv in entries.CachedVenvs())
            found.TryAdd(new EnvPath(context.Cache.EntryPath(venv)), new Found(EnvironmentKind.CachedVenvArchive, null, venv));
        Phase($"discovery: {found.Count} environments");

        // 3. Re-read environments whose fingerprint changed.
        var previous = stored.Environments.ToDictionary(e => e.Path);
        var (rescanned, unchanged, filesRead) = ReadEnvironments(found, previous, inventory, entries, request.Full, now, nowNs, skipped, cancellation);
        Phase($"environments: {rescanned.Count} read ({filesRead} files), {unchanged.Count} unchanged");

        // 4. Forget environments that are gone — but not those under a root or a directory we could not
        //    read (not seeing an environment is not proof that it is gone, and forgetting it would let gc
        //    delete what it links to), nor another host's: its roots are not ours to walk (the cache's
        //    own environments are everyone's).
        var ownRoots = roots.Select(r => r.Path).ToHashSet();
        var removed = previous.Values
            .Where(e => !found.ContainsKey(e.Path) && !(e.Root is { } r && unwalkedRoots.Contains(r))
                && !unreadable.Any(d => Paths.IsUnder(e.Path.Value, d)))
            .Where(e => e.Root is null || (ownRoots.Contains(e.Root.Value) && (e.Host is null || e.Host == Store.HostId)))
            .Select(e => e.Path).ToList();
        var entriesRemoved = entries.Vanished().ToList();

        // Unchanged environments whose record is fresh and this host's are left out of the commit: the store
        // would not rewrite them (TouchResolution), and sending all of them costs a lookup each.
        var toTouch = unchanged.Where(p => previous.GetValueOrDefault(p) is not { } e
            || e.LastScannedAt < now - TouchResolution.Seconds || e.Host != Store.HostId).ToList();
        Store.CommitScan(new ScanCommit(now, upserted, entriesRemoved, rescanned, toTouch, removed, discoveries));
        Phase("commit");

        // 5. Publish what environments reference as gc roots uv's own prune honours (under uv's shared lock).
        var pins = request.Pins == PinMode.Leave ? null : new GcRootPins(context).AfterScan(request.Pins, inventory.Contains, cancellation);
        if (pins?.Skipped is { } why) context.Log.Warn($"pins not updated: {why}");
        if (pins is not null) Phase($"pins: {pins.Pins} ({pins.Added} added, {pins.Removed} removed, {pins.Failed} failed)");

        return new ScanReport(
            roots.Select(r => r.Path).ToList(), found.Count, rescanned.Count, unchanged.Count, removed.Count,
            inventory.Entries.Count, upserted.Count(u => entries.WasNew(u.Key)), entriesRemoved.Count,
            rescanned.Sum(r => (long)r.References.Count), filesRead, skipped, clock.Elapsed) { Pins = pins, LostMounts = lostMounts };
    }

    /// <summary>Reads the entries not seen before (every entry with <paramref name="full"/>), in parallel.</summary>
    private List<EntryRecord> ReadEntries(ArchiveInventory inventory, EntryCatalog entries, bool full, long now, CancellationToken cancellation)
    {
        var objects = new Lazy<HashSet<FileId>>(() => ContentStore.Inodes(context.Cache, _reader), LazyThreadSafetyMode.ExecutionAndPublication);
        var entryReader = new EntryReader(_reader, id => objects.Value.Contains(id));
        var toRead = inventory.Entries.Values.Where(l => full || entries.Known(l.Key) is null).ToList();
        var read = new EntryRecord[toRead.Count];
        var done = 0;
        Report(WorkStage.ReadingEntries, 0, toRead.Count);
        ForEachParallel(toRead.Count, i =>
        {
            var known = entries.Known(toRead[i].Key);
            read[i] = entryReader.Read(toRead[i], now, known, known?.Inodes);
            Report(WorkStage.ReadingEntries, Interlocked.Increment(ref done), toRead.Count);
        }, cancellation);
        foreach (var record in read) entries.Replace(record);
        return [.. read];
    }

    /// <summary>
    /// Re-reads, in parallel, the environments whose fingerprint changed; results are assembled in
    /// discovery order. An environment that could only be read in part keeps its recorded references.
    /// </summary>
    private (List<ScannedEnvironment> Rescanned, List<EnvPath> Unchanged, long FilesRead) ReadEnvironments(
        Dictionary<EnvPath, Found> found, Dictionary<EnvPath, EnvironmentRecord> previous, ArchiveInventory inventory,
        EntryCatalog entries, bool full, long now, long nowNs, List<SkippedPath> skipped, CancellationToken cancellation)
    {
        var classifier = new ReferenceClassifier(context.Cache, inventory.Contains, context.Stat);
        var index = new Lazy<InodeIndex>(() => InodeIndex.Build(entries.WithInodes(Store)), LazyThreadSafetyMode.ExecutionAndPublication);
        var envReader = new EnvironmentReader(_reader, classifier, () => index.Value);
        // The inventory's own key for an entry: references held until the commit share its id string.
        EntryKey Canonical(EntryKey key) => inventory.Entries.TryGetValue(key, out var listing) ? listing.Key : key;
        var work = found.ToList();
        var outcomes = new (ScannedEnvironment? Scanned, IReadOnlyList<SkippedPath> Skipped, long Files)[work.Count];
        var done = 0;
        Report(WorkStage.ReadingEnvironments, 0, work.Count);
        ForEachParallel(work.Count, i =>
        {
            outcomes[i] = ReadEnvironment(work[i].Key, work[i].Value, previous.GetValueOrDefault(work[i].Key), envReader, Canonical, full, now, nowNs, cancellation);
            Report(WorkStage.ReadingEnvironments, Interlocked.Increment(ref done), work.Count);
        }, cancellation);

        var rescanned = new List<ScannedEnvironment>();
        var unchanged = new List<EnvPath>();
        long filesRead = 0;
        for (var i = 0; i < work.Count; i++)
        {
            var (scanned, envSkipped, files) = outcomes[i];
            skipped.AddRange(envSkipped);
            filesRead += files;
            if (scanned is null) unchanged.Add(work[i].Key);
            else rescanned.Add(scanned);
        }
        return (rescanned, unchanged, filesRead);
    }

    /// <returns>Scanned null: keep what is recorded (fingerprint unchanged, or read only in part).</returns>
    private (ScannedEnvironment? Scanned, IReadOnlyList<SkippedPath> Skipped, long Files) ReadEnvironment(
        EnvPath path, Found where, EnvironmentRecord? before, EnvironmentReader envReader, Func<EntryKey, EntryKey> canonical,
        bool full, long now, long nowNs, CancellationToken cancellation)
    {
        // Another host's record of the same path describes its directory, not ours: re-read it.
        var seenHere = before is not null && (before.Host is null || before.Host == Store.HostId);
        if (!full && seenHere && EnvironmentFingerprint.StillHolds(_reader, path, before!.Fingerprint, nowNs)) return (null, [], 0);
        var fingerprint = EnvironmentFingerprint.Compute(_reader, path, nowNs, seenHere && !full ? before!.Fingerprint : null);
        if (!full && seenHere && before!.Fingerprint == fingerprint && !EnvironmentFingerprint.IsRacy(fingerprint))
            return (null, [], 0);

        var contents = envReader.Read(path, where.AsEntry, cancellation);
        // Part of it could not be read: what we did read may lack references that are still there,
        // so keep the recorded ones (and the old fingerprint) rather than lose them.
        if (contents.Incomplete && before is not null) return (null, contents.Skipped, contents.FileCount);

        // A pyvenv.cfg swapped for a FIFO, a device or a huge file since discovery: the environment is not
        // what it was, so keep what it referenced before (never "when in doubt, delete") and report it.
        var (version, cfgProblem) = PythonVersion(path);
        IReadOnlyList<SkippedPath> skipped = contents.Skipped;
        if (cfgProblem is not null)
        {
            skipped = [.. contents.Skipped, cfgProblem];
            if (before is not null) return (null, skipped, contents.FileCount);
        }

        // Never seen before and read only in part: record what was read, untrusted, so the next scan reads it again.
        if (contents.Incomplete) fingerprint = EnvironmentFingerprint.Unread(fingerprint);
        var record = new EnvironmentRecord(path, where.Kind, where.Root, where.AsEntry, fingerprint, version,
            before?.FirstSeenAt ?? now, now, contents.FileCount, skipped.Count, Store.HostId);
        // Held until the scan's one commit, with every other environment's: compactly (see CompactReferences).
        var references = CompactReferences.From(contents.References, path.Value, canonical);
        return (new ScannedEnvironment(record, references, contents.UnmatchedHardlinks), skipped, contents.FileCount);
    }

    private void Report(WorkStage stage, long done, long total)
    {
        lock (_progressGate) context.Progress.Report(new WorkProgress(stage, done, total));
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

    /// <summary>The version pyvenv.cfg names, and a skipped path when pyvenv.cfg is no longer a small regular file.</summary>
    private (string? Version, SkippedPath? Problem) PythonVersion(EnvPath environment)
    {
        var cfg = Path.Combine(environment.Value, "pyvenv.cfg");
        var read = _files.Read(cfg, BoundedFileReader.SmallTextFile);
        if (read.Outcome is BoundedReadOutcome.NotRegularFile or BoundedReadOutcome.TooLarge)
            return (null, new SkippedPath(cfg, $"pyvenv.cfg {read.Describe(BoundedFileReader.SmallTextFile)}; environment kept as last recorded"));
        if (!read.HasContent) return (null, null);
        string text;
        try { text = new System.Text.UTF8Encoding(false, true).GetString(read.Content!); }
        catch (System.Text.DecoderFallbackException) { return (null, null); }
        foreach (var line in text.Split('\n').Take(32))
        {
            var eq = line.IndexOf('=');
            if (eq > 0 && line[..eq].Trim() is "version_info" or "version") return (line[(eq + 1)..].Trim(), null);
        }
        return (null, null);
    }
}
