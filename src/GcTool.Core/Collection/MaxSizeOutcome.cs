namespace GcTool.Core.Collection;

/// <summary>
/// What <c>--max-size</c> did: the cache's size (sum of the archive entries' apparent bytes) before
/// and after the plan, how many entries it evicted beyond the normal rules, and, when the target is
/// out of reach, the bytes each keep reason holds on to.
/// </summary>
/// <param name="BlockingBytes">Bytes still kept after the plan, by <see cref="KeepReason"/>: why the target is not reached.</param>
public sealed record MaxSizeOutcome(
    long TargetBytes,
    long BytesBefore,
    long BytesAfter,
    int Evicted,
    IReadOnlyDictionary<string, long> BlockingBytes)
{
    public bool Reached => BytesAfter <= TargetBytes;

    /// <summary>Why the target cannot be reached, in words; null when it is.</summary>
    public string? Explanation()
    {
        if (Reached) return null;
        var parts = BlockingBytes.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{ByteSize.Format(kv.Value)} {Describe(kv.Key)}");
        return $"the cache stays at {ByteSize.Format(BytesAfter)}, over --max-size {ByteSize.Format(TargetBytes)}, because gc never deletes {string.Join(", ", parts)}";
    }

    public static string Describe(string keepReason) => keepReason switch
    {
        KeepReason.Referenced => "referenced by environments",
        KeepReason.CachedEnvironment => "in cached environments uv still names (see --environments)",
        KeepReason.TooYoung => "younger than --min-age",
        KeepReason.Hardlinked => "possibly hardlinked into environments",
        KeepReason.RecentlyUsed => "used within --keep-unused-for",
        _ => keepReason.Replace('_', ' '),
    };
}
