using System.Diagnostics;

namespace GcTool.IntegrationTests.Locking;

/// <summary>
/// Another process holding a flock on a file, as uv does: <c>flock -s|-x FILE sh -c '…'</c>. The
/// shell prints "ready" once the lock is held and touches <see cref="FinishedMarker"/> just before
/// it exits, i.e. strictly before flock(1) exits and releases the lock.
/// </summary>
internal sealed class FlockHolder : IDisposable
{
    private readonly Process _process;

    private FlockHolder(Process process, string finishedMarker)
    {
        _process = process;
        FinishedMarker = finishedMarker;
    }

    /// <summary>Exists once the holder's command finished; the lock is released only after that.</summary>
    public string FinishedMarker { get; }

    public bool HasExited => _process.HasExited;

    public static FlockHolder Shared(string lockPath, TimeSpan hold) => Start("-s", lockPath, hold);

    public static FlockHolder Exclusive(string lockPath, TimeSpan hold) => Start("-x", lockPath, hold);

    private static FlockHolder Start(string mode, string lockPath, TimeSpan hold)
    {
        var marker = lockPath + $".finished-{Guid.NewGuid():N}";
        var script = $"echo ready; sleep {hold.TotalSeconds:0.###}; touch '{marker}'";
        var start = new ProcessStartInfo("flock") { RedirectStandardOutput = true, UseShellExecute = false };
        // -o: only flock(1) itself holds the descriptor, not the shell it runs, so once the flock
        // process has exited (Dispose waits for it) the lock is free; a killed shell's children
        // could otherwise keep it a moment longer.
        foreach (var arg in new[] { "-o", mode, lockPath, "sh", "-c", script }) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("flock did not start");
        var holder = new FlockHolder(process, marker);
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != "ready")
        {
            holder.Dispose();
            throw new InvalidOperationException($"flock {mode} {lockPath} did not report ready");
        }
        return holder;
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        File.Delete(FinishedMarker);
    }

    /// <summary>Runs <c>flock -n -s|-x FILE true</c>: exit 0 if the lock was free, 1 if it was held.</summary>
    public static int TryFlockNow(string mode, string lockPath)
    {
        var start = new ProcessStartInfo("flock") { UseShellExecute = false };
        foreach (var arg in new[] { "-n", mode, lockPath, "true" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("flock did not start");
        process.WaitForExit();
        return process.ExitCode;
    }
}
