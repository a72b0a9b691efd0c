using GcTool.Cli.ErrorHandling;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Audit;
using GcTool.Core.Collection;
using GcTool.Core.Doctor;
using GcTool.Core.Errors;
using GcTool.Core.Pins;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Cli.Output;

/// <summary>
/// What one command hands to the screen, exactly once per run: a command's body returns one of these,
/// the runner (<see cref="CliApplication"/>) gives it to the renderer of the chosen format, and each
/// renderer (<see cref="Human.HumanReportRenderer"/>, <see cref="Json.JsonReportRenderer"/>) switches on
/// it. Adding a command's output is a record here and one case per format.
/// </summary>
/// <remarks>The records wrap the core's reports unchanged: deciding what to say stays in the renderers.</remarks>
internal abstract record CommandResult
{
    /// <summary>The exit code this result stands for; the runner still turns Ok into 130 after SIGINT/SIGTERM.</summary>
    public virtual ExitCode Exit => ExitCode.Ok;
}

/// <summary><c>scan</c>.</summary>
internal sealed record ScanResult(ScanReport Report) : CommandResult;

/// <summary><c>gc</c>, real or dry run: 5 when some entries could not be deleted.</summary>
internal sealed record GcResult(GcReport Report) : CommandResult
{
    public override ExitCode Exit => ExitCodes.For(Report);
}

/// <summary><c>gc --print-dead</c> / <c>--print-live</c>.</summary>
internal sealed record GcListingResult(GcListing Listing) : CommandResult;

/// <summary><c>explain</c>.</summary>
internal sealed record ExplainResult(EntryExplanation Explanation) : CommandResult;

/// <summary><c>explain PATH</c> for a path in a stale bucket, staging leftover or stale sdist revision.</summary>
internal sealed record ExplainPathResult(Core.Reclaim.PathExplanation Explanation) : CommandResult;

/// <summary><c>audit</c> with no argument: the whole reference graph.</summary>
internal sealed record GraphAuditResult(GraphAudit Audit) : CommandResult;

/// <summary><c>audit env PATH</c>.</summary>
internal sealed record EnvironmentAuditResult(EnvironmentAudit Audit) : CommandResult;

/// <summary><c>audit entry ID</c>.</summary>
internal sealed record EntryAuditResult(EntryAudit Audit) : CommandResult;

/// <summary><c>status</c>.</summary>
internal sealed record StatusResult(StatusReport Report) : CommandResult;

/// <summary><c>doctor</c>: 6 when some environment is broken.</summary>
internal sealed record DoctorResult(DoctorReport Report) : CommandResult
{
    public override ExitCode Exit => Report.Broken.Count > 0 ? ExitCode.BrokenEnvironments : ExitCode.Ok;
}

/// <summary><c>config show</c>.</summary>
internal sealed record ConfigShowResult(EffectiveConfig Config) : CommandResult;

/// <summary><c>pins remove</c>: 5 when some pin could not be removed.</summary>
internal sealed record PinsRemovedResult(PinSync Sync) : CommandResult
{
    public override ExitCode Exit => Sync.Failed > 0 ? ExitCode.PartialFailure : ExitCode.Ok;
}

/// <summary><c>history</c>: the gc runs, newest first.</summary>
internal sealed record HistoryResult(IReadOnlyList<GcRunRecord> Runs) : CommandResult;

/// <summary><c>demo</c>: where it left its files (its steps printed themselves as they ran).</summary>
internal sealed record DemoResult(string Directory, string Report) : CommandResult;
