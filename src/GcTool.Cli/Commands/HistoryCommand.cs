using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool history [--limit N]</c>: the gc runs, newest first, with the cache's size before and after each.</summary>
internal static class HistoryCommand
{
    public const int DefaultLimit = 30;

    public static Command Create(ICommandRunner runner)
    {
        var limit = new Option<int>("--limit")
        {
            Description = $"Show at most N runs, newest first [default: {DefaultLimit}]",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultLimit,
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--limit must be a whole number of at least 1");
        });
        var command = new Command("history", Describe.Command(
            "List the gc runs recorded in the database, newest first: when, what kind (gc or dry run), how it ended, entries deleted, bytes freed, the cache's size before and after, and how long uv's lock was waited for and held. Reads only.",
            "gctool history --limit 7",
            "gctool history --json | jq '.runs[] | [.started_at_iso, .cache_bytes_after]'")) { limit };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            return new HistoryResult(session.Context.Store.LoadGcHistory(parse.GetValue(limit)));
        }));
        return command;
    }
}
