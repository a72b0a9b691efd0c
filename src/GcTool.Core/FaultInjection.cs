using System.Runtime.InteropServices;

namespace GcTool.Core;

/// <summary>
/// Test-only crash points. <c>GCTOOL_FAULT=&lt;point&gt;[:N]</c> makes the process kill itself with
/// SIGKILL the N-th time (default 1) it reaches <c>&lt;point&gt;</c>, as a power cut or an OOM kill
/// would: no finally blocks, no flush, no unlock but the kernel's. A point whose name starts with
/// <c>stop-</c> raises SIGSTOP instead (the test resumes the process with SIGCONT), and one whose
/// name starts with <c>pause-</c> prints <c>gctool: fault: paused at &lt;point&gt;</c> on stderr and
/// waits for cancellation (SIGINT/SIGTERM), so a test can act at exactly that point.
/// </summary>
/// <remarks>
/// The variable is read here and nowhere else, once per process; unset (always, in production) every
/// call is a single field compare. It writes its one line straight to stderr, the only place the core
/// does: a process about to SIGKILL itself has no operator log to hand it to. The safety tests in GcTool.IntegrationTests/Safety drive it.
/// Points: <c>after-plan</c>, <c>after-pointers</c>, <c>mid-rename</c> (after each rename into the
/// trash), <c>mid-trash-delete</c> (after each file unlinked from the trash), <c>mid-commit-scan</c>
/// (inside the scan transaction, before it commits), <c>stop-mid-sweep</c> and <c>pause-mid-sweep</c>
/// (after a rename into the trash), <c>stop-after-pointers</c> (the sweep's pointers are gone, no entry
/// is renamed yet: where a hostile user would swap a bucket).
/// </remarks>
public static partial class FaultInjection
{
    public const string Variable = "GCTOOL_FAULT";

    private static readonly (string Point, int Count)? Armed = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _hits;

    /// <summary>Kills the process here if the armed point is <paramref name="point"/> and this is its N-th hit.</summary>
    public static void Reached(string point)
    {
        if (Armed is not { } armed || armed.Point != point) return;
        if (Interlocked.Increment(ref _hits) != armed.Count) return;
        var stop = point.StartsWith("stop-", StringComparison.Ordinal);
        Console.Error.WriteLine($"gctool: fault: {(stop ? "SIGSTOP" : "SIGKILL")} at {point}:{armed.Count}");
        Console.Error.Flush();
        _ = Kill(GetPid(), stop ? SigStop : SigKill);
    }

    /// <summary>If the armed point is <paramref name="point"/>, waits (at most two minutes) until <paramref name="cancellation"/> fires.</summary>
    public static void Pause(string point, CancellationToken cancellation)
    {
        if (Armed is not { } armed || armed.Point != point) return;
        Console.Error.WriteLine($"gctool: fault: paused at {point}");
        Console.Error.Flush();
        cancellation.WaitHandle.WaitOne(TimeSpan.FromMinutes(2));
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var colon = value.IndexOf(':');
        if (colon < 0) return (value.Trim(), 1);
        return int.TryParse(value[(colon + 1)..], out var n) && n > 0 ? (value[..colon].Trim(), n) : (value[..colon].Trim(), 1);
    }

    private const int SigKill = 9, SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpid")]
    private static partial int GetPid();
}
