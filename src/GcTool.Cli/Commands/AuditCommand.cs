using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Cli.Settings;
using GcTool.Core.Audit;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool audit [env PATH | entry ID]</c> → <see cref="AuditService"/>. Answers come from the last scan.</summary>
internal static class AuditCommand
{
    public static Command Create(ICommandRunner runner)
    {
        var command = new Command("audit", Describe.Command(
            "Show who uses what, as recorded by the last scan. Alone: the whole graph (every environment and the entries it links to); `audit env PATH`: one environment; `audit entry ID`: one cache entry.",
            "gctool audit --json > graph.json"));
        command.SetAction(parse => runner.Run(parse, session =>
        {
            return new GraphAuditResult(new AuditService(session.Context).AuditAll());
        }));
        command.Add(Environment(runner));
        command.Add(Entry(runner));
        return command;
    }

    private static Command Environment(ICommandRunner runner)
    {
        var path = new Argument<string>("PATH") { Description = "The environment's directory (the one holding pyvenv.cfg)" };
        var command = new Command("env", Describe.Command(
            "List the cache entries an environment uses: entry id, package, version, link mode and how many of its files link there.",
            "gctool audit env ~/projects/app/.venv")) { path };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var value = parse.GetValue(path)!;
            if (string.IsNullOrWhiteSpace(value)) throw new UsageException("the environment path is empty; pass the directory holding pyvenv.cfg");
            return new EnvironmentAuditResult(new AuditService(session.Context).AuditEnvironment(value));
        }));
        return command;
    }

    private static Command Entry(ICommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "The archive-v0 directory name (archive-v0/ID is accepted too)" };
        var command = new Command("entry", Describe.Command(
            "List the environments that use a cache entry. Ids may begin with '-' or '_'; an id that looks like an option can always be passed after `--`.",
            "gctool audit entry 0Zq3bB1rT4-wYk9m",
            "gctool audit entry -- -x9QabcdEFGH12_z")) { id };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var entry = EntryIdArgument.Parse(parse.GetValue(id)!); // validated before the cache is opened
            return new EntryAuditResult(new AuditService(session.Context).AuditEntry(entry));
        }));
        return command;
    }
}
