using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// <c>gc --metrics-file</c>, read back by a real parser of Prometheus' text format: the Python client
/// library's (<c>prometheus_client.parser</c>, Debian <c>python3-prometheus-client</c>, which
/// <c>.ci/run</c> installs), the parser node_exporter's own format is specified against.
/// </summary>
public sealed class MetricsFileTests : IDisposable
{
    private const string Parse = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = {}
        for family in text_string_to_metric_families(open(sys.argv[1]).read()):
            assert family.type == "gauge", family
            for sample in family.samples:
                out[sample.name] = {"value": sample.value, "labels": sample.labels}
        print(json.dumps(out))
        """;

    private readonly GcToolWorld _world = new();
    private readonly string _metrics;

    public MetricsFileTests()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();
        _metrics = _world.PathOf("textfile", "gctool.prom");
        Directory.CreateDirectory(Path.GetDirectoryName(_metrics)!);
    }

    public void Dispose() => _world.Dispose();

    private Dictionary<string, (double Value, string Cache)> Read()
    {
        var run = ProcessRunner.Run(PrometheusParser.Python!, ["-c", Parse, _metrics]);
        Assert.True(run.Succeeded, run.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(run.StdOut);
        return json.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => (p.Value.GetProperty("value").GetDouble(), p.Value.GetProperty("labels").GetProperty("cache").GetString()!));
    }

    [PrometheusParserFact]
    public void Gc_WritesEveryFigure_InTheTextFormat()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var gc = _world.Json("gc", "--min-age", "0s", "--metrics-file", _metrics).AssertExit(0).Json;

        var m = Read();

        Assert.Equal(0, m["gctool_last_exit_code"].Value);
        Assert.InRange(m["gctool_last_run_timestamp_seconds"].Value, before, before + 3600);
        Assert.Equal(m["gctool_last_run_timestamp_seconds"].Value, m["gctool_last_success_timestamp_seconds"].Value);
        Assert.Equal(1, m["gctool_last_deleted_entries"].Value);
        Assert.Equal(gc.GetProperty("bytes_freed").GetInt64(), (long)m["gctool_last_deleted_bytes"].Value);
        Assert.Equal(_world.Json("status").Json.GetProperty("cache_bytes").GetInt64(), (long)m["gctool_cache_bytes"].Value);
        Assert.Equal(0, m["gctool_reclaimable_bytes"].Value);
        Assert.Equal(1, m["gctool_environments"].Value);
        Assert.Equal(0, m["gctool_roots_refused"].Value);
        Assert.True(m.ContainsKey("gctool_last_lock_wait_seconds") && m.ContainsKey("gctool_last_lock_hold_seconds"));
        Assert.All(m.Values, v => Assert.Equal(_world.Cache.RealRoot, v.Cache));
        Assert.Equal(["gctool.prom"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(_metrics)!).Select(Path.GetFileName)); // no temp file left
    }

    [PrometheusParserFact]
    public void ARefusedRun_RecordsItsExitCodeAndRootsRefused_AndKeepsTheLastSuccess()
    {
        _world.Run("gc", "-n", "--min-age", "0s", "--metrics-file", _metrics).AssertExit(0);
        var success = Read()["gctool_last_success_timestamp_seconds"].Value;
        var gone = Directory.CreateDirectory(_world.PathOf("gone")).FullName;
        _world.Run("roots", "add", gone).AssertExit(0);
        Directory.Delete(gone);

        _world.Run("gc", "--min-age", "0s", "--metrics-file", _metrics).AssertExit(4);

        var m = Read();
        Assert.Equal(4, m["gctool_last_exit_code"].Value);
        Assert.Equal(1, m["gctool_roots_refused"].Value);
        Assert.Equal(success, m["gctool_last_success_timestamp_seconds"].Value);
        Assert.Equal(0, m["gctool_last_deleted_entries"].Value);
    }

    [Fact]
    public void AMissingDirectory_IsAUsageError_BeforeAnythingIsDeleted()
    {
        var run = _world.Run("gc", "--min-age", "0s", "--metrics-file", _world.PathOf("no-such-dir", "gctool.prom")).AssertExit(2);

        Assert.Contains("does not exist", run.Stderr);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_world.Cache.Root, "archive-v0")).Length);
    }
}

/// <summary>Finds a python3 that can import <c>prometheus_client</c> (the Debian package installs it for /usr/bin/python3).</summary>
internal static class PrometheusParser
{
    public static string? Python { get; } = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(CanImport);

    private static bool CanImport(string python)
    {
        try
        {
            return ProcessRunner.Run(python, ["-c", "import prometheus_client.parser"]).Succeeded;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}

public sealed class PrometheusParserFactAttribute : FactAttribute
{
    public PrometheusParserFactAttribute()
    {
        if (PrometheusParser.Python is null) Skip = "python3's prometheus_client is not installed (apt-get install python3-prometheus-client; .ci/run installs it)";
    }
}
