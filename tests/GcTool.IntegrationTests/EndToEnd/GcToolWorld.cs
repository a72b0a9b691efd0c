using System.Text.Json;
using GcTool.Cli;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>What one gctool invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>Ids of the entries the gc plan lists (deleted, or would-be deleted in a dry run).</summary>
    public IReadOnlyList<string> PlannedIds => Json.GetProperty("plan").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    public CliResult AssertExit(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit {expected}, got {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
        return this;
    }
}

/// <summary>
/// A real uv cache, a directory of projects registered as a root, and a database beside them,
/// driven through the real CLI entry point in-process.
/// </summary>
public sealed class GcToolWorld : IDisposable
{
    private readonly TempDirectory _temp = TempDirectory.Create("gctool-e2e-");

    public UvCacheBuilder Cache { get; }
    public string Projects { get; }
    public string Database { get; }

    /// <summary>
    /// The passwd database gctool reads (it runs as root in the tests, so every home listed here has an
    /// implicit tool directory). Missing until a test writes it, so the machine's own homes never count.
    /// </summary>
    public string PasswdFile { get; }

    public GcToolWorld(string? cacheGivenAs = null, CacheLayout layout = CacheLayout.Classic)
    {
        Cache = UvCacheBuilder.Create(_temp.Combine("cache"), cacheGivenAs is null ? null : _temp.Combine(cacheGivenAs), layout);
        Projects = _temp.CreateDirectory("projects");
        Database = _temp.Combine("state", "gctool.sqlite3");
        PasswdFile = _temp.Combine("passwd");
    }

    public string PathOf(params string[] relative) => _temp.Combine(relative);

    /// <summary>A new venv in <c>projects/&lt;name&gt;/.venv</c>.</summary>
    public VenvBuilder Venv(string name) => VenvBuilder.Create(Path.Combine(Projects, name, ".venv"));

    public CliResult Run(params string[] args) => RunWith(new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="Run"/>, with these environment variables (e.g. GCTOOL_CONFIG).</summary>
    public CliResult RunWith(IDictionary<string, string?> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return RunWithout(environment, ["--cache-dir", Cache.Root, "--db", Database, .. args]);
    }

    /// <summary>Exactly <paramref name="args"/> (no --cache-dir, no --db): for tests of where those come from.</summary>
    public CliResult RunWithout(IDictionary<string, string?> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = CliHost.Real(stdout, stderr, environment, stdoutIsTerminal: false, CancellationToken.None) with { PasswdFile = PasswdFile };
        var code = GcToolApp.Run(args, host);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public CliResult Json(params string[] args) => Run(["--json", .. args]);

    /// <summary>As <see cref="Gc"/>, calling <paramref name="onStderr"/> with all gctool wrote to stderr so far, each time it writes.</summary>
    public CliResult GcObservingStderr(Action<string> onStderr, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new ObservedWriter(onStderr);
        string[] all = ["--cache-dir", Cache.Root, "--db", Database, "--json", "gc", "--min-age", "0s", .. extra];
        var code = GcToolApp.Run(all, stdout, stderr, new Dictionary<string, string?>());
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    private sealed class ObservedWriter(Action<string> onWrite) : StringWriter
    {
        public override void Write(char value) { base.Write(value); onWrite(ToString()); }
        public override void Write(string? value) { base.Write(value); onWrite(ToString()); }
        public override void Write(char[] buffer, int index, int count) { base.Write(buffer, index, count); onWrite(ToString()); }
    }

    public CliResult ScanProjects() => Json("scan", Projects).AssertExit(0);

    public CliResult Gc(params string[] extra) => Json(["gc", "--min-age", "0s", .. extra]);

    /// <summary>Every path under the temp root with its kind and link target: equal snapshots mean nothing changed on disk.</summary>
    public IReadOnlyList<string> DiskSnapshot(string root) =>
        FileTree.Walk(root).Select(p => $"{p} {FileTree.KindOf(p)} {(FileTree.IsSymlink(p) ? new FileInfo(p).LinkTarget : "")}").Order(StringComparer.Ordinal).ToList();

    public void Dispose() => _temp.Dispose();
}
