using System.Runtime.InteropServices;

namespace GcTool.Cli.ErrorHandling;

/// <summary>
/// SIGINT and SIGTERM cancel a token instead of killing the process, so gc stops at a safe point
/// (the sweep journal lets the next gc finish) and exits 130. A second signal terminates at once.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _stderr;

    public TerminationSignals(TextWriter stderr)
    {
        _stderr = stderr;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    public CancellationToken Token => _cancellation.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancellation.IsCancellationRequested) return; // second signal: let the runtime terminate the process
        context.Cancel = true;
        _stderr.WriteLine($"gctool: {context.Signal} received; stopping at the next safe point (send it again to exit now)");
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
