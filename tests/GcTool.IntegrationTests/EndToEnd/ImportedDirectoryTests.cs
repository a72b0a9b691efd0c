using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// What a venv imports is what it references: a <c>lib</c> symlinked to a directory elsewhere, and
/// <c>.pth</c> files naming directories inside the cache (uv's <c>--with</c> overlay does), on real
/// <c>python3 -m venv</c> venvs whose imports are checked after gc.
/// </summary>
public sealed class ImportedDirectoryTests : IDisposable
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-2);
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>Moves the venv's <c>lib</c> to <paramref name="elsewhere"/> and leaves <c>lib -&gt; elsewhere</c> (uv's <c>lib64 -&gt; lib</c> stays).</summary>
    private static void MoveLibElsewhere(VenvBuilder venv, string elsewhere)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
        Directory.Move(Path.Combine(venv.Path, "lib"), elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(venv.Path, "lib"), elsewhere);
    }

    /// <summary>A link's own mtime (Backdate leaves links alone): a fresh one makes the fingerprint racy, so re-read once more.</summary>
    private static void BackdateLink(string link) =>
        ProcessRunner.RunChecked("touch", "-h", "-d", $"@{new DateTimeOffset(LongAgo).ToUnixTimeSeconds()}", link);

    private static string WritePth(VenvBuilder venv, string name, string content)
    {
        var path = venv.SitePath(name);
        File.WriteAllText(path, content);
        return path;
    }

    private long ReferencedFiles(string environment, ArchiveEntry entry)
    {
        var audit = _world.Json("audit").AssertExit(0);
        return audit.Json.GetProperty("references").EnumerateArray()
            .Where(r => r.GetProperty("environment").GetString() == environment && r.GetProperty("entry").GetString()!.EndsWith(entry.Id, StringComparison.Ordinal))
            .Sum(r => r.GetProperty("file_count").GetInt64());
    }

    [Fact]
    public void Gc_KeepsTheEntriesAndImports_OfAVenvWhoseLibIsASymlinkToADirectoryElsewhere()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        MoveLibElsewhere(venv, _world.PathOf("shared-libs", "app-lib"));
        _world.ScanProjects();

        var gc = _world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(foo.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Scan_CountsTheFilesBehindASymlinkedLibOnce_ThoughLib64LeadsThereToo()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        var inPlace = ReferencesOf(venv, foo);
        MoveLibElsewhere(venv, _world.PathOf("shared-libs", "app-lib"));

        _world.Json("scan", "--full", _world.Projects).AssertExit(0);

        Assert.True(inPlace > 0);
        Assert.Equal(inPlace, ReferencedFiles(venv.Path, foo));
    }

    private long ReferencesOf(VenvBuilder venv, ArchiveEntry entry)
    {
        _world.ScanProjects();
        return ReferencedFiles(venv.Path, entry);
    }

    [Fact]
    public void Gc_KeepsAnEntryInstalledAfterTheScan_BehindASymlinkedLib()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var bar = _world.Cache.PersistWheel(Wheel.WithSubmodule("bar", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        MoveLibElsewhere(venv, _world.PathOf("shared-libs", "app-lib"));
        FileTree.Backdate(_world.PathOf("shared-libs"), LongAgo);
        FileTree.Backdate(_world.Projects, LongAgo);
        _world.ScanProjects();

        // Only the directory behind the link changes: the venv's own directories keep their mtimes.
        venv.Install(bar, LinkMode.Symlink);
        FileTree.Backdate(venv.SitePackages, LongAgo.AddMinutes(1));
        var gc = _world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(bar.Exists);
        PythonChecker.AssertImports(venv, "bar.sub");
    }

    [Fact]
    public void Gc_KeepsTheEntryAPthLineNames_AndTheImportThroughItWorks()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        WritePth(venv, "cached.pth", "# a comment\n" + foo.Path + "\n");
        PythonChecker.AssertImports(venv, "foo.sub");
        _world.ScanProjects();

        var gc = _world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(foo.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Gc_KeepsACachedVenv_ThatAnOverlayPthAddsWithAddsitedir_AsUvRunWithWritesIt()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var cached = _world.Cache.PersistCachedVenv([foo], UvLinkMode.Copy);
        // Nothing else keeps the cached venv: its environments-v2 link is gone.
        File.Delete(cached.PointerPath!);
        var cachedSite = Path.Combine(cached.Path, "lib", $"python{PythonRuntime.Default.MajorMinor}", "site-packages");
        var venv = _world.Venv("overlay");
        WritePth(venv, "_uv_ephemeral_overlay.pth", $"import site; site.addsitedir(\"{cachedSite}\")");
        PythonChecker.AssertImports(venv, "foo.sub");
        _world.ScanProjects();

        var gc = _world.Gc().AssertExit(0);

        Assert.DoesNotContain(cached.Id, gc.PlannedIds);
        Assert.True(cached.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Gc_NoticesAPthFileRewrittenInPlaceAfterTheScan()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        var pth = WritePth(venv, "extra.pth", "/nonexistent/nothing-yet\n");
        FileTree.Backdate(_world.Projects, LongAgo);
        _world.ScanProjects();

        // Rewritten in place: the file's mtime moves, its directory's does not.
        File.WriteAllText(pth, foo.Path + "\n");
        File.SetLastWriteTimeUtc(pth, LongAgo.AddMinutes(1));
        var gc = _world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(foo.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Rescan_ReadsNothingAgain_WhenNothingChanged_WithASymlinkedLibAndPthFiles()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        WritePth(venv, "cached.pth", foo.Path + "\n");
        MoveLibElsewhere(venv, _world.PathOf("shared-libs", "app-lib"));
        FileTree.Backdate(_world.PathOf("shared-libs"), LongAgo);
        FileTree.Backdate(_world.Projects, LongAgo);
        BackdateLink(Path.Combine(venv.Path, "lib"));
        BackdateLink(Path.Combine(venv.Path, "lib64"));
        _world.ScanProjects();

        var rescan = _world.ScanProjects();

        Assert.Equal(0, rescan.Json.GetProperty("environments_rescanned").GetInt64());
        Assert.Equal(1, rescan.Json.GetProperty("environments_unchanged").GetInt64());
    }

    [Fact]
    public void Gc_KeepsTheEntry_WhenAPthFileIsAFifo_AndTheVenvWasKnown()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        var pth = WritePth(venv, "cached.pth", foo.Path + "\n");
        _world.ScanProjects();
        File.Delete(pth);
        ProcessRunner.RunChecked("mkfifo", pth);

        var gc = _world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(foo.Exists);
        Assert.Contains(gc.Json.GetProperty("scan").GetProperty("skipped").EnumerateArray(), s => s.GetProperty("path").GetString() == pth);
    }
}
