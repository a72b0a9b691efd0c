using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Core.Audit;
using GcTool.Core.Collection;
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
            // The same rules gc applies by default (config and environment included), so "reclaimable" means what gc would free.
            var policy = new PolicyOptions();
            var reclaim = new GcRequest(true, policy.ReadMinAge(parse, session.Config), TimeSpan.Zero, Policies: policy.ReadPolicies(parse, session.Config));
            return new StatusResult(new AuditService(session.Context).Status(session.DatabasePath, reclaim));
        }));
        return command;
    }
}
