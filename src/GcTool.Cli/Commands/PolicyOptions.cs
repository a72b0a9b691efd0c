using System.CommandLine;
using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;

namespace GcTool.Cli.Commands;

/// <summary>
/// The options that decide what gc keeps, shared by <c>gc</c> and <c>explain</c> so an explanation
/// answers for the gc you would run. Each falls back to the config file and environment.
/// </summary>
internal sealed class PolicyOptions
{
    public Option<TimeSpan?> MinAge { get; } = DurationOption.Create("--min-age",
        $"Keep unreferenced entries younger than this (since last referenced, else created) [default: {DurationParser.Format(GcCommand.DefaultMinAge)}; config gc.min-age]");

    public Option<TimeSpan?> KeepUnusedFor { get; } = DurationOption.Create("--keep-unused-for",
        "Also keep unreferenced entries an environment used within this time, so a warm cache survives a venv rebuild [config gc.keep-unused-for]");

    public Option<long?> MaxSize { get; } = SizeOption.Create("--max-size",
        "Cap what --keep-unused-for keeps: evict those entries least recently used first until the cache is at most SIZE (binary units: 500M, 20G, 1.5T); never referenced or --min-age entries [config gc.max-size]");

    public Option<TimeSpan?> Environments { get; } = DurationOption.Create("--environments",
        "Delete cached uvx / uv run --with environments (environments-v* links to cached venvs) unused for this long, unless a venv under a registered root links to them [config gc.environments]");

    public Option<bool> KeepStaleBuckets { get; } = new("--keep-stale-buckets")
    {
        Description = "Keep the buckets an older uv wrote (e.g. wheels-v5 beside wheels-v6), for a cache that deliberately serves an older uv; staging leftovers and stale sdist revisions still go [config gc.keep-stale-buckets]",
    };

    public IEnumerable<Option> All => [MinAge, KeepUnusedFor, MaxSize, Environments, KeepStaleBuckets];

    public TimeSpan ReadMinAge(ParseResult parse, EffectiveConfig config) =>
        parse.GetValue(MinAge) ?? config.Duration(ConfigKeys.MinAge) ?? GcCommand.DefaultMinAge;

    public GcPolicies ReadPolicies(ParseResult parse, EffectiveConfig config) => new(
        parse.GetValue(KeepUnusedFor) ?? config.Duration(ConfigKeys.KeepUnusedFor),
        parse.GetValue(MaxSize) ?? config.Size(ConfigKeys.MaxSize),
        parse.GetValue(Environments) ?? config.Duration(ConfigKeys.Environments),
        parse.GetValue(KeepStaleBuckets) || config.Flag(ConfigKeys.KeepStaleBuckets));
}
