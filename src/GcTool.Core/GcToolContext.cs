using System.IO.Abstractions;
using GcTool.Core.Cache;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Progress;
using GcTool.Core.Store;

namespace GcTool.Core;

/// <summary>Messages for the operator (stderr in the CLI). The core never writes to the console itself.</summary>
public interface IOperatorLog
{
    void Info(string message);
    void Warn(string message);
    void Verbose(string message);
}

public sealed class NullOperatorLog : IOperatorLog
{
    public static readonly NullOperatorLog Instance = new();
    public void Info(string message) { }
    public void Warn(string message) { }
    public void Verbose(string message) { }
}

/// <summary>
/// The world the core acts on, injected: file system, POSIX facts, the uv lock, the store and the
/// clock. The CLI builds one with real parts; tests build one with fakes or temp directories.
/// </summary>
public sealed record GcToolContext(
    UvCache Cache,
    IGcStore Store,
    IFileSystem FileSystem,
    IFileStatReader Stat,
    ICacheLocker Locker,
    TimeProvider Clock,
    IOperatorLog Log)
{
    public long NowUnix => Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// Where scan and gc report how far they are (the CLI draws bars on a terminal). Reports come
    /// from the calling thread between items, never while a lock-sensitive step is half done.
    /// </summary>
    public IProgress<WorkProgress> Progress { get; init; } = NullProgress.Instance;

    /// <summary>
    /// The words for a condemned entry gc keeps this time, for the verbose log ("keeping X: why"), given the
    /// time of that decision: the CLI's, so the core makes no prose about plans. Without them the log gives stable codes.
    /// </summary>
    public Func<Collection.CondemnationWait, long, string>? DescribeWait { get; init; }
}
