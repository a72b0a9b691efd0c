using GcTool.Cli.ErrorHandling;
using GcTool.Cli.Output.Metrics;
using GcTool.Core.Collection;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary>
/// <c>gc --metrics-file</c>: checks the file's directory before the run, and writes the metrics
/// once the run ended, however it ended, so monitoring sees failures too.
/// </summary>
internal sealed class GcMetricsRecorder
{
    private readonly CommandSession _session;
    private readonly string _path;
    private readonly long _startedAt;

    private GcMetricsRecorder(CommandSession session, string path)
    {
        _session = session;
        _path = path;
        _startedAt = session.Host.Clock.GetUtcNow().ToUnixTimeSeconds();
    }

    /// <summary>A missing directory is a usage error before gc does anything.</summary>
    public static GcMetricsRecorder Start(CommandSession session, string file)
    {
        var path = Path.GetFullPath(file);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
            throw new UsageException($"cannot write the metrics file {path}: directory {directory} does not exist");
        return new GcMetricsRecorder(session, path);
    }

    public void Finished(GcReport report, ExitCode exit)
    {
        var deleted = report.Items.Concat(report.Resumed).Count(i => i.State == Core.Store.SweepState.Deleted);
        Write(exit, report.DryRun, deleted, report.BytesFreed, report.LockWaited, report.LockHeld, rootsRefused: 0);
    }

    /// <remarks>Writing must not hide the run's own error: a failure to write is reported as a warning.</remarks>
    public void Failed(Exception exception, bool dryRun)
    {
        var rootsRefused = ExitCodes.Unwrap(exception) is SafetyRefusalException refusal ? refusal.RootsRefused : 0;
        try
        {
            Write(ExitCodes.Finished(ExitCodes.For(exception), _session.Cancellation), dryRun, 0, 0, TimeSpan.Zero, TimeSpan.Zero, rootsRefused);
        }
        catch (GcToolException e)
        {
            _session.Log.Warn(e.Message);
        }
    }

    private void Write(ExitCode exit, bool dryRun, long deleted, long bytes, TimeSpan lockWait, TimeSpan lockHeld, int rootsRefused)
    {
        Core.Store.StoreStatistics? statistics = null;
        string cacheRoot;
        try
        {
            var context = _session.Context;
            cacheRoot = context.Cache.RealRoot;
            statistics = context.Store.LoadStatistics();
        }
        catch (Exception e) when (e is GcToolException or IOException or InvalidOperationException)
        {
            cacheRoot = _session.Settings.CacheDir ?? "";
        }
        MetricsFile.Write(_path, new GcMetrics(cacheRoot, _startedAt, (int)exit, dryRun, deleted, bytes,
            statistics?.CacheBytes, statistics?.ReclaimableBytes, statistics?.Environments, lockWait, lockHeld, rootsRefused));
    }
}
