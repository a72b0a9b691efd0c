namespace GcTool.Cli.Output.Metrics;

/// <summary>What one gc run tells monitoring (<see cref="MetricsFile"/>). Figures a failed run never reached stay zero.</summary>
/// <param name="CacheBytes">Archive entries' bytes after the run, as <c>status</c> counts them; null when the database could not be read.</param>
internal sealed record GcMetrics(
    string CacheRoot,
    long RunAt,
    int ExitCode,
    bool DryRun,
    long EntriesDeleted,
    long BytesDeleted,
    long? CacheBytes,
    long? ReclaimableBytes,
    long? Environments,
    TimeSpan LockWait,
    TimeSpan LockHeld,
    int RootsRefused);
