using GcTool.Cli.Settings.Config;
using GcTool.Core.Environments;

namespace GcTool.Cli.Commands;

/// <summary>
/// <c>roots</c> from the config file (or <c>GCTOOL_ROOTS</c>): registered before every scan and gc,
/// so a host's roots can be provisioned with its config. Removing one from the config does not
/// unregister it (that is <c>gctool roots remove</c>), because forgetting a root silently would
/// make its environments' entries collectable.
/// </summary>
internal static class ConfiguredRoots
{
    public static void Register(CommandSession session)
    {
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
}
