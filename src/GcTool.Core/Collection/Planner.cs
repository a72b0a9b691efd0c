using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>Everything the mark phase looks at; no I/O.</summary>
/// <param name="Pinned">Cached venv archives named by an environments-v* link.</param>
/// <param name="UnmatchedHardlinks">Hardlinked environment files the scan could not attribute to an entry.</param>
public sealed record PlanInputs(
    IReadOnlyList<EntryRecord> Entries,
    IReadOnlyList<ReferenceEdge> Graph,
    IReadOnlySet<EntryKey> Pinned,
    IReadOnlySet<FileId> UnmatchedHardlinks,
    long Now,
    TimeSpan MinAge);

/// <summary>What gc will delete, and how many entries it keeps for each reason.</summary>
public sealed record GcPlan(IReadOnlyList<GcPlanItem> Items, IReadOnlyDictionary<string, long> Kept)
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
/// archives that an environments-v* link names. An entry is kept when a root references it, when
/// it is younger than --min-age (by last reference, else directory time), or when a hardlinked
/// environment file could belong to it. A kept cached venv archive keeps what it links to (a
/// closure), and an entry is only deleted with every venv archive that links to it, so a second
/// gc right after the first finds nothing more to delete.
/// </remarks>
public static class Planner
{
    public static GcPlan Plan(PlanInputs inputs)
    {
        var kept = new Dictionary<EntryKey, string>();
        var byVenv = inputs.Graph.Where(e => e.EnvironmentAsEntry is not null)
            .GroupBy(e => e.EnvironmentAsEntry!.Value)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Entry).ToList());

        foreach (var edge in inputs.Graph)
            if (edge.EnvironmentKind != EnvironmentKind.CachedVenvArchive) kept.TryAdd(edge.Entry, KeepReason.Referenced);
        foreach (var pinned in inputs.Pinned) kept.TryAdd(pinned, KeepReason.CachedEnvironment);
        foreach (var entry in inputs.Entries)
        {
            if (kept.ContainsKey(entry.Key)) continue;
            if (entry.Inodes is { } inodes && inodes.Any(i => inputs.UnmatchedHardlinks.Contains(new FileId(entry.Device, i))))
                kept[entry.Key] = KeepReason.Hardlinked;
            else if (inputs.Now - AgeBasis(entry) < (long)inputs.MinAge.TotalSeconds)
                kept[entry.Key] = KeepReason.TooYoung;
        }
        KeepWhatKeptVenvsLinkTo(kept, byVenv);

        var items = inputs.Entries
            .Where(e => !kept.ContainsKey(e.Key))
            .OrderBy(e => e.DistName ?? "~", StringComparer.Ordinal).ThenBy(e => e.Key.RelativePath, StringComparer.Ordinal)
            .Select(e => new GcPlanItem(e.Key, e.DistName, e.DistVersion, e.Bytes, e.FreeableBytes, Reason(e, inputs.Now), SweepState.Planned, null))
            .ToList();
        var present = inputs.Entries.Select(e => e.Key).ToHashSet();
        var counts = kept.Where(k => present.Contains(k.Key)).GroupBy(k => k.Value).ToDictionary(g => g.Key, g => (long)g.Count());
        return new GcPlan(items, counts);
    }

    /// <summary>The time an entry was last known to be needed: its last reference, else when uv put it in place.</summary>
    public static long AgeBasis(EntryRecord entry) => Math.Max(entry.LastReferencedAt ?? 0, entry.DirTime);

    private static void KeepWhatKeptVenvsLinkTo(Dictionary<EntryKey, string> kept, Dictionary<EntryKey, List<EntryKey>> byVenv)
    {
        var queue = new Queue<EntryKey>(kept.Keys.Where(byVenv.ContainsKey));
        while (queue.Count > 0)
            foreach (var target in byVenv[queue.Dequeue()])
                if (kept.TryAdd(target, KeepReason.Referenced) && byVenv.ContainsKey(target)) queue.Enqueue(target);
    }

    private static string Reason(EntryRecord entry, long now)
    {
        var kind = entry.Kind == EntryKind.Venv ? "cached venv no longer named by uv" : "unreferenced";
        return entry.LastReferencedAt is { } last
            ? $"{kind}; last used {HumanTime.Format(TimeSpan.FromSeconds(now - last))} ago"
            : $"{kind}; never used by a known environment, created {HumanTime.Format(TimeSpan.FromSeconds(now - entry.DirTime))} ago";
    }
}
