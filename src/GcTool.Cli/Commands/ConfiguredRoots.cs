using GcTool.Cli.Settings.Config;
using GcTool.Cli.Settings;
using GcTool.Core.Environments;
using GcTool.Core.Platform;

namespace GcTool.Cli.Commands;

/// <summary>
/// <c>roots</c> from the config file (or <c>GCTOOL_ROOTS</c>): registered before every scan and gc,
/// so a host's roots can be provisioned with its config. Removing one from the config does not
/// unregister it (that is <c>gctool roots remove</c>), because forgetting a root silently would
/// make its environments' entries collectable. uv's tool directories are registered here too, as
/// implicit roots (<see cref="ImplicitRoots"/>), unless <c>implicit-roots = false</c>.
/// </summary>
internal static class ConfiguredRoots
{
    public static void Register(CommandSession session)
    {
        RegisterImplicit(session);
        var roots = session.Config.List(ConfigKeys.Roots);
        if (roots.Count == 0) return;
        var registry = new RootRegistry(session.Context);
        var known = registry.List().Select(r => r.Path.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            if (known.Contains(RootRegistry.Parse(root).Value)) continue;
            if (!session.Context.FileSystem.Directory.Exists(root))
            {
                session.Log.Warn($"configured root {root} ({session.Config.Get(ConfigKeys.Roots).Source}) is not a directory; not registered");
                continue;
            }
            registry.Add(root);
            session.Log.Info($"registered configured root {root}");
        }
    }

    /// <summary>uv's tool directories of the user running gctool, and as root every user's (<see cref="ToolDirectory.Candidates"/>).</summary>
    public static void RegisterImplicit(CommandSession session)
    {
        var env = session.Host.Environment;
        var setting = session.Config.Get(ConfigKeys.ImplicitRoots);
        var enabled = setting.Value is not false;
        var passwd = enabled && session.Host.IsRoot
            ? PasswdHomes.Read(BoundedFileReader.For(session.FileSystem, session.Host.Stat), session.Host.PasswdFile)
            : [];
        var candidates = ToolDirectory.Candidates(env.Get(EnvironmentVariables.UvToolDir), env.Get(EnvironmentVariables.XdgDataHome),
            env.Get(EnvironmentVariables.Home), session.FileSystem.Directory.GetCurrentDirectory(), session.Host.IsRoot, passwd);
        new ImplicitRoots(session.Context).Sync(candidates, enabled, $"implicit-roots = false at {setting.Source}");
    }
}
