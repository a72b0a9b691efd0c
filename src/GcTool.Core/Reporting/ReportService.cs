using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Reporting;

/// <summary>
/// Gathers a <see cref="CacheReport"/>: bucket sizes from the disk, everything else from what the
/// last scan recorded. Read-only: takes no lock and writes nothing, so it is safe beside uv and gc.
/// </summary>
/// <remarks>
/// Built from the store's existing reads (entries, reference graph, environments, gc history)
/// rather than new queries, so every store implementation serves it unchanged. The graph of a
/// large cache is tens of thousands of edges: grouping it here costs milliseconds.
/// </remarks>
public sealed class ReportService(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IStoreQueries Store => context.Store;
    private IGcJournal Journal => context.Store;

    public const int LargestEntries = 25;
    public const int LargestEnvironments = 25;
    public const int HistoryRuns = 365;
    public const int LargestDistributions = 50;

    private static readonly (string Label, int Min, int? Max)[] Bands =
        [("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3–5", 3, 5), ("6–10", 6, 10), ("11+", 11, null)];

    /// <param name="reclaim">The gc whose reclaimable directories to show (its --min-age, --keep-stale-buckets); null shows none.</param>
    public CacheReport Build(CancellationToken cancellation = default, Collection.GcRequest? reclaim = null)
    {
        // 1. What the disk holds now, bucket by bucket.
        var buckets = new BucketSizer(new DirectoryReader(context.FileSystem, context.Stat)).Measure(context.Cache, cancellation);

        // 2. Who uses what, as the last scan recorded it.
        var entries = Store.LoadEntries(withInodes: false).ToDictionary(e => e.Key);
        var edges = Store.LoadReferenceGraph();
        var users = edges.GroupBy(e => e.Entry).ToDictionary(g => g.Key, g => g.Select(e => e.Environment).Distinct().Count());
        int UsersOf(EntryKey key) => users.GetValueOrDefault(key);

        var largest = entries.Values
            .OrderByDescending(e => e.Bytes).ThenBy(e => e.Key.RelativePath, StringComparer.Ordinal)
            .Take(LargestEntries)
            .Select(e => new LargeEntry(e.Key, e.DistName, e.DistVersion, e.Bytes, UsersOf(e.Key)))
            .ToList();

        var bands = Bands.Select(b =>
        {
            var inBand = entries.Values.Where(e => UsersOf(e.Key) >= b.Min && (b.Max is null || UsersOf(e.Key) <= b.Max)).ToList();
            return new UsageBand(b.Label, b.Min, b.Max, inBand.Count, inBand.Sum(e => e.Bytes));
        }).ToList();

        // 3. Environments by the bytes of the entries they link to.
        var kinds = Store.LoadEnvironments().ToDictionary(e => e.Path, e => e.Kind);
        var footprints = edges
            .GroupBy(e => e.Environment)
            .Select(g =>
            {
                var used = g.Select(e => e.Entry).Distinct().Where(entries.ContainsKey).ToList();
                return new EnvironmentFootprint(
                    g.Key,
                    kinds.TryGetValue(g.Key, out var kind) ? kind : g.First().EnvironmentKind,
                    used.Count,
                    used.Sum(k => entries[k].Bytes),
                    used.Where(k => UsersOf(k) == 1).Sum(k => entries[k].Bytes));
            })
            .OrderByDescending(f => f.Bytes).ThenBy(f => f.Path.Value, StringComparer.Ordinal)
            .Take(LargestEnvironments)
            .ToList();

        // 4. By distribution; and what the last scan could not have seen, measured now.
        var distributions = entries.Values
            .GroupBy(e => e.DistName ?? "")
            .Select(g => new DistributionUsage(
                g.Key,
                g.Select(e => e.DistVersion ?? "-").Distinct().Order(StringComparer.Ordinal).ToList(),
                g.LongCount(),
                g.Sum(e => e.Bytes),
                g.LongCount(e => UsersOf(e.Key) > 0),
                g.Where(e => UsersOf(e.Key) > 0).Sum(e => e.Bytes)))
            .OrderByDescending(d => d.Bytes).ThenBy(d => d.Name, StringComparer.Ordinal)
            .Take(LargestDistributions)
            .ToList();
        var unscanned = CountUnscanned(entries.Keys.ToHashSet());

        return new CacheReport(
            context.Cache.RealRoot,
            context.NowUnix,
            Store.LoadStatistics(),
            buckets,
            largest,
            bands,
            footprints,
            Journal.LoadGcHistory(HistoryRuns),
            distributions,
            unscanned,
            FreeBytes())
        {
            Pins = new Pins.GcRootPins(context).Count(),
            Reclaim = reclaim is null ? null : new Collection.Collector(context).PlanReclaim(reclaim, cancellation),
        };
    }

    /// <summary>Entry directories in <c>archive-v*</c> now that the last scan did not record (uv added them since).</summary>
    private long CountUnscanned(HashSet<EntryKey> recorded)
    {
        var reader = new DirectoryReader(context.FileSystem, context.Stat);
        long count = 0;
        foreach (var bucket in reader.TryList(context.Cache.RealRoot, out _) ?? [])
        {
            if (bucket.Status is not { Kind: FileKind.Directory } || !Buckets.IsArchive(bucket.Name, out _)) continue;
            foreach (var child in reader.TryList(bucket.Path, out _) ?? [])
            {
                if (child.Status is { Kind: FileKind.Directory } && EntryKey.TryParse($"{bucket.Name}/{child.Name}", out var key) && !recorded.Contains(key.Value))
                    count++;
            }
        }
        return count;
    }

    /// <summary>Bytes free for unprivileged users on the cache's file system (statvfs), or null when it cannot be read.</summary>
    private long? FreeBytes()
    {
        try
        {
            return new DriveInfo(context.Cache.RealRoot).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
