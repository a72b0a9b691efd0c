using System.Diagnostics;

namespace GcTool.Benchmarks;

/// <summary>Runs a process to completion; throws with its stderr when it fails.</summary>
internal static class Shell
{
    public static (TimeSpan Elapsed, string Stdout, string Stderr, int ExitCode) Run(string file, params string[] args) =>
        RunIn(null, file, args);

    public static (TimeSpan Elapsed, string Stdout, string Stderr, int ExitCode) RunIn(IDictionary<string, string>? env, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = clock.Elapsed;
        return (elapsed, stdout.Result, stderr.Result, process.ExitCode);
    }

    public static (TimeSpan Elapsed, string Stdout, string Stderr) Check(string file, params string[] args)
    {
        var (elapsed, stdout, stderr, code) = Run(file, args);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {stderr}");
        return (elapsed, stdout, stderr);
    }

    /// <summary>Times a shell pipeline (for the floor walk, whose output goes to /dev/null).</summary>
    public static TimeSpan Time(string script) => Check("/bin/sh", "-c", script).Elapsed;
}
