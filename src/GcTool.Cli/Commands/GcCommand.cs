using System.CommandLine;
using GcTool.Cli.ErrorHandling;
using GcTool.Cli.Settings;
using GcTool.Core.Collection;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool gc [--dry-run] [--min-age D] [--lock-timeout D] [--force]</c> → <see cref="Collector.Run"/>.</summary>
internal static class GcCommand
{
    private static readonly string Description = Describe.Command(
        "Delete the cache entries no environment links to and that are older than --min-age. Rescans the registered roots first, then holds uv's cache lock only briefly to re-check and sweep. Exits 3 if the lock stays busy for --lock-timeout, 4 on a safety refusal (no roots, or a root missing), 5 if some entries could not be deleted.",
        "gctool gc --dry-run",
        "gctool gc --min-age 7d --lock-timeout 30s");

    /// <summary>uv users wait up to UV_LOCK_TIMEOUT (300 s) for the lock; gc waits as long by default.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(5);

    /// <summary>An entry a venv stopped using less than a day ago may be about to be used again (a re-sync in progress).</summary>
    public static readonly TimeSpan DefaultMinAge = TimeSpan.FromDays(1);

    public static Command Create(ICommandRunner runner)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (\"Would delete\") and change nothing" };
        var minAge = DurationOption.Create("--min-age",
            $"Keep unreferenced entries younger than this (since last referenced, else created) [default: {DurationParser.Format(DefaultMinAge)}]");
        var lockTimeout = DurationOption.Create("--lock-timeout",
            $"How long to wait for uv's cache lock before giving up with exit 3 [default: {DurationParser.Format(DefaultLockTimeout)}]");
        var force = new Option<bool>("--force") { Description = "Run despite a safety refusal (no roots; a root missing or unreadable)" };
        var silentHostAfter = DurationOption.Create("--silent-host-after",
            $"In a database shared by several hosts: a host that has not scanned for this long blocks deletions (exit 4) until it scans or is retired [default: {DurationParser.Format(CondemnationPolicy.DefaultSilentAfter)}]");

        var maxClockSkew = DurationOption.Create("--max-clock-skew",
            $"In a database shared by several hosts: how far their clocks may disagree; another host's scan counts only if it started this long after an entry was condemned [default: {DurationParser.Format(CondemnationPolicy.DefaultMaxClockSkew)}]");

        var command = new Command("gc", Description) { dryRun, minAge, lockTimeout, force, silentHostAfter, maxClockSkew };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var request = new GcRequest(
                parse.GetValue(dryRun),
                parse.GetValue(minAge) ?? DefaultMinAge,
                parse.GetValue(lockTimeout) ?? DefaultLockTimeout,
                parse.GetValue(force),
                parse.GetValue(silentHostAfter),
                parse.GetValue(maxClockSkew));
            var report = session.Core.Collect(session.Context, request, session.Cancellation);
            session.Output.Gc(report);
            return ExitCodes.For(report);
        }));
        return command;
    }
}
