namespace GcTool.Core.Reclaim;

/// <summary>What uv's own <c>uv cache prune</c> removes besides archive entries, and gctool reclaims by uv's rules.</summary>
public enum ReclaimCategory
{
    /// <summary>A top-level <c>&lt;bucket&gt;-v&lt;N&gt;</c> an older uv wrote (prune step 2).</summary>
    StaleBucket,
    /// <summary>A <c>.tmp*</c> directory at the cache root or in <c>builds-v*</c> a killed uv left (prune step 2).</summary>
    StagingLeftover,
    /// <summary>An sdist revision that is not its shard's current one (prune step 1).</summary>
    StaleSdistRevision,
}

/// <summary>Why a directory of a <see cref="ReclaimCategory"/> is kept this time.</summary>
public enum ReclaimKeepReason
{
    /// <summary>Something in it changed within --min-age (a uv may still be writing there).</summary>
    TooYoung,
    /// <summary>--keep-stale-buckets (gc.keep-stale-buckets): the cache deliberately serves an older uv.</summary>
    KeepStaleBuckets,
    /// <summary>The highest <c>sdists-v*</c> present holds gctool's pins (<see cref="Pins.PinDirectory"/>).</summary>
    HoldsPins,
    /// <summary>Part of it could not be read, so its age is unknown.</summary>
    Unreadable,
}
