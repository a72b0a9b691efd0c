using GcTool.Cli;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary><c>gctool demo DIR</c> end to end, in this process, with HOME and every XDG directory in a temp dir that must stay empty.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly TempDirectory _temp = TempDirectory.Create("gctool-demo-test-");

    public void Dispose() => _temp.Dispose();

    private (int Exit, string Stdout, string Stderr) Demo(string dir, string path)
    {
        var home = _temp.CreateDirectory("home");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["PATH"] = path,
            ["XDG_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["XDG_STATE_HOME"] = Path.Combine(home, "state"),
            ["XDG_CONFIG_HOME"] = Path.Combine(home, "config"),
        };
        var exit = GcToolApp.Run(["demo", dir], stdout, stderr, environment);
        Assert.Empty(Directory.EnumerateFileSystemEntries(home)); // nothing outside DIR
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Demo_WithJson_IsAUsageError_AndBuildsNothing()
    {
        var dir = _temp.Combine("demo");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = GcToolApp.Run(["--json", "demo", dir], stdout, stderr, new Dictionary<string, string?> { ["HOME"] = _temp.CreateDirectory("home") });

        Assert.Equal(2, exit);
        Assert.Contains("without --json", stdout.ToString() + stderr.ToString());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Demo_RunsEveryStep_KeepsWhatUvsPruneWouldBreak_AndBreaksNothing()
    {
        var dir = _temp.Combine("demo");

        var (exit, stdout, stderr) = Demo(dir, Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        foreach (var step in new[] { " scan ", " gc --dry-run --min-age 0s", " gc --min-age 0s", " doctor", " report --html " })
            Assert.Contains(step, stdout);
        Assert.Matches("archive-v0/\\S+ +greet 1.0 +deletes it: breaks symlink-app +kept: 1 environment links into it", stdout);
        Assert.Matches("archive-v0/\\S+ +oldlib 1.2 +deletes it \\(harmless\\) +deleted: no environment uses it", stdout);
        Assert.Contains("Repair: cd " + Path.Combine(dir, "projects", "broken-app") + " && uv sync --reinstall-package units", stdout);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.True(File.Exists(Path.Combine(dir, "gctool.sqlite3")));
        if (stdout.Contains("The venvs are real", StringComparison.Ordinal))
        {
            foreach (var ok in new[] { "symlink-app: ok", "hardlink-app: ok", "copy-app: ok", "tools/demo-tool: ok" }) Assert.Contains(ok, stdout);
            Assert.Contains("broken-app: ModuleNotFoundError: No module named 'units.metre'", stdout);
        }
    }

    [Fact]
    public void Demo_WithoutPython_BuildsVenvShapedDirectories_AndSaysSo()
    {
        var (exit, stdout, stderr) = Demo(_temp.Combine("demo"), _temp.CreateDirectory("empty-path"));

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("No working python3 -m venv here: the venvs are venv-shaped directories", stdout);
        Assert.Contains("deletes it: breaks symlink-app", stdout);
        Assert.DoesNotContain("Imports after gctool gc", stdout);
    }

    [Fact]
    public void Demo_RefusesADirectoryThatIsNotEmpty_AndTouchesNothingInIt()
    {
        var dir = _temp.CreateDirectory("taken");
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");

        var (exit, _, stderr) = Demo(dir, "/usr/bin:/bin");

        Assert.Equal(2, exit);
        Assert.Contains("is not an empty directory", stderr);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
    }
}
