using System.Text.Json;
using GcTool.Core.Errors;
using GcTool.IntegrationTests.Cli.Fakes;

namespace GcTool.IntegrationTests.Cli;

/// <summary>What gctool accepts and refuses on its command line. A refusal exits 2 and touches nothing.</summary>
public class CommandLineParsingTests
{
    private readonly CliHarness _cli = new();

    private void AssertUsageErrorAndNothingElse(int exit, string? mentions = null)
    {
        Assert.Equal((int)ExitCode.Usage, exit);
        var line = Assert.Single(_cli.StderrLines);
        Assert.StartsWith("gctool: error: ", line);
        if (mentions is not null) Assert.Contains(mentions, line);
        Assert.Equal("", _cli.Stdout.ToString());
        Assert.False(_cli.TouchedAnything);
    }

    [Theory]
    [InlineData("-5m", "cannot be signed")]
    [InlineData("5x", "unknown unit 'x'")]
    [InlineData("", "0s, 90s, 5m, 12h, 7d")]
    [InlineData("99999999999d", "too large")]
    [InlineData("1y", "unknown unit 'y'")]
    [InlineData("90", "no unit")]
    public void Gc_BadMinAge_IsUsageError(string value, string mentions) =>
        AssertUsageErrorAndNothingElse(_cli.Run("gc", "--min-age", value), mentions);

    [Fact]
    public void Gc_BadLockTimeout_NamesTheAcceptedForms() =>
        AssertUsageErrorAndNothingElse(_cli.Run("gc", "--lock-timeout", "soon"), "e.g. 0s, 90s, 5m, 12h, 7d, 2w or 1h30m");

    [Fact]
    public void Gc_MinAgeWithoutValue_NamesTheAcceptedForms() =>
        AssertUsageErrorAndNothingElse(_cli.Run("gc", "--min-age"), "0s, 90s, 5m, 12h, 7d");

    [Fact]
    public void UnknownOption_IsUsageError() => AssertUsageErrorAndNothingElse(_cli.Run("gc", "--bogus"), "--bogus");

    [Fact]
    public void UnknownCommand_IsUsageError() => AssertUsageErrorAndNothingElse(_cli.Run("collect"), "collect");

    [Fact]
    public void NoCommand_IsUsageError() => AssertUsageErrorAndNothingElse(_cli.Run());

    [Fact]
    public void MissingArgument_IsUsageError() => AssertUsageErrorAndNothingElse(_cli.Run("audit", "entry"), "ID");

    [Fact]
    public void RootsWithoutSubcommand_IsUsageError() => AssertUsageErrorAndNothingElse(_cli.Run("roots"));

    [Fact]
    public void ParseError_PointsAtTheCommandsHelp() =>
        AssertUsageErrorAndNothingElse(_cli.Run("audit", "entry"), "see `gctool audit entry --help`");

    [Fact]
    public void VerboseAndQuiet_Together_IsUsageError()
    {
        Assert.Equal(2, _cli.Run("status", "--verbose", "--quiet"));
        Assert.StartsWith("gctool: error: --verbose and --quiet contradict", _cli.StderrLines[0]);
        Assert.False(_cli.TouchedAnything);
    }

    /// <summary>The exact wording of usage errors, one line each, as users see them.</summary>
    [Fact]
    public void UsageErrors_Snapshot()
    {
        string[][] commandLines =
        [
            [],
            ["gc", "--min-age", "-5m"],
            ["gc", "--min-age", "5x"],
            ["gc", "--min-age", ""],
            ["gc", "--min-age", "99999999999d"],
            ["gc", "--lock-timeout"],
            ["gc", "--bogus"],
            ["audit", "entry"],
            ["audit", "entry", "--", "not/an/id"],
            ["roots", "frobnicate"],
            ["status", "--db", "/cache/gctool.sqlite3"],
        ];
        var transcript = new System.Text.StringBuilder();
        foreach (var args in commandLines)
        {
            var exit = _cli.Run(args);
            transcript.Append("$ gctool ").AppendJoin(' ', args.Select(a => a.Length == 0 ? "''" : a)).Append('\n');
            transcript.Append(_cli.Stderr).Append("[exit ").Append(exit).Append("]\n");
        }
        Assert.False(_cli.TouchedAnything);
        Snapshooter.Xunit.Snapshot.Match(transcript.ToString());
    }

    [Fact]
    public void ParseError_WithJson_AlsoPrintsOneErrorObject()
    {
        var exit = _cli.Run("--json", "gc", "--min-age", "5x");
        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(_cli.Stdout.ToString());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("usage", error.GetProperty("kind").GetString());
        Assert.Equal(2, error.GetProperty("exit_code").GetInt32());
        Assert.Contains("5x", error.GetProperty("message").GetString());
        Assert.Single(_cli.StderrLines);
        Assert.False(_cli.TouchedAnything);
    }

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("12h", 43_200)]
    [InlineData("7d", 604_800)]
    [InlineData("1h30m", 5_400)]
    public void Gc_MinAge_IsPassedToTheCollector(string value, long seconds)
    {
        Assert.Equal(0, _cli.Run("gc", "--dry-run", "--min-age", value));
        var request = Assert.Single(_cli.Core.GcRequests);
        Assert.Equal(TimeSpan.FromSeconds(seconds), request.MinAge);
        Assert.True(request.DryRun);
    }

    [Fact]
    public void Gc_Defaults_AreOneDayAndFiveMinutes()
    {
        Assert.Equal(0, _cli.Run("gc"));
        var request = Assert.Single(_cli.Core.GcRequests);
        Assert.Equal(TimeSpan.FromDays(1), request.MinAge);
        Assert.Equal(TimeSpan.FromMinutes(5), request.LockTimeout);
        Assert.False(request.DryRun);
        Assert.False(request.Force);
    }

    [Fact]
    public void Gc_Force_IsPassedToTheCollector()
    {
        Assert.Equal(0, _cli.Run("gc", "--force", "--lock-timeout", "30s"));
        var request = Assert.Single(_cli.Core.GcRequests);
        Assert.True(request.Force);
        Assert.Equal(TimeSpan.FromSeconds(30), request.LockTimeout);
    }

    [Fact]
    public void AuditEntry_AfterDoubleDash_AcceptsIdStartingWithDash()
    {
        Assert.Equal(0, _cli.Run("audit", "entry", "--", "-abc"));
        Assert.Contains("FindEntry -abc", _cli.Store.Calls);
    }

    [Theory]
    [InlineData("-x9QabcdEFGH12_z")]
    [InlineData("-vQabcdEFGH12_zz")]  // starts like -v (--verbose): still one id, no bundling
    [InlineData("-hQabcdEFGH12_zz")]  // starts like -h (--help)
    [InlineData("_a1B2c3D4e5F6g7H8")]
    public void AuditEntry_WithoutDoubleDash_AcceptsIdStartingWithDashOrUnderscore(string id)
    {
        Assert.Equal(0, _cli.Run("audit", "entry", id));
        Assert.Contains($"FindEntry {id}", _cli.Store.Calls);
        Assert.DoesNotContain("debug:", _cli.Stderr.ToString());
    }

    [Fact]
    public void AuditEntry_AcceptsArchiveKeyAndPath()
    {
        Assert.Equal(0, _cli.Run("audit", "entry", "archive-v0/-x9QabcdEFGH12_z"));
        Assert.Equal(0, _cli.Run("audit", "entry", "/cache/archive-v0/-x9QabcdEFGH12_z/"));
        Assert.Equal(2, _cli.Store.Calls.Count(c => c == "FindEntry -x9QabcdEFGH12_z"));
    }

    [Theory]
    [InlineData("bad/id")]
    [InlineData("not an id")]
    [InlineData("id.with.dots")]
    public void AuditEntry_InvalidId_IsUsageErrorBeforeOpeningAnything(string id) =>
        AssertUsageErrorAndNothingElse(_cli.Run("audit", "entry", "--", id), "is not an archive entry id");

    [Fact]
    public void Database_InsideTheCache_IsRefused() =>
        AssertUsageErrorAndNothingElse(_cli.Run("status", "--db", "/cache/gctool.sqlite3"), "inside the uv cache");

    [Fact]
    public void Database_FromEnvironment_InsideTheCache_IsRefused()
    {
        _cli.Environment["GCTOOL_DB"] = "/cache/sub/dir/gctool.db";
        AssertUsageErrorAndNothingElse(_cli.Run("status"), "inside the uv cache");
    }

    [Fact]
    public void Database_ThroughASymlinkedDirectoryIntoTheCache_IsRefused()
    {
        _cli.FileSystem.AddDirectory("/home/dev/state");
        _cli.Stat.AddDirectorySymlink("/home/dev/state", "/cache");
        AssertUsageErrorAndNothingElse(_cli.Run("status", "--db", "/home/dev/state/gctool.db"), "inside the uv cache");
    }

    [Fact]
    public void GlobalOptions_WorkBeforeAndAfterTheCommand()
    {
        Assert.Equal(0, _cli.Run("--json", "--db", "/tmp/a.db", "status"));
        Assert.Equal(0, _cli.Run("status", "--json", "--db", "/tmp/b.db"));
        Assert.Equal(["/tmp/a.db", "/tmp/b.db"], _cli.OpenedDatabases);
        using var json = JsonDocument.Parse(_cli.Stdout.ToString());
        Assert.Equal("/tmp/b.db", json.RootElement.GetProperty("database").GetString());
    }

    [Fact]
    public void CacheDirFlag_BeatsTheEnvironment()
    {
        _cli.FileSystem.AddFile("/other/CACHEDIR.TAG", new System.IO.Abstractions.TestingHelpers.MockFileData(GcTool.Core.Cache.UvCache.CacheDirTagSignature));
        Assert.Equal(0, _cli.Run("status", "--cache-dir", "/other"));
        Assert.Equal("/other", _cli.Store.BoundTo?.RealPath);
    }

    [Fact]
    public void Help_ExitsZero_AndShowsAnExample()
    {
        Assert.Equal(0, _cli.Run("gc", "--help"));
        Assert.Contains("gctool gc --dry-run", _cli.Stdout.ToString());
        Assert.Equal("", _cli.Stderr.ToString());
        Assert.False(_cli.TouchedAnything);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("roots")]
    [InlineData("roots", "list")]
    [InlineData("roots", "add")]
    [InlineData("roots", "remove")]
    [InlineData("gc")]
    [InlineData("audit")]
    [InlineData("audit", "env")]
    [InlineData("audit", "entry")]
    [InlineData("status")]
    public void EveryCommandsHelp_HasAnExample(params string[] command)
    {
        Assert.Equal(0, _cli.Run([.. command, "--help"]));
        var help = _cli.Stdout.ToString();
        Assert.Contains("Example", help);
        Assert.Contains($"  gctool {string.Join(' ', command)}", help);
    }

    [Fact]
    public void SlashH_IsAPath_NotHelp()
    {
        _cli.FileSystem.AddDirectory("/h");
        Assert.Equal(0, _cli.Run("roots", "add", "/h"));
        Assert.Contains("AddRoot /h", _cli.Store.Calls);
    }

    [Fact]
    public void Scan_PassesRootsAndFull()
    {
        _cli.FileSystem.AddDirectory("/srv/ci"); // roots must exist: checked before the database is opened
        Assert.Equal(0, _cli.Run("scan", "--full", "/home/dev/projects", "/srv/ci/"));
        var request = Assert.Single(_cli.Core.ScanRequests);
        Assert.True(request.Full);
        Assert.Equal(["/home/dev/projects", "/srv/ci"], request.AddRoots.Select(r => r.Value));
    }

    [Fact]
    public void Scan_WithoutRoots_RescansRegisteredOnes()
    {
        Assert.Equal(0, _cli.Run("scan"));
        Assert.Empty(Assert.Single(_cli.Core.ScanRequests).AddRoots);
    }
}
