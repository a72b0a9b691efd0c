using System.Diagnostics;

namespace GcTool.TestSupport;

/// <summary>
/// Another process holding <c>flock(2)</c> on a file, like a running uv command holds LOCK_SH on
/// <c>&lt;cache&gt;/.lock</c>: <c>flock -s|-x -o &lt;lock&gt; sh -c 'echo ready; read line'</c>.
/// "ready" is printed only once the lock is held, so <see cref="WaitUntilHeld"/> is exact.
/// It holds until <see cref="Release"/> (or Dispose) closes its stdin: never for a fixed time, so a
/// slow machine cannot make it let go before the test says so.
/// </summary>
/// <remarks>
/// A real external process, not a descriptor in the test host: flock locks belong to the open file
/// description, so only a separate process proves that gctool waits for someone else.
/// <c>-o</c> keeps the lock in flock itself, not in the child; a crashed test run closes the
/// holder's stdin too, so it cannot leave a holder behind.
/// </remarks>
public sealed class LockHolder : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string LockPath { get; }
    public bool IsExclusive { get; }
    public int ProcessId => _process.Id;

    /// <summary>True once the lock was acquired and until the holder ends.</summary>
    public bool IsHeld => _ready.Task.IsCompleted && !_process.HasExited;

    private static readonly TimeSpan SafetyNet = TimeSpan.FromMinutes(2);

    private LockHolder(string lockPath, bool exclusive)
    {
        LockPath = lockPath;
        IsExclusive = exclusive;
        var info = new ProcessStartInfo("flock")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { exclusive ? "-x" : "-s", "-o", lockPath, "sh", "-c", "echo ready; read line" })
            info.ArgumentList.Add(argument);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data == "ready") _ready.TrySetResult(); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts a LOCK_SH holder; by default returns once the lock is held.</summary>
    public static LockHolder Shared(string lockPath, bool waitUntilHeld = true) =>
        Start(lockPath, exclusive: false, waitUntilHeld);

    /// <summary>Starts a LOCK_EX holder (a concurrent <c>uv cache prune</c> or another gc).</summary>
    public static LockHolder Exclusive(string lockPath, bool waitUntilHeld = true) =>
        Start(lockPath, exclusive: true, waitUntilHeld);

    /// <summary>Blocks until the holder has the lock; false if it did not get it in time (someone else holds it).</summary>
    public bool WaitUntilHeld(TimeSpan timeout) => _ready.Task.Wait(timeout) && !_process.HasExited;

    /// <summary>Tells the holder to let go without waiting for it; the lock is free soon after (see <see cref="Release"/>).</summary>
    public void LetGo()
    {
        try { _process.StandardInput.Close(); }
        catch (IOException) { /* exited meanwhile */ }
    }

    /// <summary>Ends the holder; the lock is free when this returns.</summary>
    public void Release()
    {
        LetGo();
        if (!_process.WaitForExit(SafetyNet))
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* exited meanwhile */ }
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Release();
        _process.Dispose();
    }

    private static LockHolder Start(string lockPath, bool exclusive, bool waitUntilHeld)
    {
        var holder = new LockHolder(lockPath, exclusive);
        if (waitUntilHeld && !holder.WaitUntilHeld(SafetyNet))
        {
            holder.Dispose();
            throw new TimeoutException($"flock {(exclusive ? "-x" : "-s")} {lockPath} was not acquired within {SafetyNet}");
        }
        return holder;
    }
}
