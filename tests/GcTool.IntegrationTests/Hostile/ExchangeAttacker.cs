using System.Diagnostics;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// The unprivileged user racing gc: <c>Attackers/exchange.py</c> running as <see cref="UnprivilegedUser"/>,
/// driven line by line over pipes (no sleeps): arm it on an entry, let gc work, ask how many
/// <c>renameat2(RENAME_EXCHANGE)</c> swaps of <c>d</c> and a symlink succeeded.
/// </summary>
internal sealed class ExchangeAttacker : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    public ExchangeAttacker(UnprivilegedUser user)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Hostile", "Attackers", "exchange.py");
        _process = user.StartInteractive("/usr/bin/python3", ["-u", script]);
    }

    /// <summary>Opens <paramref name="entry"/> as the user now and swaps on gc's first unlink in <c>d</c> (inotify).</summary>
    public void ArmOnFirstDeletion(string entry) => Expect($"inotify {entry}", "ready");

    /// <summary>Opens <paramref name="entry"/> as the user now and swaps <c>d</c> and the link in a loop until <see cref="Report"/>.</summary>
    public void SwapBlindly(string entry) => Expect($"blind {entry}", "ready");

    /// <summary>Stops and returns how many exchanges succeeded.</summary>
    public int Report()
    {
        var line = Send("report");
        Assert.StartsWith("swapped ", line);
        return int.Parse(line["swapped ".Length..]);
    }

    private void Expect(string command, string reply) => Assert.Equal(reply, Send(command));

    private string Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(SafetyNet) || read.Result is null)
            throw new InvalidOperationException($"the attacker did not answer `{command}`");
        return read.Result;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Close();
            if (!_process.WaitForExit(SafetyNet)) _process.Kill();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
        _process.Dispose();
    }
}
