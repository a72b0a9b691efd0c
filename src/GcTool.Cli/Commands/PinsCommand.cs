using System.CommandLine;
using GcTool.Cli.Output;
using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Errors;
using GcTool.Core.Pins;

namespace GcTool.Cli.Commands;

/// <summary>
/// <c>gctool pins remove</c> → <see cref="GcRootPins.RemoveAll"/>: takes back every gc root gctool
/// published for uv's own prune (before uninstalling gctool, or to see what a plain prune would do).
/// </summary>
internal static class PinsCommand
{
    /// <summary>What scan and gc do with the pins: maintain them unless config <c>pins = false</c>, which removes them.</summary>
    public static PinMode Mode(EffectiveConfig config) => config.Get(ConfigKeys.Pins).Value is false ? PinMode.Remove : PinMode.Maintain;

    public static Command Create(ICommandRunner runner)
    {
        var command = new Command("pins", Describe.Command(
            "gctool's gc roots for uv's own prune: for every entry a known environment uses, a symlink in <cache>/sdists-v*/gctool-pins, so a plain `uv cache prune` keeps it. scan and gc keep them current (config pins = false turns them off and removes them).",
            "gctool pins remove"));
        var remove = new Command("remove", Describe.Command(
            "Remove every pin and the gctool-pins directory, under uv's shared lock (waiting up to gc.lock-timeout, else $UV_LOCK_TIMEOUT, else 5m). The next scan or gc writes them again unless config pins = false.",
            "gctool pins remove"));
        remove.SetAction(parse => runner.Run(parse, session =>
        {
            var context = session.Context;
            var timeout = session.Config.Duration(ConfigKeys.LockTimeout) ?? GcCommand.DefaultLockTimeout;
            using var held = context.Locker.AcquireShared(context.Cache.RealRoot, timeout,
                () => session.Log.Info($"uv's cache lock is held exclusively (uv cache prune/clean or gctool gc); waiting up to {DurationParser.Format(timeout)}"),
                session.Cancellation);
            var result = new GcRootPins(context).RemoveAll(held);
            if (result.Skipped is { } why) session.Log.Warn(why);
            return new PinsRemovedResult(result);
        }));
        command.Add(remove);
        return command;
    }
}
