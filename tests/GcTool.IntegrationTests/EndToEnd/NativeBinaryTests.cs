using GcTool.Core.Environments;
using System.Text.Json;
using GcTool.IntegrationTests.Postgres;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// A fact that runs the Native AOT gctool: the one GCTOOL_NATIVE_BINARY names, else one published from
/// this checkout (needs clang, as any Native AOT build does; skipped without it, and .ci/run installs it).
/// </summary>
public sealed class NativeBinaryFactAttribute : FactAttribute
{
    public const string Variable = "GCTOOL_NATIVE_BINARY";

    public NativeBinaryFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path)
        {
            if (!File.Exists(path)) Skip = $"{Variable}={path} does not exist";
        }
        else if (!NativeBinary.CanPublish)
            Skip = $"no clang on PATH to publish the native gctool (apt-get install clang zlib1g-dev), and {Variable} is not set";
    }
}

/// <summary>The native gctool under test: published once per test run into artifacts/test-native (seconds when nothing changed).</summary>
internal static class NativeBinary
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The ILCompiler links with clang, or a versioned clang-N as Debian installs it.</summary>
    public static bool CanPublish => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Where(Directory.Exists)
        .Any(d => Directory.EnumerateFiles(d, "clang*").Select(System.IO.Path.GetFileName).Any(n => n == "clang" || IsVersionedClang(n!)));

    private static bool IsVersionedClang(string name) => name.StartsWith("clang-", StringComparison.Ordinal) && name[6..].All(char.IsAsciiDigit) && name.Length > 6;

    public static string Path => Environment.GetEnvironmentVariable(NativeBinaryFactAttribute.Variable) is { Length: > 0 } given ? given : Published.Value;

    private static string Publish()
    {
        var repository = Repository();
        var output = System.IO.Path.Combine(repository, "artifacts", "test-native");
        var result = ProcessRunner.Run("dotnet",
            ["publish", System.IO.Path.Combine(repository, "src", "GcTool.Cli"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
             "-o", output, "-nologo", "-v", "quiet", "-nodeReuse:false"],
            // A safety net against a hung build only: a Native AOT publish takes 2-3 minutes on an idle
            // machine and was seen to take over 10 on a loaded one, which must not fail the suite.
            timeout: TimeSpan.FromMinutes(60));
        var binary = System.IO.Path.Combine(output, "gctool");
        if (result.ExitCode != 0 || !File.Exists(binary)) throw new InvalidOperationException($"publishing the native gctool failed: {result}");
        return binary;
    }

    internal static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GcTool.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no GcTool.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// The shipped binary is Native AOT: trimming and the absence of Reflection.Emit can break code that
/// passes every in-process test. These run that binary, as a user would, over a real cache.
/// </summary>
public sealed class NativeBinaryTests : IDisposable
{
    private readonly GcToolWorld _world = new();
    private static string Binary => NativeBinary.Path;

    public void Dispose() => _world.Dispose();

    private ProcessResult Native(string database, params string[] args)
    {
        var result = ProcessRunner.Run(Binary, ["--cache-dir", _world.Cache.Root, "--db", database, .. args],
            new Dictionary<string, string?> { ["HOME"] = _world.PathOf("home"), ["GCTOOL_CONFIG"] = null, ["GCTOOL_DB"] = null });
        Assert.True(result.ExitCode == 0, $"gctool {string.Join(' ', args)}: {result}");
        return result;
    }

    private static JsonElement Json(ProcessResult result) => JsonDocument.Parse(result.StdOut).RootElement;

    [NativeBinaryFact]
    public void EveryCommand_WorksOnSqlite()
    {
        var kept = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(kept, LinkMode.Symlink);
        var db = _world.Database;

        Assert.StartsWith("0.", Native(db, "--version").StdOut);
        var scan = Json(Native(db, "--json", "scan", _world.Projects));
        Assert.Equal(1, scan.GetProperty("environments_found").GetInt32());
        Assert.Equal(2, scan.GetProperty("entries").GetInt32());
        Native(db, "scan", _world.Projects);
        Native(db, "roots", "list");

        var dry = Json(Native(db, "--json", "gc", "--dry-run", "--min-age", "0s"));
        Assert.Equal([orphan.Id], dry.GetProperty("plan").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.True(orphan.Exists);
        Native(db, "gc", "--dry-run", "--min-age", "0s");

        var gc = Json(Native(db, "--json", "gc", "--min-age", "0s"));
        Assert.All(gc.GetProperty("plan").EnumerateArray(), i => Assert.Equal("deleted", i.GetProperty("state").GetString()));
        Assert.False(orphan.Exists);
        Assert.True(kept.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");

        Json(Native(db, "--json", "audit"));
        Native(db, "audit");
        Assert.Contains(kept.Id, Native(db, "--json", "audit", "env", venv.Path).StdOut);
        Assert.Contains(venv.Path, Native(db, "--json", "audit", "entry", "--", kept.Id).StdOut);
        Native(db, "explain", "--", kept.Id);

        var status = Json(Native(db, "--json", "status"));
        Assert.Equal(JsonValueKind.Object, status.ValueKind);
        Native(db, "status");
        Native(db, "config", "show");
        Json(Native(db, "--json", "config", "show"));
        Native(db, "doctor", _world.Projects);
        Json(Native(db, "--json", "doctor", _world.Projects));
        Native(db, "hosts", "list");
        Native(db, "report", "--html", _world.PathOf("report.html"));
        Assert.True(File.Exists(_world.PathOf("report.html")));
    }

    [NativeBinaryFact]
    public void ScanAndGc_WorkOnPostgres()
    {
        if (RequiresPostgresAttribute.SkipReason is { } reason)
        {
            Console.Error.WriteLine($"Postgres part not run: {reason}");
            return;
        }
        using var server = PostgresServer.Start();
        var url = server.Url(schema: server.CreateSchema());
        var kept = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.Venv("app").Install(kept, LinkMode.Symlink);

        Native(url, "--json", "scan", _world.Projects);
        Native(url, "--json", "scan");
        var gc = Json(Native(url, "--json", "gc", "--min-age", "0s"));
        Assert.Equal([orphan.Id], gc.GetProperty("plan").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.False(orphan.Exists);
        Assert.True(kept.Exists);
        Json(Native(url, "--json", "audit"));
        Json(Native(url, "--json", "status"));
        Native(url, "hosts", "list");
    }
}
