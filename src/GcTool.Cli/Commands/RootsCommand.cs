using System.CommandLine;
using GcTool.Cli.Output;
using GcTool.Core.Environments;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool roots list|add PATH|remove PATH</c> → <see cref="RootRegistry"/>.</summary>
internal static class RootsCommand
{
    public static Command Create(ICommandRunner runner)
    {
        var command = new Command("roots", Describe.Command(
            "Manage the directories gctool searches for environments. gc refuses to run with no roots, or when a registered root is missing or unreadable (an unmounted disk must not look like \"no environments\").",
            "gctool roots add ~/projects"));
        command.Add(List(runner));
        command.Add(Add(runner));
        command.Add(Remove(runner));
        return command;
    }

    private static Command List(ICommandRunner runner)
    {
        var command = new Command("list", Describe.Command(
            "List the registered roots and when each was last scanned. uv's tool directories that exist are registered first and marked implicit (config implicit-roots = false turns that off).",
            "gctool roots list --json"));
        command.SetAction(parse => runner.Run(parse, session =>
        {
            ConfiguredRoots.RegisterImplicit(session);
            return new RootsReport(new RootRegistry(session.Context).List());
        }));
        return command;
    }

    private static Command Add(ICommandRunner runner)
    {
        var path = PathArgument("The directory to register (it must exist)");
        var command = new Command("add", Describe.Command(
            "Register a root. Its environments are recorded by the next `gctool scan` (gc scans first).",
            "gctool roots add /srv/ci/venvs")) { path };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var root = RootRegistry.Parse(parse.GetValue(path)!);
            RootRegistry.RequireDirectory(session.FileSystem, root);
            var registry = new RootRegistry(session.Context);
            var known = registry.List().Any(r => r.Path == root);
            registry.Add(root.Value);
            return new RootChangeReport(RootChangeAction.Add, root, Changed: !known);
        }));
        return command;
    }

    private static Command Remove(ICommandRunner runner)
    {
        var path = PathArgument("The registered directory to forget (it need not exist any more)");
        var command = new Command("remove", Describe.Command(
            "Forget a root and the environments recorded under it; the entries they used become collectable (after --min-age). Removing a root that is not registered changes nothing.",
            "gctool roots remove /mnt/old-disk/projects")) { path };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var root = RootRegistry.Parse(parse.GetValue(path)!);
            var removed = new RootRegistry(session.Context).Remove(root.Value);
            return new RootChangeReport(RootChangeAction.Remove, root, Changed: removed);
        }));
        return command;
    }

    private static Argument<string> PathArgument(string description) => new("PATH") { Description = description };
}
