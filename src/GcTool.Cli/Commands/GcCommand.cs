using System.CommandLine;
using GcTool.Cli.ErrorHandling;
using GcTool.Cli.Output;
using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary>
/// <c>gctool gc [--dry-run] [--min-age D] [--lock-timeout D] [--force] [--keep-unused-for D]
/// [--max-size SIZE] [--environments D] [--print-dead | --print-live]</c> → <see cref="Collector.Run"/>.
/// Each policy falls back to the config file and environment (<see cref="ConfigKeys"/>).
/// </summary>
internal static class GcCommand
{
    private static readonly string Description = Describe.Command(
        "Delete the cache entries no environment links to and that are older than --min-age. Rescans the registered roots first, then holds uv's cache lock only briefly to re-check and sweep. Policies (--keep-unused-for, --max-size, --environments) only ever choose among unreferenced entries. Exits 3 if the lock stays busy for --lock-timeout, 4 on a safety refusal (no roots, or a root missing), 5 if some entries could not be deleted.",
        "gctool gc --dry-run",
        "gctool gc --min-age 7d --lock-timeout 30s",
        "gctool gc --keep-unused-for 30d --max-size 20G --environments 14d");

    /// <summary>uv users wait up to UV_LOCK_TIMEOUT (300 s) for the lock; gc waits as long by default.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(5);

    /// <summary>An entry a venv stopped using less than a day ago may be about to be used again (a re-sync in progress).</summary>
    public static readonly TimeSpan DefaultMinAge = TimeSpan.FromDays(1);

    public static Command Create(ICommandRunner runner)
    {
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print the plan (\"Would delete\") and change nothing" };
        var policy = new PolicyOptions();
        var lockTimeout = DurationOption.Create("--lock-timeout",
            $"How long to wait for uv's cache lock before giving up with exit 3 [default: {DurationParser.Format(DefaultLockTimeout)}; config gc.lock-timeout, else $UV_LOCK_TIMEOUT seconds]");
        var force = new Option<bool>("--force") { Description = "Run despite a safety refusal (no roots; a root missing or unreadable)" };
        var silentHostAfter = DurationOption.Create("--silent-host-after",
            $"In a database shared by several hosts: a host that has not scanned for this long blocks deletions (exit 4) until it scans or is retired [default: {DurationParser.Format(CondemnationPolicy.DefaultSilentAfter)}]");

        var maxClockSkew = DurationOption.Create("--max-clock-skew",
            $"In a database shared by several hosts: how far their clocks may disagree; another host's scan counts only if it started this long after an entry was condemned [default: {DurationParser.Format(CondemnationPolicy.DefaultMaxClockSkew)}]");

        var printDead = new Option<bool>("--print-dead") { Description = "List the entries gc would delete, one path per line, and change nothing" };
        var printLive = new Option<bool>("--print-live") { Description = "List the entries gc would keep, one path per line, and change nothing" };

        var metricsFile = new Option<string?>("--metrics-file")
        {
            Description = "Also write the run's figures for node_exporter's textfile collector to FILE (Prometheus text format, replaced atomically; name it *.prom), also when gc fails",
            HelpName = "FILE",
        };

        var command = new Command("gc", Description) { dryRun, lockTimeout, force, printDead, printLive, silentHostAfter, maxClockSkew, metricsFile };
        foreach (var option in policy.All) command.Add(option);
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var config = session.Config;
            var listDead = parse.GetValue(printDead);
            var listLive = parse.GetValue(printLive);
            if (listDead && listLive) throw new UsageException("--print-dead and --print-live list opposite halves of the cache; pass one of them");
            var request = new GcRequest(
                parse.GetValue(dryRun) || listDead || listLive,
                policy.ReadMinAge(parse, config),
                parse.GetValue(lockTimeout) ?? config.Duration(ConfigKeys.LockTimeout) ?? DefaultLockTimeout,
                parse.GetValue(force),
                policy.ReadPolicies(parse, config),
                parse.GetValue(silentHostAfter),
                parse.GetValue(maxClockSkew),
                PinsCommand.Mode(config));
            ConfiguredRoots.Register(session);
            if ((listDead || listLive) && parse.GetValue(metricsFile) is not null)
                throw new UsageException("--metrics-file records a gc run; --print-dead and --print-live only list, so leave it out");
            if (listDead || listLive)
            {
                var preview = session.WithProgress(context => session.Core.Preview(context, request, rescan: true, session.Cancellation));
                return new GcListingResult(GcListing.From(preview, session.Context.Cache, listLive));
            }
            var metrics = parse.GetValue(metricsFile) is { } file ? GcMetricsRecorder.Start(session, file) : null;
            GcReport report;
            try
            {
                report = session.WithProgress(context => session.Core.Collect(context, request, session.Cancellation));
            }
            catch (Exception e) when (metrics is not null)
            {
                metrics.Failed(e, request.DryRun);
                throw;
            }
            var result = new GcResult(report);
            metrics?.Finished(report, ExitCodes.Finished(result.Exit, session.Cancellation));
            return result;
        }));
        return command;
    }
}
