using GcTool.Core.Audit;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.IntegrationTests.Cli.Fakes;

/// <summary>
/// Just enough of a store for the CLI pipeline: roots in memory, canned audit answers, and a log of
/// calls so tests can assert that nothing was touched. Scanning and gc go through FakeCore instead.
/// </summary>
internal sealed class FakeStore : IGcStore
{
    public List<string> Calls { get; } = [];
    public List<RegisteredRoot> RootList { get; } = [];
    public CacheIdentity? BoundTo { get; private set; }
    public bool Disposed { get; private set; }
    public StoreStatistics Statistics { get; set; } = new(0, 0, 0, 0, 0, 0, 0, null, null);
    public List<EntryUser> EntryUsers { get; } = [];
    public EntryRecord? Entry { get; set; }
    public Exception? ThrowOnBind { get; set; }

    public bool IsNewerSchema => false;

    public string HostId { get; set; } = HostIds.Default;
    public List<HostRecord> Hosts { get; } = [];
    public List<string> Retired { get; } = [];

    public IReadOnlyList<HostRecord> ListHosts()
    {
        Calls.Add("ListHosts");
        return Hosts.ToList();
    }

    public bool RetireHost(string hostId, long now)
    {
        Calls.Add("RetireHost");
        var i = Hosts.FindIndex(h => h.HostId == hostId && h.IsActive);
        if (i < 0) return false;
        Hosts[i] = Hosts[i] with { RetiredAt = now };
        Retired.Add(hostId);
        return true;
    }

    public IReadOnlyDictionary<EntryKey, long> Condemn(IReadOnlyList<EntryKey> entries, long now) => throw new NotSupportedException();

    public IReadOnlyDictionary<EntryKey, long> LoadCondemnations() => new Dictionary<EntryKey, long>();

    public void BindCache(CacheIdentity identity)
    {
        Calls.Add("BindCache");
        if (ThrowOnBind is not null) throw ThrowOnBind;
        BoundTo = identity;
    }

    public IReadOnlyList<RegisteredRoot> ListRoots()
    {
        Calls.Add("ListRoots");
        return RootList.ToList();
    }

    public bool AddRoot(RootPath root, long now, bool isImplicit = false)
    {
        Calls.Add($"AddRoot {root}");
        if (RootList.Any(r => r.Path == root)) return false;
        RootList.Add(new RegisteredRoot(root, now, null, isImplicit));
        return true;
    }

    public bool RemoveRoot(RootPath root)
    {
        Calls.Add($"RemoveRoot {root}");
        return RootList.RemoveAll(r => r.Path == root) > 0;
    }

    public IReadOnlyList<EntryUser> UsersOfEntry(EntryId entry)
    {
        Calls.Add($"UsersOfEntry {entry}");
        return EntryUsers;
    }

    public EntryRecord? FindEntry(EntryId entry)
    {
        Calls.Add($"FindEntry {entry}");
        return Entry;
    }

    public StoreStatistics LoadStatistics()
    {
        Calls.Add("LoadStatistics");
        return Statistics;
    }

    public IReadOnlyList<ReferenceEdge> LoadWholeGraph()
    {
        Calls.Add("LoadWholeGraph");
        return [];
    }

    public void Dispose() => Disposed = true;

    // Not used by the CLI tests.
    public DiscoverySnapshot? LoadDiscovery(RootPath root) => throw new NotSupportedException();
    public IReadOnlyList<EnvironmentRecord> LoadEnvironments() => throw new NotSupportedException();
    public IReadOnlyList<EntryRecord> LoadEntries(bool withInodes) => throw new NotSupportedException();
    public IReadOnlyList<EntryRecord> LoadEntryReadings(bool withInodes) => throw new NotSupportedException();
    public void CommitScan(ScanCommit commit) => throw new NotSupportedException();
    public IReadOnlyList<ReferenceEdge> LoadReferenceGraph() => throw new NotSupportedException();
    public IReadOnlySet<FileId> LoadUnmatchedHardlinks() => throw new NotSupportedException();
    public long StartGcRun(GcRunStart start) => throw new NotSupportedException();
    public void RecordPlan(long runId, IReadOnlyList<GcPlanItemRecord> items) => throw new NotSupportedException();
    public void UpdateSweepStates(long runId, IReadOnlyList<SweepUpdate> updates) => throw new NotSupportedException();
    public void RemoveEntries(IReadOnlyList<EntryKey> entries) => throw new NotSupportedException();
    public void FinishGcRun(long runId, GcRunOutcome outcome) => throw new NotSupportedException();
    public int MarkAbandonedRuns(long finishedAt, string error) => throw new NotSupportedException();
    public IReadOnlyList<GcJournalItem> LoadUnfinishedSweeps() => throw new NotSupportedException();
    public IReadOnlyList<GcJournalItem> LoadPlan(long runId) => throw new NotSupportedException();
    public IReadOnlyList<GcRunRecord> LoadGcHistory(int limit) => throw new NotSupportedException();
    public IReadOnlyList<EnvironmentUse> UsesOfEnvironment(EnvPath environment) => throw new NotSupportedException();
    public EnvironmentRecord? FindEnvironment(EnvPath environment) => null;
}
