using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Store;

namespace GcTool.Tests.Collection;

public sealed class CondemnationPolicyTests
{
    private const long Now = 1_000_000;
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static EntryKey Key(string id) => new(0, EntryId.Parse(id));

    private static PlannedRemoval Item(string id) => new(Key(id), "pkg", "1.0", 100, 100, new RemovalReason(RemovalKind.Unreferenced, null, Now - 100_000));

    private static HostRecord Host(string id, long? lastScan, long? retired = null) => new(id, 0, lastScan, retired);

    [Fact]
    public void SingleHost_DeletesANewCandidate_InTheSameRun()
    {
        var decision = CondemnationPolicy.Decide([Item("aaaa")], new Dictionary<EntryKey, long>(), [Host("a", Now)], "a", Now, Week);

        Assert.Equal([Key("aaaa")], decision.Delete.Select(i => i.Entry));
        Assert.Empty(decision.Waiting);
    }

    [Fact]
    public void OtherHost_ThatHasNotScannedSinceCondemnation_HoldsTheEntry_NamingIt()
    {
        var condemned = new Dictionary<EntryKey, long> { [Key("aaaa")] = Now - 100 };

        var decision = CondemnationPolicy.Decide([Item("aaaa")], condemned, [Host("a", Now), Host("b", Now - 200)], "a", Now, Week);

        Assert.Empty(decision.Delete);
        var waiting = Assert.Single(decision.Waiting);
        Assert.Equal(CondemnationBlock.ScanPending, waiting.Block);
        Assert.Equal(["b"], waiting.Hosts);
        Assert.Equal(Now - 100, waiting.CondemnedAt);
    }

    [Fact]
    public void OtherHost_ScanningInTheSameSecondAsTheCondemnation_DoesNotCount()
    {
        var condemned = new Dictionary<EntryKey, long> { [Key("aaaa")] = Now - 100 };

        var decision = CondemnationPolicy.Decide([Item("aaaa")], condemned, [Host("a", Now), Host("b", Now - 100)], "a", Now, Week);

        Assert.Single(decision.Waiting);
    }

    [Fact]
    public void EveryOtherHostScannedSince_TheEntryGoes()
    {
        var condemned = new Dictionary<EntryKey, long> { [Key("aaaa")] = Now - 100 };

        var decision = CondemnationPolicy.Decide([Item("aaaa"), Item("bbbb")], condemned, [Host("a", Now), Host("b", Now - 50), Host("c", Now - 10)], "a", Now, Week);

        Assert.Equal([Key("aaaa")], decision.Delete.Select(i => i.Entry));
        Assert.Equal([Key("bbbb")], decision.Waiting.Select(i => i.Entry));
    }

    [Fact]
    public void OtherHostsScan_MustStartLaterThanTheClockSkewAllowance()
    {
        var condemned = new Dictionary<EntryKey, long> { [Key("aaaa")] = Now - 100 };
        var hosts = new[] { Host("a", Now), Host("b", Now - 40) };

        Assert.Single(CondemnationPolicy.Decide([Item("aaaa")], condemned, hosts, "a", Now, Week, TimeSpan.FromMinutes(1)).Waiting);
        Assert.Single(CondemnationPolicy.Decide([Item("aaaa")], condemned, hosts, "a", Now, Week, TimeSpan.FromSeconds(59)).Delete);
    }

    [Fact]
    public void RetiredHost_HoldsNothing()
    {
        var condemned = new Dictionary<EntryKey, long> { [Key("aaaa")] = Now - 100 };

        var decision = CondemnationPolicy.Decide([Item("aaaa")], condemned, [Host("a", Now), Host("gone", Now - 9_999_999, retired: Now - 10)], "a", Now, Week);

        Assert.Single(decision.Delete);
        Assert.Empty(decision.Silent);
    }

    [Fact]
    public void SilentHost_BlocksEveryDeletion_AndIsNamed()
    {
        var condemned = new Dictionary<EntryKey, long> { [Key("aaaa")] = Now - 100 };
        var silentSince = Now - (long)Week.TotalSeconds - 1;

        var decision = CondemnationPolicy.Decide([Item("aaaa")], condemned, [Host("a", Now), Host("b", silentSince)], "a", Now, Week);

        Assert.Empty(decision.Delete);
        Assert.Equal("b", Assert.Single(decision.Silent).HostId);
        var waiting = Assert.Single(decision.Waiting);
        Assert.Equal(CondemnationBlock.SilentHosts, waiting.Block);
        Assert.Equal(["b"], waiting.Hosts);
        var refusal = CondemnationPolicy.SilentHostsRefusal(decision.Silent, 1, Now);
        Assert.Contains("b", refusal.Message);
        Assert.Contains("hosts retire", refusal.Message);
    }

    [Fact]
    public void HostThatNeverScanned_CountsFromWhenItWasFirstSeen()
    {
        var decision = CondemnationPolicy.Decide([Item("aaaa")], new Dictionary<EntryKey, long>(), [Host("a", Now), new HostRecord("new", Now - 10, null, null)], "a", Now, Week);

        Assert.Empty(decision.Silent);
        Assert.Single(decision.Waiting);
    }
}
