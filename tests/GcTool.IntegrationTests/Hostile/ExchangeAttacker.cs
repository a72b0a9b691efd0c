using System.Diagnostics;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// The unprivileged user racing gc: <c>Attackers/exchange.py</c> running as <see cref="UnprivilegedUser"/>,
/// driven line by line over pipes (no sleeps): it opens an entry before gc runs, then exchanges the
/// entry's <c>d</c> and a symlink in their own directory with <c>renameat2(RENAME_EXCHANGE)</c> through that handle, once on
/// demand or blindly in a loop.
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

    /// <summary>Opens <paramref name="entry"/> and <paramref name="home"/> (holding <c>link</c>) as the user now (before gc runs), for <see cref="Exchange"/>.</summary>
    public void Open(string entry, string home) => Expect($"open {entry} {home}", "ready");

    /// <summary>Exchanges <c>entry/d</c> and <c>home/link</c> through the handles opened before; null when it happened, else why not.</summary>
    public string? Exchange()
    {
        var reply = Send("exchange");
        return reply == "swapped 1" ? null : reply;
    }

    /// <summary>Opens both as the user now and exchanges <c>entry/d</c> and <c>home/link</c> in a loop until <see cref="Report"/>.</summary>
    public void SwapBlindly(string entry, string home) => Expect($"blind {entry} {home}", "ready");

    /// <summary>Stops the blind loop and returns how many exchanges succeeded.</summary>
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
