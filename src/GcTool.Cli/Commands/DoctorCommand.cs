using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Cli.Settings;
using GcTool.Core.Doctor;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Platform;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool doctor [ROOT...]</c> → <see cref="EnvironmentDoctor"/>. Exit 6 when something is broken.</summary>
internal static class DoctorCommand
{
    public static Command Create(ICommandRunner runner)
    {
        var roots = new Argument<string[]>("ROOT")
        {
            Description = "Directories to search for environments [default: the registered roots]",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("doctor", Describe.Command(
            "Find environments already broken by an earlier `uv cache prune` or `uv cache clean`: symlinks into a uv cache whose target is gone. Lists the affected distributions per environment and the command that repairs it. Exits 6 when it finds any. With ROOTs it needs neither the cache nor gctool's database.",
            "gctool doctor ~/projects",
            "gctool doctor --json | jq -r '.broken[].repair_command'")) { roots };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var given = (parse.GetValue(roots) ?? []).Select(RootRegistry.Parse).ToList();
            var host = session.Host;
            var reader = new DirectoryReader(host.FileSystem, host.Stat);
            IReadOnlySet<string> excluded;
            if (given.Count > 0)
            {
                excluded = CacheToExclude(session);
            }
            else
            {
                given = new RootRegistry(session.Context).List().Select(r => r.Path).ToList();
                if (given.Count == 0)
                    throw new UsageException("no roots to examine: pass ROOT directories, or register roots with `gctool roots add`");
                excluded = new HashSet<string>(StringComparer.Ordinal) { session.Context.Cache.RealRoot };
            }
            var report = new EnvironmentDoctor(reader).Examine(given, excluded, session.Cancellation);
            return new DoctorResult(report);
        }));
        return command;
    }

    /// <summary>The cache's real path when it can be found; doctor works without one.</summary>
    private static IReadOnlySet<string> CacheToExclude(CommandSession session)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var dir = CacheDirResolver.Resolve(session.Settings.CacheDir, session.Host.Environment, session.Config, session.FileSystem);
            if (session.Host.Stat.TryRealPath(Path.GetFullPath(dir.Value)) is { } real) set.Add(real);
        }
        catch (UsageException)
        {
            // no HOME and no cache setting: nothing to exclude
        }
        return set;
    }
}
