using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Cli.Settings;
using GcTool.Core.Collection;
using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Reclaim;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool explain ID</c> → <see cref="Explainer"/>: the planner's verdict on one entry, and why.</summary>
internal static class ExplainCommand
{
    public static Command Create(ICommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "The archive-v0 directory name (archive-v0/ID is accepted too), or a path in the cache (a stale bucket, staging directory or sdist revision)" };
        var policy = new PolicyOptions();
        var command = new Command("explain", Describe.Command(
            "Say why gc keeps a cache entry (which environments link to it and through which file, or which policy) or why it would delete it. Uses the last scan and the same planner and policies as gc (flags, config file, environment).",
            "gctool explain 0Zq3bB1rT4-wYk9m",
            "gctool explain --keep-unused-for 30d -- -x9QabcdEFGH12_z")) { id };
        foreach (var option in policy.All) command.Add(option);
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var text = parse.GetValue(id)!;
            var entry = IsCachePath(text) ? (EntryId?)null : EntryIdArgument.Parse(text); // validated before the cache is opened
            var config = session.Config;
            var request = new GcRequest(true, policy.ReadMinAge(parse, config), TimeSpan.Zero, Policies: policy.ReadPolicies(parse, config));
            return entry is { } key
                ? new ExplainResult(new Explainer(session.Context).Explain(key, request, session.Cancellation))
                : new ExplainPathResult(PathExplanation.Explain(session.Context, text, request, session.Cancellation));
        }));
        return command;
    }

    /// <summary>A path rather than an entry id: it has a '/' that is not the <c>archive-vN/ID</c> form, or is a <c>.tmp*</c> name.</summary>
    private static bool IsCachePath(string text)
    {
        try
        {
            EntryIdArgument.Parse(text);
            return false;
        }
        catch (UsageException)
        {
            return text.Contains('/') || text.StartsWith(".tmp", StringComparison.Ordinal);
        }
    }
}
