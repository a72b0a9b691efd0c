using System.IO.Abstractions.TestingHelpers;
using GcTool.Cli;
using GcTool.Cli.Settings;
using GcTool.Core.Cache;
using GcTool.Core.Locking;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Cli.Fakes;

/// <summary>
/// Runs gctool in-process against a MockFileSystem holding a uv cache at <c>/cache</c>, a fake
/// store and fake core operations, with HOME=/home/dev and a fixed clock. Records what was opened.
/// </summary>
internal sealed class CliHarness
{
    public const string CacheRoot = "/cache";

    public MockFileSystem FileSystem { get; } = new();
    public MockStatReader Stat { get; }
    public FakeStore Store { get; } = new();
    public FakeCore Core { get; } = new();
    public List<string> OpenedDatabases { get; } = [];
    public string? OpenedAsHost { get; private set; }
    public GcTool.Core.Platform.IFileSystemTypeReader? FileSystemTypes { get; init; }
    public Dictionary<string, string?> Environment { get; } = new() { ["HOME"] = "/home/dev", ["UV_CACHE_DIR"] = CacheRoot };
    public CancellationTokenSource Cancellation { get; } = new();
    public StringWriter Stdout { get; private set; } = new();
    public StringWriter Stderr { get; private set; } = new();

    public CliHarness()
    {
        Stat = new MockStatReader(FileSystem);
        FileSystem.AddFile($"{CacheRoot}/CACHEDIR.TAG", new MockFileData(UvCache.CacheDirTagSignature));
        FileSystem.AddDirectory($"{CacheRoot}/archive-v0");
        FileSystem.AddDirectory("/home/dev/projects");
    }

    /// <summary>True when the command got as far as opening the database.</summary>
    public bool TouchedStore => OpenedDatabases.Count > 0;

    public bool TouchedAnything => TouchedStore || Core.ScanRequests.Count > 0 || Core.GcRequests.Count > 0;

    public int Run(params string[] args)
    {
        Stdout = new StringWriter { NewLine = "\n" };
        Stderr = new StringWriter { NewLine = "\n" };
        var host = new CliHost(
            Stdout,
            Stderr,
            new EnvironmentVariables(Environment),
            StdoutIsTerminal: false,
            new FrozenClock(Reports.Now),
            FileSystem,
            Stat,
            (path, hostId) =>
            {
                OpenedDatabases.Add(path);
                OpenedAsHost = hostId;
                return Store;
            },
            () => new NeverLocker(),
            Core,
            Cancellation.Token,
            FileSystemTypes);
        return GcToolApp.Run(args, host);
    }

    public string[] StderrLines => Stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);


    private sealed class NeverLocker : ICacheLocker
    {
        public ICacheLock AcquireExclusive(string cacheRoot, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation) =>
            throw new InvalidOperationException("CLI tests never take the lock; FakeCore stands in for the collector");
    }
}
