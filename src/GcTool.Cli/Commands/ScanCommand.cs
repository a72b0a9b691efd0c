using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Scanning;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool scan [ROOT...] [--full]</c> → <see cref="Scanner.Scan"/>.</summary>
internal static class ScanCommand
{
    private static readonly string Description = Describe.Command(
        "Find every virtual environment under each ROOT (registering the ROOT) and in the cache, and record which cache entries each one links to. Without ROOTs, rescan the registered roots. Rescans are incremental: an environment whose files did not change is not re-read.",
        "gctool scan ~/projects ~/.local/share/uv/tools");

    public static Command Create(ICommandRunner runner)
    {
        var roots = new Argument<string[]>("ROOT")
        {
            Description = "Directories to search for environments (recursively); each becomes a registered root",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var full = new Option<bool>("--full") { Description = "Re-read every environment and entry, even unchanged ones" };

        var command = new Command("scan", Description) { roots, full };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var request = new ScanRequest(
                (parse.GetValue(roots) ?? []).Select(RootRegistry.Parse).ToList(),
                parse.GetValue(full),
                PinsCommand.Mode(session.Config));
            foreach (var root in request.AddRoots) RootRegistry.RequireDirectory(session.FileSystem, root);
            ConfiguredRoots.Register(session);
            var report = session.WithProgress(context => session.Core.Scan(context, request, session.Cancellation));
            return new ScanResult(report);
        }));
        return command;
    }
}
