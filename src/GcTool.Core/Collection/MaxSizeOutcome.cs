namespace GcTool.Core.Collection;

/// <summary>
/// What <c>--max-size</c> did: the cache's size (sum of the archive entries' apparent bytes) before
/// and after the plan, how many entries it evicted beyond the normal rules, and, when the target is
/// out of reach, the bytes each keep reason holds on to (the CLI says why in words).
/// </summary>
/// <param name="BlockingBytes">Bytes still kept after the plan, by <see cref="KeepReason"/>: why the target is not reached.</param>
public sealed record MaxSizeOutcome(
    long TargetBytes,
    long BytesBefore,
    long BytesAfter,
    int Evicted,
    IReadOnlyDictionary<KeepReason, long> BlockingBytes)
{
    public bool Reached => BytesAfter <= TargetBytes;
}
