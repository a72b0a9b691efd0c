using System.CommandLine;
using GcTool.Cli.Output;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool hosts list|retire HOST</c>: the hosts of a shared database (two-phase protocol).</summary>
internal static class HostsCommand
{
    public static Command Create(ICommandRunner runner)
    {
        var command = new Command("hosts", Describe.Command(
            "The hosts that scan into this database. gc deletes a condemned entry only after every active host has scanned since it was condemned; a host silent for longer than --silent-host-after blocks deletions until it scans or is retired.",
            "gctool hosts list"));
        command.Add(List(runner));
        command.Add(Retire(runner));
        return command;
    }

    private static Command List(ICommandRunner runner)
    {
        var command = new Command("list", Describe.Command("List the hosts, when each last scanned, and which are retired.", "gctool hosts list --json"));
        command.SetAction(parse => runner.Run(parse, session =>
        {
            return new HostsReport(session.Context.Store.ListHosts(), session.Context.Store.HostId);
        }));
        return command;
    }

    private static Command Retire(ICommandRunner runner)
    {
        var host = new Argument<string>("HOST") { Description = "The host id to retire (as `hosts list` shows it)" };
        var command = new Command("retire", Describe.Command(
            "Retire a host that is gone: forget its roots and environments (so its references) and stop waiting for its scans. A retired host that scans again becomes active again.",
            "gctool hosts retire ci-runner-7")) { host };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var id = parse.GetValue(host)!;
            var changed = session.Context.Store.RetireHost(id, session.Context.NowUnix);
            return new HostRetireReport(id, changed);
        }));
        return command;
    }
}
