using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void StartGcRun_RecordsRunningRun()
    {
        var id = Store.StartGcRun(Run(at: 5_000, dryRun: true));

        var run = Assert.Single(Store.LoadGcHistory(10));
        Assert.Equal(new GcRunRecord(id, 5_000, null, true, GcRunStatus.Running, 0, 0, 0, 0, 0, 0, 0), run);
    }

    [StoreFact]
    public void MarkAbandonedRuns_RecordsThisHostsUnfinishedRealRunsAsInterrupted()
    {
        var mine = HostIds.Default;
        var abandoned = Store.StartGcRun(Run(at: 5_000) with { Host = mine });
        var dryRun = Store.StartGcRun(Run(at: 5_100, dryRun: true) with { Host = mine });
        var otherHost = Store.StartGcRun(Run(at: 5_200) with { Host = "host-b" });
        var finished = Store.StartGcRun(Run(at: 5_300) with { Host = mine });
        Store.FinishGcRun(finished, new GcRunOutcome(5_400, GcRunStatus.Completed, 0, 0, 0, 0, 0, 0, null));

        Assert.Equal(1, Store.MarkAbandonedRuns(6_000, "killed"));

        var byId = Store.LoadGcHistory(10).ToDictionary(r => r.Id);
        Assert.Equal((GcRunStatus.Interrupted, 6_000L), (byId[abandoned].Status, byId[abandoned].FinishedAt!.Value));
        Assert.Equal(GcRunStatus.Running, byId[dryRun].Status);
        Assert.Equal(GcRunStatus.Running, byId[otherHost].Status);
        Assert.Equal(GcRunStatus.Completed, byId[finished].Status);
    }

    [StoreFact]
    public void StartGcRun_ReturnsNewIdEachTime()
    {
        Assert.NotEqual(Store.StartGcRun(Run()), Store.StartGcRun(Run()));
    }

    [StoreFact]
    public void RecordPlan_StoresItemsAsPlanned_InPlanOrder()
    {
        var run = Store.StartGcRun(Run());

        Store.RecordPlan(run, [PlanItem("zzzz", bytes: 300, freeable: 200), PlanItem("-aaa", bytes: 100, freeable: 50)]);

        Assert.Equal(
            [
                new GcJournalItem(run, Key("zzzz"), SweepState.Planned, null, 300, 200, null),
                new GcJournalItem(run, Key("-aaa"), SweepState.Planned, null, 100, 50, null),
            ],
            Store.LoadPlan(run));
    }

    [StoreFact]
    public void LoadPlan_ReturnsOnlyItemsOfThatRun()
    {
        var first = Store.StartGcRun(Run());
        var second = Store.StartGcRun(Run());
        Store.RecordPlan(first, [PlanItem("aaaa")]);
        Store.RecordPlan(second, [PlanItem("aaaa"), PlanItem("bbbb")]);

        Assert.Equal([Key("aaaa")], Store.LoadPlan(first).Select(i => i.Entry));
        Assert.Equal(2, Store.LoadPlan(second).Count);
    }

    [StoreFact]
    public void UpdateSweepState_MovesItemOn_AndRecordsTrashPath()
    {
        var run = Store.StartGcRun(Run());
        Store.RecordPlan(run, [PlanItem("aaaa")]);

        Store.UpdateSweepState(run, Key("aaaa"), SweepState.Trashed, "/c/.gctool-trash/aaaa", null);

        var item = Assert.Single(Store.LoadPlan(run));
        Assert.Equal((SweepState.Trashed, "/c/.gctool-trash/aaaa", (string?)null), (item.State, item.TrashPath, item.Error));
    }

    [StoreFact]
    public void UpdateSweepState_KeepsTrashPath_WhenLaterStateHasNone()
    {
        var run = Store.StartGcRun(Run());
        Store.RecordPlan(run, [PlanItem("aaaa")]);
        Store.UpdateSweepState(run, Key("aaaa"), SweepState.Trashed, "/c/.gctool-trash/aaaa", null);

        Store.UpdateSweepState(run, Key("aaaa"), SweepState.Deleted, null, null);

        var item = Assert.Single(Store.LoadPlan(run));
        Assert.Equal((SweepState.Deleted, "/c/.gctool-trash/aaaa"), (item.State, item.TrashPath));
    }

    [StoreFact]
    public void UpdateSweepState_RecordsError_OfFailedItem()
    {
        var run = Store.StartGcRun(Run());
        Store.RecordPlan(run, [PlanItem("aaaa")]);

        Store.UpdateSweepState(run, Key("aaaa"), SweepState.Failed, null, "Permission denied");

        Assert.Equal("Permission denied", Assert.Single(Store.LoadPlan(run)).Error);
    }

    [StoreFact]
    public void UpdateSweepState_Throws_WhenItemWasNeverPlanned()
    {
        var run = Store.StartGcRun(Run());

        Assert.Throws<InvalidOperationException>(() => Store.UpdateSweepState(run, Key("aaaa"), SweepState.Trashed, "/t", null));
    }

    [StoreFact]
    public void LoadUnfinishedSweeps_ReturnsPointersRemovedAndTrashedItems_OfAnyRun()
    {
        var killed = Store.StartGcRun(Run(at: 1_000));
        Store.RecordPlan(killed, [PlanItem("aaaa"), PlanItem("bbbb"), PlanItem("cccc")]);
        Store.UpdateSweepState(killed, Key("aaaa"), SweepState.PointersRemoved, null, null);
        Store.UpdateSweepState(killed, Key("bbbb"), SweepState.Deleted, "/t/bbbb", null);
        var later = Store.StartGcRun(Run(at: 2_000));
        Store.RecordPlan(later, [PlanItem("dddd"), PlanItem("eeee"), PlanItem("ffff")]);
        Store.UpdateSweepState(later, Key("dddd"), SweepState.Trashed, "/t/dddd", null);
        Store.UpdateSweepState(later, Key("eeee"), SweepState.Skipped, null, "changed under the lock");
        Store.UpdateSweepState(later, Key("ffff"), SweepState.Failed, null, "EIO");

        var unfinished = Store.LoadUnfinishedSweeps();

        Assert.Equal(
            [(killed, "aaaa", SweepState.PointersRemoved), (later, "dddd", SweepState.Trashed)],
            unfinished.Select(i => (i.RunId, i.Entry.Id.Value, i.State)));
        Assert.Equal("/t/dddd", unfinished[1].TrashPath);
    }

    [StoreFact]
    public void FinishGcRun_StoresOutcome()
    {
        var run = Store.StartGcRun(Run(at: 5_000));
        Store.RecordPlan(run, [PlanItem("aaaa"), PlanItem("bbbb")]);

        Store.FinishGcRun(run, new GcRunOutcome(5_100, GcRunStatus.CompletedWithErrors, 12, 340, 1, 4_096, 2, 1, "1 entry could not be deleted"));

        Assert.Equal(
            new GcRunRecord(run, 5_000, 5_100, false, GcRunStatus.CompletedWithErrors, 12, 340, EntriesPlanned: 2, 1, 4_096, 2, 1),
            Assert.Single(Store.LoadGcHistory(10)));
    }

    [StoreFact]
    public void LoadGcHistory_ReturnsNewestFirst_UpToLimit()
    {
        var first = Store.StartGcRun(Run(at: 1_000));
        var second = Store.StartGcRun(Run(at: 2_000));
        var third = Store.StartGcRun(Run(at: 3_000));

        Assert.Equal([third, second], Store.LoadGcHistory(2).Select(r => r.Id));
        Assert.Equal([third, second, first], Store.LoadGcHistory(10).Select(r => r.Id));
    }

    [StoreFact]
    public void RemoveEntries_DeletesEntryRows_ButKeepsReferences()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa"), Entry("bbbb")], rescanned: [Scanned(Env("/p/.venv"), Ref("aaaa"))]));

        Store.RemoveEntries([Key("aaaa")]);

        Assert.Equal(Key("bbbb"), Assert.Single(Store.LoadEntries(false)).Key);
        Assert.Equal(Key("aaaa"), Assert.Single(Store.LoadReferenceGraph()).Entry);
    }

    [StoreFact]
    public void LastGcAt_IsFinishTimeOfNewestFinishedRealRun()
    {
        Store.FinishGcRun(Store.StartGcRun(Run(at: 1_000)), Outcome(at: 1_100));
        Store.FinishGcRun(Store.StartGcRun(Run(at: 2_000)), Outcome(at: 2_100, status: GcRunStatus.Failed));
        Store.FinishGcRun(Store.StartGcRun(Run(at: 3_000, dryRun: true)), Outcome(at: 3_100, status: GcRunStatus.DryRun));
        Store.StartGcRun(Run(at: 4_000));

        Assert.Equal(2_100, Store.LoadStatistics().LastGcAt);
    }
}
