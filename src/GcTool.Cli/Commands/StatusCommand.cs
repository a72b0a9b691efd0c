using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Core.Audit;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool status</c> → <see cref="AuditService.Status"/>.</summary>
internal static class StatusCommand
{
    public static Command Create(ICommandRunner runner)
    {
        var command = new Command("status", Describe.Command(
            "Summarise what gctool knows: entries, environments and references; bytes in the cache, referenced, and reclaimable now (hardlinked files counted once); the last scan and gc; and the registered roots.",
            "gctool status --json | jq .reclaimable_bytes"));
        command.SetAction(parse => runner.Run(parse, session =>
        {
            return new StatusResult(new AuditService(session.Context).Status(session.DatabasePath));
        }));
        return command;
    }
}
