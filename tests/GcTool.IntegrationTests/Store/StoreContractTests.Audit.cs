using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void UsesOfEnvironment_JoinsEntries_OrderedByDistNameThenKey()
    {
        Store.CommitScan(Commit(
            entries: [Entry("zzzz", dist: "attrs", version: "24.2.0", bytes: 700), Entry("bbbb", dist: "numpy", bytes: 900), Entry("aaaa", dist: "numpy", bytes: 800)],
            rescanned: [Scanned(Env("/p/.venv"),
                Ref("aaaa", files: 3, sample: "lib/numpy/a.py"),
                Ref("zzzz", LinkMode.Hardlink, files: 5, sample: "lib/attrs/__init__.py"),
                Ref("bbbb"))]));

        var uses = Store.UsesOfEnvironment(new EnvPath("/p/.venv"));

        Assert.Equal(["zzzz", "aaaa", "bbbb"], uses.Select(u => u.Entry.Id.Value));
        Assert.Equal(
            new EnvironmentUse(Key("zzzz"), "attrs", "24.2.0", LinkMode.Hardlink, 5, "lib/attrs/__init__.py", EntryExists: true, EntryBytes: 700),
            uses[0]);
    }

    [StoreFact]
    public void UsesOfEnvironment_ReportsEntryMissingFromCache_WithNullsLast()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", dist: "zope")], rescanned: [Scanned(Env("/p/.venv"), Ref("-gone"), Ref("aaaa"))]));

        var uses = Store.UsesOfEnvironment(new EnvPath("/p/.venv"));

        Assert.Equal(["aaaa", "-gone"], uses.Select(u => u.Entry.Id.Value));
        var missing = uses[1];
        Assert.False(missing.EntryExists);
        Assert.Null(missing.DistName);
        Assert.Null(missing.DistVersion);
        Assert.Null(missing.EntryBytes);
    }

    [StoreFact]
    public void UsesOfEnvironment_ReturnsEmpty_WhenEnvironmentUnknown()
    {
        Assert.Empty(Store.UsesOfEnvironment(new EnvPath("/nowhere")));
    }

    [StoreFact]
    public void UsersOfEntry_FindsEnvironments_OfIdStartingWithDash()
    {
        Store.CommitScan(Commit(
            entries: [Entry("-x9QabcdEFGH12_z")],
            rescanned: [Scanned(Env("/p/b", scannedAt: 1_500), Ref("-x9QabcdEFGH12_z", LinkMode.Hardlink, files: 4, sample: "bin/tool")), Scanned(Env("/p/a"), Ref("-x9QabcdEFGH12_z")), Scanned(Env("/p/c"), Ref("other"))]));

        var users = Store.UsersOfEntry(EntryId.Parse("-x9QabcdEFGH12_z"));

        Assert.Equal(["/p/a", "/p/b"], users.Select(u => u.Environment.Value));
        Assert.Equal(new EntryUser(new EnvPath("/p/b"), EnvironmentKind.Venv, LinkMode.Hardlink, 4, "bin/tool", 1_500), users[1]);
    }

    [StoreFact]
    public void UsersOfEntry_MatchesIdUnderAnyArchiveVersion()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/a"), Ref("_under", archiveVersion: 0)), Scanned(Env("/p/b"), Ref("_under", archiveVersion: 1))]));

        Assert.Equal(2, Store.UsersOfEntry(EntryId.Parse("_under")).Count);
    }

    [StoreFact]
    public void UsersOfEntry_ReturnsEmpty_WhenNothingUsesIt()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa")]));

        Assert.Empty(Store.UsersOfEntry(EntryId.Parse("aaaa")));
    }

    [StoreTheory]
    [InlineData("-x9QabcdEFGH12_z")]
    [InlineData("_startsWithUnderscore")]
    [InlineData("--")]
    public void FindEntry_FindsId_ThatLooksLikeAnOption(string id)
    {
        Store.CommitScan(Commit(entries: [Entry(id, inodes: [5]), Entry("plain")]));

        var found = Store.FindEntry(EntryId.Parse(id));

        Assert.Equal(Key(id), found?.Key);
        Assert.Equal([5UL], found!.Inodes!);
    }

    [StoreFact]
    public void FindEntry_FindsIdUnderAnyArchiveVersion()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", archiveVersion: 3)]));

        Assert.Equal(Key("aaaa", archiveVersion: 3), Store.FindEntry(EntryId.Parse("aaaa"))?.Key);
    }

    [StoreFact]
    public void FindEntry_ReturnsNull_WhenUnknown()
    {
        Assert.Null(Store.FindEntry(EntryId.Parse("aaaa")));
    }

    [StoreFact]
    public void FindEnvironment_MatchesExactPathOnly()
    {
        var venv = Env("/p/.venv");
        Store.CommitScan(Commit(rescanned: [Scanned(venv)]));

        Assert.Equal(venv, Store.FindEnvironment(new EnvPath("/p/.venv")));
        Assert.Null(Store.FindEnvironment(new EnvPath("/p/.VENV")));
        Assert.Null(Store.FindEnvironment(new EnvPath("/p")));
    }

    [StoreFact]
    public void LoadWholeGraph_IsSortedByEnvironmentThenEntry()
    {
        Store.CommitScan(Commit(rescanned:
        [
            Scanned(Env("/p/b"), Ref("zzzz"), Ref("-aaa")),
            Scanned(Env("/p/a"), Ref("mmmm", archiveVersion: 1), Ref("mmmm", archiveVersion: 0), Ref("_bbb")),
        ]));

        Assert.Equal(
            ["/p/a archive-v0/_bbb", "/p/a archive-v0/mmmm", "/p/a archive-v1/mmmm", "/p/b archive-v0/-aaa", "/p/b archive-v0/zzzz"],
            Store.LoadWholeGraph().Select(e => $"{e.Environment} {e.Entry}"));
    }
}
