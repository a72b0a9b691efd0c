using System.Diagnostics;

namespace GcTool.IntegrationTests.Locking;

/// <summary>
/// Another process holding a flock on a file, as uv does: <c>flock -s|-x FILE sh -c '…'</c>. The
/// shell prints "ready" once the lock is held, then holds it until the test calls
/// <see cref="Release"/> (which closes the shell's stdin), and touches <see cref="FinishedMarker"/>
/// just before it exits, i.e. strictly before flock(1) exits and releases the lock. Nothing here
/// depends on how long anything takes: the holder holds until told.
/// </summary>
internal sealed class FlockHolder : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromMinutes(2);
    private readonly Process _process;

    private FlockHolder(Process process, string finishedMarker)
    {
        _process = process;
        FinishedMarker = finishedMarker;
    }

    /// <summary>Exists once the holder's command finished; the lock is released only after that.</summary>
    public string FinishedMarker { get; }

    public bool HasExited => _process.HasExited;

    public static FlockHolder Shared(string lockPath) => Start("-s", lockPath);

    public static FlockHolder Exclusive(string lockPath) => Start("-x", lockPath);

    private static FlockHolder Start(string mode, string lockPath)
    {
        var marker = lockPath + $".finished-{Guid.NewGuid():N}";
        var script = $"echo ready; read line; touch '{marker}'";
        var start = new ProcessStartInfo("flock") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        // -o: only flock(1) itself holds the descriptor, not the shell it runs, so once the flock
        // process has exited (Dispose waits for it) the lock is free; a killed shell's children
        // could otherwise keep it a moment longer.
        foreach (var arg in new[] { "-o", mode, lockPath, "sh", "-c", script }) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("flock did not start");
        var holder = new FlockHolder(process, marker);
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(SafetyNet) || ready.Result != "ready")
        {
            holder.Dispose();
            throw new InvalidOperationException($"flock {mode} {lockPath} did not report ready");
        }
        return holder;
    }

    /// <summary>Tells the holder to finish: it touches <see cref="FinishedMarker"/>, then flock(1) exits and the lock is free. Returns at once.</summary>
    public void Release()
    {
        try { _process.StandardInput.Close(); }
        catch (IOException) { } // already gone
    }

    /// <summary>Releases the holder and waits for it to exit (the lock is free afterwards).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        Release();
        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        Release();
        if (!_process.WaitForExit(SafetyNet)) _process.Kill(entireProcessTree: true);
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
