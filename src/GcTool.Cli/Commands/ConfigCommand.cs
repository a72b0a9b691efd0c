using GcTool.Cli.Output;
using System.CommandLine;
using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool config show</c>: the effective configuration and where each value came from.</summary>
internal static class ConfigCommand
{
    public static Command Create(ICommandRunner runner)
    {
        var command = new Command("config", Describe.Command(
            "Inspect gctool's configuration: /etc/gctool/config.toml, then $XDG_CONFIG_HOME/gctool/config.toml (else ~/.config/gctool/config.toml, or $GCTOOL_CONFIG), overridden by environment variables, then by flags.",
            "gctool config show"));
        var show = new Command("show", Describe.Command(
            "Print every setting's effective value and its source: a file and line, an environment variable, a flag, or the default. A bad config file is an error naming the file and line (exit 2).",
            "gctool config show",
            "gctool config show --json | jq .settings.max_size"));
        show.SetAction(parse => runner.Run(parse, session =>
        {
            var config = session.Config;
            // The cache gctool would use, wherever it came from: a flag, UV_CACHE_DIR, a config file, uv's uv.toml or uv's default.
            if (CacheDirResolver.TryResolve(session.Settings.CacheDir, session.Host.Environment, config, session.FileSystem) is { } cache)
                config = config.With(ConfigKeys.CacheDir, cache.Value, cache.Source switch
                {
                    EnvironmentVariables.UvCacheDir => "$" + EnvironmentVariables.UvCacheDir,
                    "$XDG_CACHE_HOME/uv" or "~/.cache/uv" => "default",
                    var source => source,
                });
            if (session.Settings.Database is { } database) config = config.With(ConfigKeys.Database, Path.GetFullPath(database), "--db");
            return new ConfigShowResult(config);
        }));
        command.Add(show);
        return command;
    }
}
