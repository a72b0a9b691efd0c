using GcTool.Cli;
using GcTool.Cli.Output;
using GcTool.Cli.Output.Human;
using GcTool.Cli.Settings;
using GcTool.IntegrationTests.EndToEnd;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Cli;

/// <summary>The spellings users try first, because other tools taught them (make -n, git --color, curl --no-progress-meter).</summary>
public sealed class ConventionTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public ConventionTests()
    {
        _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();
    }

    public void Dispose() => _world.Dispose();

    [Fact]
    public void ShortN_IsDryRun()
    {
        var run = _world.Json("gc", "-n", "--min-age", "0s").AssertExit(0);

        Assert.True(run.Json.GetProperty("dry_run").GetBoolean());
        Assert.Single(run.PlannedIds);
        Assert.Single(Directory.GetDirectories(Path.Combine(_world.Cache.Root, "archive-v0")));
    }

    [Fact]
    public void ColorAlways_ColoursEvenAPipe() =>
        Assert.Contains("\u001b[", _world.Run("--color", "always", "roots", "list").AssertExit(0).Stdout);

    [Fact]
    public void ColorNever_ColoursNotEvenATerminal()
    {
        var env = new Dictionary<string, string?> { ["TERM"] = "xterm-256color" };
        var console = HumanConsole.Create(new StringWriter(), isTerminal: true, new EnvironmentVariables(env), ColorMode.Never);
        console.Write(new Spectre.Console.Text("x", new Spectre.Console.Style(Spectre.Console.Color.Red)));

        Assert.False(console.Profile.Capabilities.Ansi);
    }

    [Fact]
    public void ColorAuto_IsTheDefault_AndPlainInAPipe() =>
        Assert.DoesNotContain("\u001b[", _world.Run("--color", "auto", "roots", "list").AssertExit(0).Stdout);

    [Fact]
    public void ColorWithAnUnknownValue_IsAUsageError_ListingTheForms()
    {
        var run = _world.Run("--color", "sometimes", "status").AssertExit(2);

        Assert.Contains("auto, always or never", run.Stderr);
    }

    [Fact]
    public void NoProgress_IsAccepted_AndTurnsTheBarsOff()
    {
        _world.Run("--no-progress", "status").AssertExit(0);
        var xterm = new EnvironmentVariables(new Dictionary<string, string?> { ["TERM"] = "xterm-256color" });

        Assert.False(TerminalProgress.IsWanted(true, new GlobalSettings(null, null, false, Verbosity.Normal, NoProgress: true), xterm));
        Assert.True(TerminalProgress.IsWanted(true, new GlobalSettings(null, null, false, Verbosity.Normal), xterm));
    }

    [Fact]
    public void Weeks_AreADurationUnit() =>
        Assert.Equal(0, _world.Json("gc", "-n", "--min-age", "2w").AssertExit(0).Json.GetProperty("plan").GetArrayLength());

    [Fact]
    public void Status_NeverSplitsAPath_OnANarrowTerminal()
    {
        using var temp = TempDirectory.Create("gctool-status-");
        var deep = temp.Combine(string.Join('/', Enumerable.Repeat("a-directory-name-that-is-long", 5)), "projects");
        Directory.CreateDirectory(deep);
        _world.Run("roots", "add", deep).AssertExit(0);
        var stdout = new StringWriter { NewLine = "\n" };
        var host = CliHost.Real(stdout, new StringWriter(), new Dictionary<string, string?> { ["TERM"] = "xterm" }, stdoutIsTerminal: true, CancellationToken.None);

        Assert.Equal(0, GcToolApp.Run(["--cache-dir", _world.Cache.Root, "--db", _world.Database, "status"], host));
        var lines = stdout.ToString().Split('\n');
        Assert.Contains(lines, l => l.EndsWith(deep, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(_world.Database, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(_world.Cache.Root, StringComparison.Ordinal) || l.EndsWith(_world.Cache.RealRoot, StringComparison.Ordinal));
    }
}
