using System.Diagnostics;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety.Support;

/// <summary>
/// gctool as a real child process (<c>dotnet gctool.dll</c>, the CLI built next to this test
/// assembly), so it can be killed with SIGKILL, signalled, and armed with <c>GCTOOL_FAULT</c> without
/// touching the test host's environment.
/// </summary>
internal sealed partial class GctoolProcess : IDisposable
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "gctool.dll");

    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GctoolProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("gctool: fault: paused", StringComparison.Ordinal)) _paused.TrySetResult();
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Starts gctool with the world's cache and database; <paramref name="fault"/> sets GCTOOL_FAULT.</summary>
    public static GctoolProcess Start(SafetyWorld world, string? fault, params string[] args)
    {
        // Started the way a terminal starts it: a test run launched in the background of a
        // non-interactive shell (`.ci/run &`, two suites at once) passes SIGINT on as ignored, and
        // .NET rightly leaves an inherited SIG_IGN for SIGINT alone, so Ctrl-C would never arrive.
        // env(1) resets it to the default and then execs dotnet in the same process.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in world.Environment) info.Environment[key] = value;
        if (fault is null) info.Environment.Remove(GcTool.Core.FaultInjection.Variable);
        else info.Environment[GcTool.Core.FaultInjection.Variable] = fault;
        return new GctoolProcess(Process.Start(info) ?? throw new InvalidOperationException("env did not start dotnet"));
    }

    /// <summary>Runs to completion.</summary>
    public static ProcessResult Run(SafetyWorld world, string? fault, params string[] args)
    {
        using var process = Start(world, fault, args);
        return process.WaitForExit(TimeSpan.FromMinutes(2));
    }

    /// <summary>True once the process printed that it paused at its fault point.</summary>
    public bool WaitUntilPaused(TimeSpan timeout) => _paused.Task.Wait(timeout);

    /// <summary>Polls until stderr contains <paramref name="fragment"/>; false on timeout or exit.</summary>
    public bool WaitForStderr(string fragment, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_stderr) if (_stderr.ToString().Contains(fragment, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return false;
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>Sends <paramref name="signal"/> unless the process already exited; false if it had.</summary>
    public bool TrySignal(int signal) => !_process.HasExited && Kill(_process.Id, signal) == 0;

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    public ProcessResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            throw new TimeoutException($"gctool did not finish in {timeout}:\n{_stderr}");
        }
        _process.WaitForExit();
        lock (_stdout) lock (_stderr) return new ProcessResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    public const int SigInt = 2, SigKill = 9, SigTerm = 15, SigCont = 18;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
