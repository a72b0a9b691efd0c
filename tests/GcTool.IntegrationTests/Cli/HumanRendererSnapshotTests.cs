using GcTool.Cli.Output;
using GcTool.Cli.Output.Human;
using GcTool.Core.Environments;
using GcTool.IntegrationTests.Cli.Fakes;
using Snapshooter.Xunit;
using static GcTool.IntegrationTests.Cli.RenderHelper;

namespace GcTool.IntegrationTests.Cli;

/// <summary>Tables as a pipe or log sees them: 80 columns (asserted), no colour, ASCII borders, now = 2026-01-15T12:00Z.</summary>
public class HumanRendererSnapshotTests
{
    [Fact] public void Scan() => Snapshot.Match(Human(r => r.Render(new ScanResult(Reports.Scan()))));

    [Fact] public void RootsList() => Snapshot.Match(Human(r => r.Render(new RootsReport(Reports.Roots()))));

    [Fact] public void RootsList_Empty() => Snapshot.Match(Human(r => r.Render(new RootsReport([]))));

    [Fact]
    public void RootsAdd() =>
        Snapshot.Match(Human(r => r.Render(new RootChangeReport(RootChangeAction.Add, new RootPath("/srv/ci/venvs"), Changed: true))));

    [Fact]
    public void RootsRemove_NotRegistered() =>
        Snapshot.Match(Human(r => r.Render(new RootChangeReport(RootChangeAction.Remove, new RootPath("/mnt/old"), Changed: false))));

    [Fact] public void Gc_WithFailureAndResumed() => Snapshot.Match(Human(r => r.Render(new GcResult(Reports.Gc(dryRun: false)))));

    [Fact]
    public void Gc_DryRun()
    {
        var text = Human(r => r.Render(new GcResult(Reports.Gc(dryRun: true))));
        Assert.StartsWith("Would delete 3 entries", text);
        Snapshot.Match(text);
    }

    [Fact] public void Gc_NothingToDelete() => Snapshot.Match(Human(r => r.Render(new GcResult(Reports.EmptyGc()))));

    [Fact] public void AuditEnvironment() => Snapshot.Match(Human(r => r.Render(new EnvironmentAuditResult(Reports.EnvironmentAudit()))));

    [Fact] public void AuditEntry() => Snapshot.Match(Human(r => r.Render(new EntryAuditResult(Reports.EntryAudit()))));

    [Fact] public void AuditEntry_NotInCache() => Snapshot.Match(Human(r => r.Render(new EntryAuditResult(Reports.MissingEntryAudit()))));

    [Fact] public void AuditGraph() => Snapshot.Match(Human(r => r.Render(new GraphAuditResult(Reports.GraphAudit()))));

    [Fact] public void Status() => Snapshot.Match(Human(r => r.Render(new StatusResult(Reports.Status()))));

    [Fact] public void Status_NoRoots() => Snapshot.Match(Human(r => r.Render(new StatusResult(Reports.Status(withRoots: false)))));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1_536, "1.5 KiB")]
    [InlineData(1_048_575, "1.0 MiB")]
    [InlineData(52_428_800, "50.0 MiB")]
    [InlineData(3_221_225_472, "3.0 GiB")]
    public void Sizes_UseBinaryUnits(long bytes, string expected) => Assert.Equal(expected, HumanFormat.Size(bytes));

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(45, "45s ago")]
    [InlineData(12 * 60, "12m ago")]
    [InlineData(3 * 3600 + 59 * 60, "3h ago")]
    [InlineData(5 * 86400, "5d ago")]
    [InlineData(-7200, "in 2h")]
    public void Times_AreRelativeToNow(long secondsAgo, string expected) =>
        Assert.Equal(expected, new HumanFormat(Reports.Now).Ago(Reports.Now.ToUnixTimeSeconds() - secondsAgo));

    [Fact]
    public void NoTime_IsNever() => Assert.Equal("never", new HumanFormat(Reports.Now).Ago(null));

    [Theory]
    [InlineData(37, "37 ms")]
    [InlineData(4_200, "4.2 s")]
    [InlineData(185_000, "3m 05s")]
    [InlineData(7_800_000, "2h 10m")]
    public void Durations_AreShort(long ms, string expected) => Assert.Equal(expected, HumanFormat.Duration(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void Gc_OnATerminalWithoutColour_LooksLikeTheLog()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var env = new GcTool.Cli.Settings.EnvironmentVariables(new Dictionary<string, string?> { ["NO_COLOR"] = "1" });
        var console = HumanConsole.Create(writer, isTerminal: true, env);
        console.Profile.Width = 80; // a StringWriter has no terminal width; pin the narrowest one we support
        new HumanReportRenderer(console, new HumanFormat(Reports.Now)).Render(new GcResult(Reports.Gc(dryRun: false)));
        var text = writer.ToString();
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Equal(Human(r => r.Render(new GcResult(Reports.Gc(dryRun: false)))), text);
    }

    [Fact]
    public void Terminal_WithColour_MakesHeadersBold_AndFailuresRed()
    {
        var writer = new StringWriter();
        var env = new GcTool.Cli.Settings.EnvironmentVariables(new Dictionary<string, string?> { ["TERM"] = "xterm-256color" });
        var console = HumanConsole.Create(writer, isTerminal: true, env);
        new HumanReportRenderer(console, new HumanFormat(Reports.Now)).Render(new GcResult(Reports.Gc(dryRun: false)));
        Assert.Contains("\u001b[1m", writer.ToString());
    }

    [Fact]
    public void Terminal_WithNoColor_PrintsNoEscapes()
    {
        var writer = new StringWriter();
        var env = new GcTool.Cli.Settings.EnvironmentVariables(new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["TERM"] = "xterm-256color" });
        var console = HumanConsole.Create(writer, isTerminal: true, env);
        new HumanReportRenderer(console, new HumanFormat(Reports.Now)).Render(new GcResult(Reports.Gc(dryRun: false)));
        Assert.DoesNotContain("\u001b[", writer.ToString());
        Assert.Contains("FAILED", writer.ToString());
    }
}
