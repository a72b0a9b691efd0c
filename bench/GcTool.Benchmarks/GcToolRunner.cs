using System.Diagnostics;
using System.Text.Json;

namespace GcTool.Benchmarks;

/// <summary>One gctool process: wall time, output, and its peak RSS as <c>/usr/bin/time</c> reports it.</summary>
public sealed record GcToolRun(TimeSpan Elapsed, string Stdout, string Stderr, int ExitCode, long PeakRssKb)
{
    public long JsonLong(string property) =>
        JsonDocument.Parse(Stdout).RootElement.TryGetProperty(property, out var value) ? value.GetInt64() : -1;
}

/// <summary>Runs one gctool binary (<see cref="GcToolBinary"/>) against one cache and one database.</summary>
public sealed class GcToolRunner(string binary, string cache, string database)
{
    private readonly string _binary = binary;
    private readonly string _rssFile = database + ".rss";
    private Stopwatch _clock = new();

    public GcToolRun Run(params string[] args)
    {
        var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return Finish(process, stdout, stderr.Result);
    }

    /// <summary>Starts gctool and returns it with its stderr still open (to watch for the lock-wait message).</summary>
    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-f", "%M", "-o", _rssFile, _binary, "--cache-dir", cache, "--db", database }.Concat(args))
            info.ArgumentList.Add(a);
        _clock = Stopwatch.StartNew();
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start gctool");
    }

    public GcToolRun Finish(Process process, Task<string> stdout, string stderr)
    {
        process.WaitForExit();
        var elapsed = _clock.Elapsed;
        var rss = long.TryParse(File.ReadAllLines(_rssFile).LastOrDefault()?.Trim(), out var kb) ? kb : -1;
        var run = new GcToolRun(elapsed, stdout.Result, stderr, process.ExitCode, rss);
        process.Dispose();
        return run;
    }

    public GcToolRun Check(params string[] args)
    {
        var run = Run(args);
        if (run.ExitCode != 0) throw new InvalidOperationException($"gctool {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}");
        return run;
    }
}
