using System.Text.Json;
using GcTool.Core.Platform;
using GcTool.IntegrationTests.Hostile;
using GcTool.TestSupport;
using static GcTool.IntegrationTests.Names.RawPaths;

namespace GcTool.IntegrationTests.Names;

/// <summary>
/// Names are bytes: a venv reached through a name that is not valid UTF-8 — its own directory, a link in it,
/// the root above it, or the target of its link — is discovered, read, recorded, kept and shown (escaped,
/// losslessly in JSON). Before, the scan skipped it and gc deleted the entry it uses.
/// </summary>
public sealed class NonUtf8NameTests : IDisposable
{
    public enum Where { VenvDirectoryName, LinkName, RootPath, LinkTarget }

    private readonly HostileWorld _world = new();
    private readonly ArchiveEntry _entry;

    public NonUtf8NameTests() =>
        _entry = _world.Cache.PersistWheel(Wheel.Named("foo", "1.0").WithModule("foo/__init__.py"));

    public void Dispose()
    {
        DeleteTree(_world.Temp.Path);
        _world.Dispose();
    }

    /// <summary>A root holding one venv that links to the entry only through a name with byte 0xFF (0xE9 for the root).</summary>
    private (string Root, string Venv, string Link, string Shown) Build(Where where)
    {
        var ff = Byte(0xff);
        var root = where == Where.RootPath ? _world.Temp.Path + $"/r{Byte(0xe9)}oot" : _world.Dir("root");
        CreateDirectories(root);
        var venv = FakeVenv(root + (where == Where.VenvDirectoryName ? $"/v{ff}env" : "/proj/.venv"));
        var link = SitePackages(venv) + (where == Where.LinkName ? $"/m{ff}.py" : "/mod.py");
        var target = FileOf(_entry);
        if (where == Where.LinkTarget)
        {
            // A directory symlink whose own name is not UTF-8 leads into the entry: only the kernel's
            // resolution of the exact bytes (realpath) can tell that the link lands in the cache.
            var door = _world.Temp.Path + $"/e{ff}";
            Symlink(_entry.Path, door);
            target = door + target[_entry.Path.Length..];
        }
        Symlink(target, link);
        var shown = where switch
        {
            Where.VenvDirectoryName => "/v\\xffenv",
            Where.LinkName => "/m\\xff.py",
            Where.RootPath => "/r\\xe9oot",
            _ => "/mod.py",
        };
        return (root, venv, link, shown);
    }

    private CliRun Scan(string root)
    {
        var scan = _world.Run("scan", root);
        Assert.True(scan.Exit == 0, scan.ToString());
        return scan;
    }

    [Theory]
    [InlineData(Where.VenvDirectoryName), InlineData(Where.LinkName), InlineData(Where.RootPath), InlineData(Where.LinkTarget)]
    public void Scan_RecordsTheReference_AndSkipsNothing(Where where)
    {
        var (root, venv, link, _) = Build(where);

        var scan = Scan(root);

        Assert.Empty(scan.Skipped());
        var audit = _world.Run("audit", "env", venv);
        Assert.True(audit.Exit == 0, audit.ToString());
        var use = Assert.Single(audit.Json.GetProperty("uses").EnumerateArray());
        Assert.Equal(_entry.Id, use.GetProperty("id").GetString());
        Assert.Equal(OsPath.Encode(link), Fsencode(audit, "uses", "sample_file"));
    }

    [Theory]
    [InlineData(Where.VenvDirectoryName), InlineData(Where.LinkName), InlineData(Where.RootPath), InlineData(Where.LinkTarget)]
    public void Gc_KeepsTheEntry(Where where)
    {
        var (root, _, _, _) = Build(where);
        Scan(root);

        var gc = _world.Run("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.Empty(gc.DeletedIds());
        Assert.True(_entry.Exists);
    }

    [Theory]
    [InlineData(Where.VenvDirectoryName), InlineData(Where.LinkName), InlineData(Where.RootPath), InlineData(Where.LinkTarget)]
    public void AuditAndExplain_ShowTheNameEscaped(Where where)
    {
        var (root, venv, _, shown) = Build(where);
        Scan(root);

        var audit = _world.RunRaw("--cache-dir", _world.Cache.Root, "--db", _world.Database, "audit", "entry", _entry.Id);
        var explain = _world.RunRaw("--cache-dir", _world.Cache.Root, "--db", _world.Database, "explain", _entry.Id);

        Assert.True(audit.Exit == 0 && explain.Exit == 0, audit + "\n" + explain);
        var venvShown = venv.Replace(Byte(0xff), "\\xff", StringComparison.Ordinal).Replace(Byte(0xe9), "\\xe9", StringComparison.Ordinal);
        Assert.Contains(venvShown, audit.Stdout);
        Assert.Contains(venvShown, explain.Stdout);
        Assert.Contains(shown, explain.Stdout); // the sample link, for a link's own name
        Assert.DoesNotContain('\uFFFD', audit.Stdout + explain.Stdout);
    }

    [Theory]
    [InlineData(Where.VenvDirectoryName), InlineData(Where.LinkName), InlineData(Where.RootPath), InlineData(Where.LinkTarget)]
    public void Json_GivesTheExactBytesOfThePaths(Where where)
    {
        var (root, venv, link, _) = Build(where);
        Scan(root);

        var audit = _world.Run("audit", "entry", _entry.Id);

        Assert.True(audit.Exit == 0, audit.ToString());
        Assert.Equal(OsPath.Encode(venv), Fsencode(audit, "users", "environment"));
        Assert.Equal(OsPath.Encode(link), Fsencode(audit, "users", "sample_file"));
    }

    [Fact]
    public void AuditEnv_FindsTheVenv_WhenItsPathIsGivenOnTheCommandLineAsRawBytes()
    {
        var (root, venv, _, _) = Build(Where.VenvDirectoryName);
        Scan(root);

        var audit = RunProcessWithRawLastArgument(venv, "audit", "env");

        Assert.True(audit.Exit == 0, audit.ToString());
        Assert.Equal(OsPath.Encode(venv), Fsencode(audit, "environment", "path"));
    }

    [Fact]
    public void RootsAdd_RegistersTheRoot_WhenItsPathIsGivenOnTheCommandLineAsRawBytes()
    {
        var (root, _, _, _) = Build(Where.RootPath);

        var add = RunProcessWithRawLastArgument(root, "roots", "add");
        var list = _world.Run("roots", "list");

        Assert.True(add.Exit == 0, add.ToString());
        Assert.Equal(OsPath.Encode(root), Fsencode(list, "roots", "path"));
    }

    /// <summary>
    /// Runs the built gctool as its own process whose last argument is <paramref name="path"/>'s exact bytes
    /// (bash's printf makes them; .NET's Process would write U+FFFD's bytes instead).
    /// </summary>
    private CliRun RunProcessWithRawLastArgument(string path, params string[] args)
    {
        var escaped = string.Concat(OsPath.Encode(path).Select(b => b < 0x80 && b != '\\' ? ((char)b).ToString() : $"\\x{b:x2}"));
        var dll = Path.Combine(AppContext.BaseDirectory, "gctool.dll");
        var result = ProcessRunner.Run("bash",
            ["-c", "raw=$(printf '%b' \"$1\"); shift; exec dotnet \"$@\" \"$raw\"", "bash", escaped,
             dll, "--json", "--cache-dir", _world.Cache.Root, "--db", _world.Database, .. args],
            environment: new Dictionary<string, string?> { ["HOME"] = _world.Temp.Path });
        return new CliRun(result.ExitCode, result.StdOut, result.StdErr);
    }

    /// <summary>
    /// What Python makes of a string in gctool's JSON: <c>os.fsencode(json.load(...)[list][0][field])</c> (or
    /// <c>[object][field]</c>),
    /// the documented way back to the path's bytes.
    /// </summary>
    private byte[] Fsencode(CliRun run, string list, string field)
    {
        var file = _world.Temp.Combine($"out-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, run.Stdout);
        var python = ProcessRunner.Run("python3",
            ["-c", "import json, os, sys; d = json.load(open(sys.argv[1]))[sys.argv[2]]; d = d[0] if isinstance(d, list) else d; print(os.fsencode(d[sys.argv[3]]).hex())", file, list, field]);
        Assert.True(python.ExitCode == 0, python.StdErr);
        return Convert.FromHexString(python.StdOut.Trim());
    }
}
