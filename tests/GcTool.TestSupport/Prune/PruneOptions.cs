namespace GcTool.TestSupport;

/// <summary><c>uv cache prune</c>'s flags, plus the knobs a test needs to emulate other uv versions.</summary>
public sealed record PruneOptions
{
    /// <summary>uv 0.12.5's <c>CacheBucket::to_str</c> names: every other top-level directory is deleted.</summary>
    public static readonly IReadOnlyList<string> Uv0125Buckets =
    [
        "sdists-v9", "flat-index-v4", "git-v0", "interpreter-v4", "simple-v24", "wheels-v6",
        "archive-v0", "builds-v0", "environments-v2", "python-v0", "binaries-v0", "osv-v0",
    ];

    /// <summary>Declared after the bucket list: static fields initialise in textual order.</summary>
    public static readonly PruneOptions Default = new();

    /// <summary>
    /// A uv with the <c>content-addressed-cache</c> preview (≥ 0.12.8): it knows <c>files-v0</c>, and after
    /// removing archives deletes the objects whose link count fell to 1. (uv 0.12.5 deletes the whole
    /// <c>files-v0</c> as an unknown bucket; the archive files survive as the objects' other links.)
    /// </summary>
    public static readonly PruneOptions ContentAddressed = new() { Buckets = [.. Uv0125Buckets, ContentAddressedStore.FilesBucket] };

    /// <summary><c>--ci</c>: also drop unzipped wheels, keeping only built <c>.whl</c> files and metadata.</summary>
    public bool Ci { get; init; }

    /// <summary><c>--force</c>: if the lock is busy, prune without it.</summary>
    public bool Force { get; init; }

    /// <summary><c>UV_LOCK_TIMEOUT</c> (default 300 s).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Called once, when the lock is busy and the prune starts waiting for it (as uv prints "Waiting for lock").</summary>
    public Action? OnWaiting { get; init; }

    /// <summary>False emulates uv ≤ 0.8.18, which pruned without any lock.</summary>
    public bool TakeLock { get; init; } = true;

    /// <summary>The buckets this uv version knows (and therefore keeps).</summary>
    public IReadOnlyList<string> Buckets { get; init; } = Uv0125Buckets;

    /// <summary>The buckets whose symlinks count as references (uv ≥ 0.7.9: sdists and wheels only).</summary>
    public IReadOnlyList<string> ReferenceBuckets { get; init; } = ["sdists-v9", "wheels-v6"];
}
