using System.Text.Json;
using GcTool.Core.Errors;
using GcTool.IntegrationTests.Cli.Fakes;

namespace GcTool.IntegrationTests.Cli;

/// <summary>The whole pipeline in-process: a command's outcome becomes the documented exit code and output.</summary>
public class CommandPipelineTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public void LockTimeout_Exits3_WithOneLine()
    {
        _cli.Core.GcResult = _ => throw new LockTimeoutException("lock on /cache/.lock not acquired in 5m; is uv running? raise --lock-timeout");
        Assert.Equal(3, _cli.Run("gc"));
        Assert.Equal(["gctool: error: lock on /cache/.lock not acquired in 5m; is uv running? raise --lock-timeout"], _cli.StderrLines);
        Assert.Equal("", _cli.Stdout.ToString());
    }

    [Fact]
    public void SafetyRefusal_Exits4()
    {
        _cli.Core.GcResult = _ => throw new SafetyRefusalException("no roots registered; add one with `gctool roots add PATH` or pass --force");
        Assert.Equal(4, _cli.Run("gc"));
        Assert.StartsWith("gctool: error: no roots registered", Assert.Single(_cli.StderrLines));
    }

    [Fact]
    public void PartialFailure_Exits5_AndStillPrintsTheReport()
    {
        _cli.Core.GcResult = _ => Reports.Gc(dryRun: false);
        Assert.Equal(5, _cli.Run("gc", "--json"));
        using var json = JsonDocument.Parse(_cli.Stdout.ToString());
        Assert.Equal(1, json.RootElement.GetProperty("failures").GetInt64());
    }

    [Fact]
    public void Interrupted_Exits130()
    {
        _cli.Core.GcResult = token =>
        {
            _cli.Cancellation.Cancel();
            token.ThrowIfCancellationRequested();
            throw new InvalidOperationException("unreachable");
        };
        Assert.Equal(130, _cli.Run("gc"));
        Assert.StartsWith("gctool: error: interrupted", Assert.Single(_cli.StderrLines));
    }

    [Fact]
    public void SignalDuringACommandThatFinishes_Exits130_AfterPrintingItsReport()
    {
        _cli.Core.ScanResult = () =>
        {
            _cli.Cancellation.Cancel();
            return Reports.Scan();
        };
        Assert.Equal(130, _cli.Run("scan", "--json"));
        using var _ = JsonDocument.Parse(_cli.Stdout.ToString());
    }

    [Fact]
    public void UnknownException_Exits1_WithoutStack()
    {
        _cli.Core.ScanResult = () => throw new IOException("Input/output error : '/home/dev/projects/x'");
        Assert.Equal(1, _cli.Run("scan"));
        Assert.Equal(["gctool: error: Input/output error : '/home/dev/projects/x'"], _cli.StderrLines);
    }

    [Fact]
    public void UnknownException_WithVerbose_PrintsTheStack()
    {
        _cli.Core.ScanResult = () => throw new IOException("disk");
        Assert.Equal(1, _cli.Run("scan", "-v"));
        Assert.Contains("System.IO.IOException: disk", _cli.Stderr.ToString());
        Assert.Contains("   at ", _cli.Stderr.ToString());
    }

    [Fact]
    public void NotAUvCache_IsASafetyRefusal_BeforeTheDatabase()
    {
        _cli.FileSystem.AddDirectory("/not-a-cache");
        Assert.Equal(4, _cli.Run("status", "--cache-dir", "/not-a-cache"));
        Assert.False(_cli.TouchedStore);
    }

    [Fact]
    public void StoreRefusingTheCache_Exits4_AndClosesTheStore()
    {
        _cli.Store.ThrowOnBind = new SafetyRefusalException("this database belongs to another cache");
        Assert.Equal(4, _cli.Run("status"));
        Assert.True(_cli.Store.Disposed);
    }

    [Fact]
    public void RootsAdd_Json_IsExactlyOneObject()
    {
        Assert.Equal(0, _cli.Run("--json", "roots", "add", "/home/dev/projects/"));
        using var json = JsonDocument.Parse(_cli.Stdout.ToString());
        Assert.Equal("add", json.RootElement.GetProperty("action").GetString());
        Assert.Equal("/home/dev/projects", json.RootElement.GetProperty("root").GetString());
        Assert.True(json.RootElement.GetProperty("changed").GetBoolean());
        Assert.Equal("", _cli.Stderr.ToString());
    }

    [Fact]
    public void RootsAdd_Twice_ReportsUnchanged()
    {
        _cli.Run("roots", "add", "/home/dev/projects");
        Assert.Equal(0, _cli.Run("--json", "roots", "add", "/home/dev/projects"));
        using var json = JsonDocument.Parse(_cli.Stdout.ToString());
        Assert.False(json.RootElement.GetProperty("changed").GetBoolean());
    }

    [Fact]
    public void RootsAdd_MissingDirectory_IsUsageError()
    {
        Assert.Equal(2, _cli.Run("roots", "add", "/nowhere"));
        Assert.StartsWith("gctool: error: root /nowhere is not a directory", Assert.Single(_cli.StderrLines));
    }

    [Fact]
    public void RootsRemove_Unknown_ChangesNothing_AndSucceeds()
    {
        Assert.Equal(0, _cli.Run("roots", "remove", "/mnt/old"));
        Assert.Equal("Root /mnt/old was not registered; nothing changed.\n", _cli.Stdout.ToString());
    }

    [Fact]
    public void RootsList_Human_IsATable()
    {
        _cli.Run("roots", "add", "/home/dev/projects");
        Assert.Equal(0, _cli.Run("roots", "list"));
        Assert.Contains("/home/dev/projects", _cli.Stdout.ToString());
        Assert.Contains("Last scan", _cli.Stdout.ToString());
    }

    [Fact]
    public void Status_UsesTheResolvedDatabasePath()
    {
        Assert.Equal(0, _cli.Run("status", "--json"));
        using var json = JsonDocument.Parse(_cli.Stdout.ToString());
        var database = json.RootElement.GetProperty("database").GetString();
        Assert.Matches("^/home/dev/.local/state/gctool/cache-[0-9a-f]{16}\\.sqlite3$", database);
        Assert.Equal([database!], _cli.OpenedDatabases);
        Assert.Equal("/cache", json.RootElement.GetProperty("cache_root").GetString());
    }

    [Fact]
    public void Verbose_LogsWhereTheCacheAndDatabaseCameFrom()
    {
        Assert.Equal(0, _cli.Run("status", "--verbose"));
        Assert.Contains("gctool: debug: cache: /cache (from UV_CACHE_DIR)", _cli.StderrLines);
    }

    [Fact]
    public void Quiet_HidesInfo_ButNotTheReport()
    {
        _cli.Core.ScanResult = () => Reports.Scan();
        Assert.Equal(0, _cli.Run("scan", "--quiet"));
        Assert.Equal("", _cli.Stderr.ToString());
        Assert.StartsWith("Scanned 2 roots", _cli.Stdout.ToString());
    }

    [Fact]
    public void EveryCommand_WithJson_PrintsExactlyOneObject()
    {
        _cli.FileSystem.AddDirectory("/srv/ci");
        string[][] commands =
        [
            ["scan"], ["roots", "list"], ["roots", "add", "/srv/ci"], ["roots", "remove", "/srv/ci"],
            ["gc"], ["gc", "--dry-run"], ["audit"], ["audit", "entry", "-x9QabcdEFGH12_z"], ["status"],
        ];
        foreach (var command in commands)
        {
            Assert.Equal(0, _cli.Run([.. command, "--json"]));
            using var json = JsonDocument.Parse(_cli.Stdout.ToString()); // throws on zero or two values
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        }
    }

    [Fact]
    public void Failure_WithJson_PrintsTheErrorObject()
    {
        _cli.Core.GcResult = _ => throw new LockTimeoutException("busy");
        Assert.Equal(3, _cli.Run("gc", "--json"));
        using var json = JsonDocument.Parse(_cli.Stdout.ToString());
        Assert.Equal("lock_timeout", json.RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("gctool: error: busy", Assert.Single(_cli.StderrLines));
    }
}
