using System.IO.Abstractions;
using GcTool.Cli.Settings;
using GcTool.Core;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Store;
using GcTool.Store.Sqlite;

namespace GcTool.Cli;

/// <summary>
/// Everything the CLI takes from the world, injected: streams, environment, clock, file system,
/// POSIX facts, the store and locker factories, the core operations and the cancellation token that
/// SIGINT/SIGTERM trip. <see cref="Real"/> builds the production one; tests replace parts.
/// </summary>
internal sealed record CliHost(
    TextWriter Stdout,
    TextWriter Stderr,
    EnvironmentVariables Environment,
    bool StdoutIsTerminal,
    TimeProvider Clock,
    IFileSystem FileSystem,
    IFileStatReader Stat,
    Func<string, IGcStore> OpenStore,
    Func<ICacheLocker> CreateLocker,
    ICoreOperations Core,
    CancellationToken Cancellation)
{
    public static CliHost Real(TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, bool stdoutIsTerminal, CancellationToken cancellation) =>
        new(
            stdout,
            stderr,
            new EnvironmentVariables(environment),
            stdoutIsTerminal,
            TimeProvider.System,
            new FileSystem(),
            NativeFileStatReader.Instance,
            SqliteGcStore.Open,
            () => new FlockCacheLocker(),
            CoreOperations.Instance,
            cancellation);

    /// <summary>True when stderr is a terminal: progress bars are drawn there (and only there).</summary>
    public bool StderrIsTerminal { get; init; }
}
