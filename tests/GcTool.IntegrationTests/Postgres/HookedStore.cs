using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>A store that runs a hook before each call (by member name) and then forwards it: for pulling the server away at a chosen step.</summary>
internal sealed class HookedStore(IGcStore inner, Action<string> before) : IGcStore
{
    private T Call<T>(string name, Func<T> call)
    {
        before(name);
        return call();
    }

    private void Call(string name, Action call)
    {
        before(name);
        call();
    }

    public bool IsNewerSchema => inner.IsNewerSchema;
    public string HostId => inner.HostId;
    public void BindCache(CacheIdentity identity) => Call(nameof(BindCache), () => inner.BindCache(identity));
    public IReadOnlyList<RegisteredRoot> ListRoots() => Call(nameof(ListRoots), inner.ListRoots);
    public bool AddRoot(RootPath root, long now, bool isImplicit = false) => Call(nameof(AddRoot), () => inner.AddRoot(root, now, isImplicit));
    public bool RemoveRoot(RootPath root) => Call(nameof(RemoveRoot), () => inner.RemoveRoot(root));
    public DiscoverySnapshot? LoadDiscovery(RootPath root) => Call(nameof(LoadDiscovery), () => inner.LoadDiscovery(root));
    public IReadOnlyList<EnvironmentRecord> LoadEnvironments() => Call(nameof(LoadEnvironments), inner.LoadEnvironments);
    public IReadOnlyList<EntryRecord> LoadEntries(bool withInodes) => Call(nameof(LoadEntries), () => inner.LoadEntries(withInodes));
    public IReadOnlyList<EntryRecord> LoadEntryReadings(bool withInodes) => Call(nameof(LoadEntryReadings), () => inner.LoadEntryReadings(withInodes));
    public void CommitScan(ScanCommit commit) => Call(nameof(CommitScan), () => inner.CommitScan(commit));
    public IReadOnlyList<ReferenceEdge> LoadReferenceGraph() => Call(nameof(LoadReferenceGraph), inner.LoadReferenceGraph);
    public IReadOnlySet<FileId> LoadUnmatchedHardlinks() => Call(nameof(LoadUnmatchedHardlinks), inner.LoadUnmatchedHardlinks);
    public IReadOnlyList<HostRecord> ListHosts() => Call(nameof(ListHosts), inner.ListHosts);
    public bool RetireHost(string hostId, long now) => Call(nameof(RetireHost), () => inner.RetireHost(hostId, now));
    public IReadOnlyDictionary<EntryKey, long> Condemn(IReadOnlyList<EntryKey> entries, long now) => Call(nameof(Condemn), () => inner.Condemn(entries, now));
    public IReadOnlyDictionary<EntryKey, long> LoadCondemnations() => Call(nameof(LoadCondemnations), inner.LoadCondemnations);
    public long StartGcRun(GcRunStart start) => Call(nameof(StartGcRun), () => inner.StartGcRun(start));
    public void RecordPlan(long runId, IReadOnlyList<GcPlanItemRecord> items) => Call(nameof(RecordPlan), () => inner.RecordPlan(runId, items));
    public void UpdateSweepStates(long runId, IReadOnlyList<SweepUpdate> updates) => Call(nameof(UpdateSweepStates), () => inner.UpdateSweepStates(runId, updates));
    public void RemoveEntries(IReadOnlyList<EntryKey> entries) => Call(nameof(RemoveEntries), () => inner.RemoveEntries(entries));
    public void FinishGcRun(long runId, GcRunOutcome outcome) => Call(nameof(FinishGcRun), () => inner.FinishGcRun(runId, outcome));
    public int MarkAbandonedRuns(long finishedAt, string error) => Call(nameof(MarkAbandonedRuns), () => inner.MarkAbandonedRuns(finishedAt, error));
    public IReadOnlyList<GcJournalItem> LoadUnfinishedSweeps() => Call(nameof(LoadUnfinishedSweeps), inner.LoadUnfinishedSweeps);
    public IReadOnlyList<GcJournalItem> LoadPlan(long runId) => Call(nameof(LoadPlan), () => inner.LoadPlan(runId));
    public IReadOnlyList<GcRunRecord> LoadGcHistory(int limit) => Call(nameof(LoadGcHistory), () => inner.LoadGcHistory(limit));
    public IReadOnlyList<EnvironmentUse> UsesOfEnvironment(EnvPath environment) => Call(nameof(UsesOfEnvironment), () => inner.UsesOfEnvironment(environment));
    public IReadOnlyList<EntryUser> UsersOfEntry(EntryId entry) => Call(nameof(UsersOfEntry), () => inner.UsersOfEntry(entry));
    public IReadOnlyList<ReferenceEdge> LoadWholeGraph() => Call(nameof(LoadWholeGraph), inner.LoadWholeGraph);
    public EnvironmentRecord? FindEnvironment(EnvPath environment) => Call(nameof(FindEnvironment), () => inner.FindEnvironment(environment));
    public EntryRecord? FindEntry(EntryId entry) => Call(nameof(FindEntry), () => inner.FindEntry(entry));
    public StoreStatistics LoadStatistics() => Call(nameof(LoadStatistics), inner.LoadStatistics);
    public void Dispose() => inner.Dispose();
}
