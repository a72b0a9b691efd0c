using GcTool.Cli.ErrorHandling;
using GcTool.Cli.Output;
using GcTool.Cli.Output.Json;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.IntegrationTests.Cli.Fakes;
using Snapshooter.Xunit;
using static GcTool.IntegrationTests.Cli.RenderHelper;

namespace GcTool.IntegrationTests.Cli;

/// <summary>The --json field names are a public contract (README.md): these snapshots pin them.</summary>
public class JsonRendererSnapshotTests
{
    [Fact] public void Scan() => Snapshot.Match(Json(r => r.Render(new ScanResult(Reports.Scan()))));

    [Fact] public void RootsList() => Snapshot.Match(Json(r => r.Render(new RootsReport(Reports.Roots()))));

    [Fact] public void RootsList_Empty() => Snapshot.Match(Json(r => r.Render(new RootsReport([]))));

    [Fact]
    public void RootsAdd() =>
        Snapshot.Match(Json(r => r.Render(new RootChangeReport(RootChangeAction.Add, new RootPath("/srv/ci/venvs"), Changed: true))));

    [Fact]
    public void RootsRemove_NotRegistered() =>
        Snapshot.Match(Json(r => r.Render(new RootChangeReport(RootChangeAction.Remove, new RootPath("/mnt/old"), Changed: false))));

    [Fact] public void Gc_WithFailureAndResumed() => Snapshot.Match(Json(r => r.Render(new GcResult(Reports.Gc(dryRun: false)))));

    [Fact] public void Gc_DryRun() => Snapshot.Match(Json(r => r.Render(new GcResult(Reports.Gc(dryRun: true)))));

    [Fact] public void Gc_NothingToDelete() => Snapshot.Match(Json(r => r.Render(new GcResult(Reports.EmptyGc()))));

    [Fact] public void AuditEnvironment() => Snapshot.Match(Json(r => r.Render(new EnvironmentAuditResult(Reports.EnvironmentAudit()))));

    [Fact] public void AuditEntry() => Snapshot.Match(Json(r => r.Render(new EntryAuditResult(Reports.EntryAudit()))));

    [Fact] public void AuditEntry_NotInCache() => Snapshot.Match(Json(r => r.Render(new EntryAuditResult(Reports.MissingEntryAudit()))));

    [Fact] public void AuditGraph() => Snapshot.Match(Json(r => r.Render(new GraphAuditResult(Reports.GraphAudit()))));

    [Fact] public void Status() => Snapshot.Match(Json(r => r.Render(new StatusResult(Reports.Status()))));

    [Fact]
    public void Error()
    {
        var writer = new StringWriter();
        new JsonReportRenderer(writer).Error(ExitCode.LockTimeout, "lock on /cache/.lock not acquired in 5m; is uv running? raise --lock-timeout");
        Snapshot.Match(writer.ToString());
    }

    [Fact]
    public void Times_AreUnixSecondsAndIsoOfTheSameInstant()
    {
        Assert.Equal("2026-01-15T12:00:00Z", JsonMapper.Iso(Reports.Now.ToUnixTimeSeconds()));
        Assert.Null(JsonMapper.Iso(null));
    }

    [Fact]
    public void SecondObject_IsRefused()
    {
        var renderer = new JsonReportRenderer(new StringWriter());
        renderer.Render(new StatusResult(Reports.Status()));
        Assert.True(renderer.HasWritten);
        Assert.Throws<InvalidOperationException>(() => renderer.Render(new StatusResult(Reports.Status())));
    }

    [Fact]
    public void ErrorKinds_AreStableNames()
    {
        Assert.Equal("usage", ExitCodes.Name(ExitCode.Usage));
        Assert.Equal("lock_timeout", ExitCodes.Name(ExitCode.LockTimeout));
        Assert.Equal("safety_refusal", ExitCodes.Name(ExitCode.SafetyRefusal));
        Assert.Equal("partial_failure", ExitCodes.Name(ExitCode.PartialFailure));
        Assert.Equal("interrupted", ExitCodes.Name(ExitCode.Interrupted));
        Assert.Equal("failure", ExitCodes.Name(ExitCode.Failure));
    }
}
