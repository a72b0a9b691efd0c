using System.Collections.Concurrent;
using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Environments;
using GcTool.Core.Store;
using GcTool.Store.Postgres;
using Xunit.Abstractions;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>
/// Many hosts at once: 50 hosts, each on its own connection, report 200 environments (in four scans
/// of 50) while a gc loop condemns and deletes on another connection. Nothing may be lost,
/// duplicated or deadlocked, and no referenced entry may be deleted. Throughput goes to the test output.
/// </summary>
[Collection(PostgresCollection.Name), RequiresPostgres]
public sealed class PostgresLoadTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private const int Hosts = 50, EnvironmentsPerHost = 200, ScansPerHost = 4, ReferencesPerEnvironment = 5;
    private const int ReferencedEntries = 2_500, UnreferencedEntries = 500;

    private static string HostName(int h) => $"host-{h:D2}";

    private static EntryKey EntryAt(int i) => Key($"e{i:D6}");

    /// <summary>Environment <paramref name="e"/> of host <paramref name="h"/> references five entries, spread over the referenced ones.</summary>
    private static IEnumerable<int> EntriesOf(int h, int e) =>
        Enumerable.Range(0, ReferencesPerEnvironment).Select(k => ((h * EnvironmentsPerHost + e) * 7 + k * 503) % ReferencedEntries);

    [PostgresFact]
    public void FiftyHostsReporting_WhileGcRuns_LoseAndDuplicateNothing_AndDeleteNothingReferenced()
    {
        var settings = fixture.Server.Settings(schema: fixture.Server.CreateSchema());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var setup = PostgresGcStore.Open(settings, "gc"))
        {
            setup.CommitScan(Commit(at: now, entries: Enumerable.Range(0, ReferencedEntries + UnreferencedEntries)
                .Select(i => Entry($"e{i:D6}", firstSeen: now - 86_400)).ToList()));
        }
        // Every host is known before the load (its first, empty scan): an unknown host protects nothing.
        Parallel.For(0, Hosts, h =>
        {
            using var store = PostgresGcStore.Open(settings, HostName(h));
            store.CommitScan(Commit(at: now));
        });

        using var done = new CancellationTokenSource();
        var gcPasses = 0;
        long deleted = 0;
        var gc = Task.Run(() =>
        {
            using var store = PostgresGcStore.Open(settings, "gc");
            while (!done.IsCancellationRequested)
            {
                deleted += GcPass(store);
                gcPasses++;
            }
        });

        var clock = Stopwatch.StartNew();
        var commitTimes = new ConcurrentBag<double>();
        var hosts = Enumerable.Range(0, Hosts).Select(h => Task.Factory.StartNew(() =>
        {
            using var store = PostgresGcStore.Open(settings, HostName(h));
            for (var scan = 0; scan < ScansPerHost; scan++)
            {
                var batch = Enumerable.Range(scan * EnvironmentsPerHost / ScansPerHost, EnvironmentsPerHost / ScansPerHost)
                    .Select(e => Scanned(
                        Env($"/hosts/{h:D2}/env-{e:D3}", root: new RootPath($"/hosts/{h:D2}"), host: null, scannedAt: Unix()),
                        EntriesOf(h, e).Select(i => new ReferenceRecord(EntryAt(i), LinkMode.Symlink, 3, "lib/x.py")).ToArray()))
                    .ToList();
                var one = Stopwatch.StartNew();
                store.CommitScan(Commit(at: Unix(), rescanned: batch));
                commitTimes.Add(one.Elapsed.TotalMilliseconds);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(Task.WaitAll(hosts, TimeSpan.FromMinutes(5)), "host commits did not finish in 5 minutes: deadlock?");
        var elapsed = clock.Elapsed;
        done.Cancel();
        Assert.True(gc.Wait(TimeSpan.FromMinutes(1)), "the gc loop did not stop");

        using var check = PostgresGcStore.Open(settings, "gc");
        var environments = check.LoadEnvironments();
        var graph = check.LoadReferenceGraph();
        var entries = check.LoadEntries(false).Select(e => e.Key).ToHashSet();

        // Nothing lost, nothing duplicated: every environment once, with its host and its five references.
        Assert.Equal(Hosts * EnvironmentsPerHost, environments.Count);
        Assert.All(environments.GroupBy(e => e.Host), g => Assert.Equal(EnvironmentsPerHost, g.Count()));
        Assert.Equal(Hosts * EnvironmentsPerHost * ReferencesPerEnvironment, graph.Count);
        Assert.Equal(graph.Count, graph.Select(e => (e.Environment, e.Entry)).Distinct().Count());
        // Nothing referenced was deleted while the hosts reported.
        Assert.All(graph, edge => Assert.Contains(edge.Entry, entries));

        // Once every host has scanned after the condemnations, the unreferenced entries go.
        Thread.Sleep(1_100);
        using (var condemner = PostgresGcStore.Open(settings, "gc")) GcPass(condemner);
        Thread.Sleep(1_100);
        Parallel.For(0, Hosts, h =>
        {
            using var store = PostgresGcStore.Open(settings, HostName(h));
            store.CommitScan(Commit(at: Unix()));
        });
        using (var collector = PostgresGcStore.Open(settings, "gc")) GcPass(collector);
        Assert.Equal(ReferencedEntries, check.LoadEntries(false).Count);

        var commits = Hosts * ScansPerHost;
        var sorted = commitTimes.Order().ToArray();
        output.WriteLine(
            $"{Hosts} hosts x {EnvironmentsPerHost} environments ({commits} scan commits, {graph.Count} references) in {elapsed.TotalSeconds:0.00} s: " +
            $"{Hosts * EnvironmentsPerHost / elapsed.TotalSeconds:0} environments/s, {graph.Count / elapsed.TotalSeconds:0} references/s, {commits / elapsed.TotalSeconds:0.0} commits/s; " +
            $"commit latency p50 {sorted[sorted.Length / 2]:0} ms, p95 {sorted[(int)(sorted.Length * 0.95)]:0} ms, max {sorted[^1]:0} ms; " +
            $"{gcPasses} concurrent gc passes deleted {deleted} entries");
    }

    private static long Unix() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>What a gc does with the store under the lock: hosts, then graph, condemn, decide, delete.</summary>
    private static long GcPass(IGcStore store)
    {
        var now = Unix();
        var hosts = store.ListHosts();
        var plan = Planner.Plan(new PlanInputs(store.LoadEntries(false), store.LoadReferenceGraph(), new HashSet<EntryKey>(), new HashSet<Core.Platform.FileId>(), now, TimeSpan.Zero));
        var condemned = store.Condemn(plan.Items.Select(i => i.Entry).ToList(), now);
        var decision = CondemnationPolicy.Decide(plan.Items, condemned, hosts, store.HostId, now, TimeSpan.FromDays(7));
        store.RemoveEntries(decision.Delete.Select(i => i.Entry).ToList());
        return decision.Delete.Count;
    }
}
