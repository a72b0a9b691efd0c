using System.IO.Abstractions;
using GcTool.Cli.Settings;
using GcTool.Core;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Store;
using GcTool.Store.Postgres;
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
    Func<string, string, IGcStore> OpenStore,
    Func<ICacheLocker> CreateLocker,
    ICoreOperations Core,
    CancellationToken Cancellation,
    IFileSystemTypeReader? FileSystemTypes = null)
{
    /// <summary>Opens the database (an SQLite path or a postgresql:// URL) for the host <paramref name="hostId"/>.</summary>
    public static IGcStore OpenRealStore(string database, string hostId) =>
        DatabasePathResolver.IsUrl(database) ? PostgresGcStore.Open(database, hostId) : SqliteGcStore.Open(database, hostId);

    public static CliHost Real(TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, bool stdoutIsTerminal, CancellationToken cancellation) =>
        new(
            stdout,
            stderr,
            new EnvironmentVariables(environment),
            stdoutIsTerminal,
            TimeProvider.System,
            new FileSystem(),
            NativeFileStatReader.Instance,
            OpenRealStore,
            () => new FlockCacheLocker(),
            CoreOperations.Instance,
            cancellation,
            NativeFileSystemTypeReader.Instance);

    /// <summary>True when stderr is a terminal: progress bars are drawn there (and only there).</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>The passwd database whose homes hold other users' uv tool directories (read only when <see cref="IsRoot"/>).</summary>
    public string PasswdFile { get; init; } = PasswdHomes.DefaultPath;

    /// <summary>Whether gctool runs as root (euid 0): then every user's tool directory is an implicit root.</summary>
    public bool IsRoot { get; init; } = ProcessIdentity.IsRoot;

    /// <summary>Read no config file and no GCTOOL_* variable: the demo's runs see only its own directory.</summary>
    public bool DefaultsOnly { get; init; }
}
