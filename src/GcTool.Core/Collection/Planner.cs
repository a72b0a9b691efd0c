using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>Everything the mark phase looks at; no I/O.</summary>
/// <param name="Pinned">Cached venv archives named by an environments-v* link.</param>
/// <param name="UnmatchedHardlinks">Hardlinked environment files the scan could not attribute to an entry.</param>
/// <param name="Policies">--keep-unused-for, --max-size, --environments; none by default.</param>
/// <param name="PinnedLastUsed">For pinned cached venvs: when uv last created or used them (Unix seconds), for --environments.</param>
public sealed record PlanInputs(
    IReadOnlyList<EntryRecord> Entries,
    IReadOnlyList<ReferenceEdge> Graph,
    IReadOnlySet<EntryKey> Pinned,
    IReadOnlySet<FileId> UnmatchedHardlinks,
    long Now,
    TimeSpan MinAge,
    GcPolicies? Policies = null,
    IReadOnlyDictionary<EntryKey, long>? PinnedLastUsed = null);

/// <summary>What gc will delete, and how many entries it keeps for each reason.</summary>
/// <param name="PlannedAt">The planner's "now" (Unix seconds): what the reasons' ages are measured from.</param>
/// <param name="KeptBy">Every kept entry of the cache and its reason (for explain and --print-live).</param>
/// <param name="MaxSize">What --max-size did; null without it.</param>
public sealed record GcPlan(
    IReadOnlyList<PlannedRemoval> Items,
    IReadOnlyDictionary<KeepReason, long> Kept,
    long PlannedAt,
    IReadOnlyDictionary<EntryKey, KeepReason>? KeptBy = null,
    MaxSizeOutcome? MaxSize = null)
{
    public long Bytes => Items.Sum(i => i.Bytes);
    public long FreeableBytes => Items.Sum(i => i.FreeableBytes);
}

/// <summary>
/// Mark: decides which entries go. Pure, so the dry run and the real run share it and tests can
/// state the rules without a file system.
/// </summary>
/// <remarks>
/// Roots are the environments under registered roots and in environments-v*, plus cached venv
/// archives that an environments-v* link names (unless --environments finds them unused for too
/// long). An entry is kept when a root references it, when it is younger than --min-age (by last
/// reference, else directory time), when a hardlinked environment file could belong to it, or when
/// an environment used it within --keep-unused-for. A kept cached venv archive keeps what it links
/// to (a closure), and an entry is only deleted with every venv archive that links to it, so a
/// second gc right after the first finds nothing more to delete. Finally --max-size evicts entries
/// kept only by --keep-unused-for, least recently used first: the policies trade a warm cache for
/// space, never safety, so --min-age, references and hardlinks still protect.
/// </remarks>
public static class Planner
{
    public static GcPlan Plan(PlanInputs inputs)
    {
        var policies = inputs.Policies ?? GcPolicies.None;
        var kept = new Dictionary<EntryKey, KeepReason>();
        var byVenv = inputs.Graph.Where(e => e.EnvironmentAsEntry is not null)
            .GroupBy(e => e.EnvironmentAsEntry!.Value)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Entry).ToList());

        foreach (var edge in inputs.Graph)
            if (edge.EnvironmentKind != EnvironmentKind.CachedVenvArchive) kept.TryAdd(edge.Entry, KeepReason.Referenced);
        var stalePins = new Dictionary<EntryKey, long>();
        foreach (var pinned in inputs.Pinned)
        {
            if (StaleSince(pinned, inputs, policies) is { } lastUsed) stalePins[pinned] = lastUsed;
            else kept.TryAdd(pinned, KeepReason.CachedEnvironment);
        }
        foreach (var entry in inputs.Entries)
        {
            if (kept.ContainsKey(entry.Key)) continue;
            if (entry.Inodes is { } inodes && inodes.Any(i => inputs.UnmatchedHardlinks.Contains(new FileId(entry.Device, i))))
                kept[entry.Key] = KeepReason.Hardlinked;
            else if (inputs.Now - AgeBasis(entry) < (long)inputs.MinAge.TotalSeconds)
                kept[entry.Key] = KeepReason.TooYoung;
            else if (policies.KeepUnusedFor is { } window && entry.LastReferencedAt is { } last && inputs.Now - last < (long)window.TotalSeconds)
                kept[entry.Key] = KeepReason.RecentlyUsed;
        }
        var beforeClosure = new Dictionary<EntryKey, KeepReason>(kept);
        KeepWhatKeptVenvsLinkTo(kept, byVenv);

        var present = inputs.Entries.ToDictionary(e => e.Key);
        var evicted = policies.MaxSizeBytes is { } target ? Evict(inputs.Entries, kept, target) : [];
        if (evicted.Any(byVenv.ContainsKey))
        {
            // An evicted cached venv no longer keeps what it links to: mark again without it, so a
            // second gc right after this one finds nothing more to delete.
            kept = beforeClosure.Where(k => !evicted.Contains(k.Key)).ToDictionary(k => k.Key, k => k.Value);
            KeepWhatKeptVenvsLinkTo(kept, byVenv);
        }
        var items = inputs.Entries
            .Where(e => !kept.ContainsKey(e.Key))
            .OrderBy(e => e.DistName ?? "~", StringComparer.Ordinal).ThenBy(e => e.Key.RelativePath, StringComparer.Ordinal)
            .Select(e => new PlannedRemoval(e.Key, e.DistName, e.DistVersion, e.Bytes, e.FreeableBytes, Reason(e, policies, stalePins, evicted)))
            .ToList();
        var keptPresent = kept.Where(k => present.ContainsKey(k.Key)).ToDictionary(k => k.Key, k => k.Value);
        var counts = keptPresent.GroupBy(k => k.Value).ToDictionary(g => g.Key, g => (long)g.Count());
        MaxSizeOutcome? maxSize = null;
        if (policies.MaxSizeBytes is { } targetBytes)
        {
            var before = inputs.Entries.Sum(e => e.Bytes);
            var blocking = keptPresent.GroupBy(k => k.Value).ToDictionary(g => g.Key, g => g.Sum(k => present[k.Key].Bytes));
            maxSize = new MaxSizeOutcome(targetBytes, before, before - items.Sum(i => i.Bytes), evicted.Count, blocking);
        }
        return new GcPlan(items, counts, inputs.Now, keptPresent, maxSize);
    }

    /// <summary>The time an entry was last known to be needed: its last reference, else when uv put it in place.</summary>
    public static long AgeBasis(EntryRecord entry) => Math.Max(entry.LastReferencedAt ?? 0, entry.DirTime);

    /// <summary>When --environments applies and the pinned venv was last used longer ago than it allows: that time.</summary>
    private static long? StaleSince(EntryKey pinned, PlanInputs inputs, GcPolicies policies)
    {
        if (policies.Environments is not { } window) return null;
        var lastUsed = inputs.PinnedLastUsed?.GetValueOrDefault(pinned);
        if (lastUsed is not { } at || at == 0) return null; // unknown: keep
        return inputs.Now - at >= (long)window.TotalSeconds ? at : null;
    }

    /// <summary>
    /// --max-size: while the cache would stay over the target, move entries kept only by
    /// --keep-unused-for to the plan, least recently used first (last reference, else creation).
    /// </summary>
    private static HashSet<EntryKey> Evict(IReadOnlyList<EntryRecord> entries, Dictionary<EntryKey, KeepReason> kept, long target)
    {
        var size = entries.Where(e => kept.ContainsKey(e.Key)).Sum(e => e.Bytes);
        var evicted = new HashSet<EntryKey>();
        var candidates = entries.Where(e => kept.TryGetValue(e.Key, out var why) && why == KeepReason.RecentlyUsed)
            .OrderBy(AgeBasis).ThenBy(e => e.Key.RelativePath, StringComparer.Ordinal);
        foreach (var entry in candidates)
        {
            if (size <= target) break;
            kept.Remove(entry.Key);
            evicted.Add(entry.Key);
            size -= entry.Bytes;
        }
        return evicted;
    }

    private static void KeepWhatKeptVenvsLinkTo(Dictionary<EntryKey, KeepReason> kept, Dictionary<EntryKey, List<EntryKey>> byVenv)
    {
        var queue = new Queue<EntryKey>(kept.Keys.Where(byVenv.ContainsKey));
        while (queue.Count > 0)
            foreach (var target in byVenv[queue.Dequeue()])
                if (kept.TryAdd(target, KeepReason.Referenced) && byVenv.ContainsKey(target)) queue.Enqueue(target);
    }

    /// <summary>The rule that sends <paramref name="entry"/> away, with its facts; the CLI puts them into words.</summary>
    private static RemovalReason Reason(EntryRecord entry, GcPolicies policies, Dictionary<EntryKey, long> stalePins, HashSet<EntryKey> evicted)
    {
        if (stalePins.TryGetValue(entry.Key, out var lastUsed)) return RemovalReason.StaleCachedEnvironment(entry, lastUsed, policies.Environments!.Value);
        return evicted.Contains(entry.Key) ? RemovalReason.OverMaxSize(entry) : RemovalReason.Unreferenced(entry);
    }
}
