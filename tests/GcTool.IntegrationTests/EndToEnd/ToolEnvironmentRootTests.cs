using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// uv's tool environments (<c>uv tool install</c>) as implicit roots: a user who registers only
/// ~/projects must not lose the entries a symlink-mode tool env links to.
/// </summary>
public sealed class ToolEnvironmentRootTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>A fake home directory, and HOME pointing at it.</summary>
    private (string Home, Dictionary<string, string?> Env) Home(string name = "home")
    {
        var home = Directory.CreateDirectory(_world.PathOf(name)).FullName;
        return (home, new Dictionary<string, string?> { ["HOME"] = home });
    }

    private static string ToolsOf(string home) => Path.Combine(home, ".local", "share", "uv", "tools");

    /// <summary>The seed scenario with a tool env: its entry's uv pointer was refreshed, so uv's prune would delete it.</summary>
    private (ArchiveEntry Entry, VenvBuilder Tool) ToolInstalledUnder(string toolsDirectory)
    {
        var ruff = _world.Cache.PersistWheel(Wheel.WithSubmodule("ruff", "1.0"));
        var tool = VenvBuilder.Create(Path.Combine(toolsDirectory, "ruff"));
        tool.Install(ruff, LinkMode.Symlink);
        _world.Cache.Refresh(ruff);
        return (ruff, tool);
    }

    [Fact]
    public void Gc_KeepsTheEntriesOfAToolEnvInTheUsersHome_WhenOnlyProjectsIsRegistered()
    {
        var (home, env) = Home();
        var (ruff, tool) = ToolInstalledUnder(ToolsOf(home));

        _world.RunWith(env, "--json", "scan", _world.Projects).AssertExit(0);
        var gc = _world.RunWith(env, "--json", "gc", "--min-age", "0s").AssertExit(0);

        Assert.DoesNotContain(ruff.Id, gc.PlannedIds);
        Assert.True(ruff.Exists);
        PythonChecker.AssertImports(tool, "ruff.sub");
    }

    [Fact]
    public void Gc_KeepsTheEntriesOfAToolEnvInUvToolDir()
    {
        var tools = _world.PathOf("custom-tools");
        var (ruff, tool) = ToolInstalledUnder(tools);
        var env = new Dictionary<string, string?> { ["UV_TOOL_DIR"] = tools };

        _world.RunWith(env, "--json", "scan", _world.Projects).AssertExit(0);
        _world.RunWith(env, "--json", "gc", "--min-age", "0s").AssertExit(0);

        Assert.True(ruff.Exists);
        PythonChecker.AssertImports(tool, "ruff.sub");
    }

    [Fact]
    public void Gc_KeepsTheEntriesOfAnotherUsersToolEnv_FoundThroughThePasswdDatabase()
    {
        var other = Directory.CreateDirectory(_world.PathOf("other-user")).FullName;
        File.WriteAllText(_world.PasswdFile, $"root:x:0:0:root:/nonexistent-root:/bin/sh\nalice:x:1001:1001::{other}:/bin/bash\nbroken line\n");
        var (ruff, tool) = ToolInstalledUnder(ToolsOf(other));

        _world.ScanProjects();
        _world.Gc().AssertExit(0);

        Assert.True(ruff.Exists);
        PythonChecker.AssertImports(tool, "ruff.sub");
    }

    [Fact]
    public void AnotherUsersToolDirectory_ReachedThroughASymlinkBelowTheHome_IsNotARoot()
    {
        var other = Directory.CreateDirectory(_world.PathOf("other-user")).FullName;
        File.WriteAllText(_world.PasswdFile, $"alice:x:1001:1001::{other}:/bin/bash\n");
        var elsewhere = Directory.CreateDirectory(_world.PathOf("elsewhere", "share", "uv", "tools")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(other, ".local"), _world.PathOf("elsewhere"));

        var roots = _world.Json("roots", "list").AssertExit(0);

        Assert.Empty(roots.Json.GetProperty("roots").EnumerateArray());
        Assert.Contains("symlink below the home directory", roots.Stderr);
        Assert.True(Directory.Exists(elsewhere));
    }

    [Fact]
    public void RootsList_ShowsTheToolDirectoryAsImplicit()
    {
        var (home, env) = Home();
        Directory.CreateDirectory(ToolsOf(home));
        _world.RunWith(env, "roots", "add", _world.Projects).AssertExit(0);

        var json = _world.RunWith(env, "--json", "roots", "list").AssertExit(0).Json.GetProperty("roots");
        var human = _world.RunWith(env, "roots", "list").AssertExit(0).Stdout;

        var byPath = json.EnumerateArray().ToDictionary(r => r.GetProperty("path").GetString()!, r => r.GetProperty("implicit").GetBoolean());
        Assert.True(byPath[ToolsOf(home)]);
        Assert.False(byPath[_world.Projects]);
        Assert.Contains("(implicit)", human);
    }

    [Fact]
    public void AToolDirectoryThatDoesNotExist_IsSimplyAbsent()
    {
        var (_, env) = Home();
        _world.RunWith(env, "--json", "scan", _world.Projects).AssertExit(0);

        var roots = _world.RunWith(env, "--json", "roots", "list").AssertExit(0).Json.GetProperty("roots");
        _world.RunWith(env, "--json", "gc", "--dry-run").AssertExit(0);

        Assert.Single(roots.EnumerateArray());
    }

    [Fact]
    public void Gc_Refuses_WhenAToolDirectorySeenBeforeIsGone()
    {
        var (home, env) = Home();
        var (ruff, _) = ToolInstalledUnder(ToolsOf(home));
        _world.RunWith(env, "--json", "scan", _world.Projects).AssertExit(0);
        FileTree.DeleteTree(ToolsOf(home));   // an unmounted home looks exactly like this

        var gc = _world.RunWith(env, "--json", "gc", "--min-age", "0s").AssertExit(4);

        Assert.Contains(ToolsOf(home), gc.Stderr);
        Assert.True(ruff.Exists);
    }

    [Fact]
    public void ImplicitRoots_CanBeTurnedOff_AndTheirEntriesAreThenCollectable()
    {
        var (home, env) = Home();
        var (ruff, _) = ToolInstalledUnder(ToolsOf(home));
        _world.RunWith(env, "--json", "scan", _world.Projects).AssertExit(0);
        var config = _world.PathOf("gctool.toml");
        File.WriteAllText(config, "implicit-roots = false\n");
        env["GCTOOL_CONFIG"] = config;

        var gc = _world.RunWith(env, "--json", "gc", "--min-age", "0s").AssertExit(0);
        var roots = _world.RunWith(env, "--json", "roots", "list").AssertExit(0).Json.GetProperty("roots");

        Assert.Contains(ruff.Id, gc.PlannedIds);
        Assert.DoesNotContain(roots.EnumerateArray(), r => r.GetProperty("implicit").GetBoolean());
    }
}
