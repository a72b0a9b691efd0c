using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>Verdicts of <c>gctool explain</c>. Stable: they appear in <c>--json</c>.</summary>
public static class ExplainVerdict
{
    public const string Keep = "keep";
    public const string Delete = "delete";
    public const string NotFound = "not_found";
}

/// <summary>
/// <c>gctool explain ID</c>: why gc keeps an entry or why it would delete it.
/// </summary>
/// <param name="KeepReason">The <see cref="Collection.KeepReason"/> when kept; null otherwise.</param>
/// <param name="Explanation">Why, in one phrase (the verdict is in <see cref="Verdict"/>).</param>
/// <param name="Users">Environments that link into it (with one sample file each), from the last scan.</param>
/// <param name="KeptVia">Cached venv archives gc keeps that link to it (it is kept for their sake).</param>
/// <param name="PinnedBy">environments-v* links naming it (when it is a cached venv).</param>
public sealed record EntryExplanation(
    EntryId Id,
    EntryRecord? Entry,
    string Verdict,
    string? KeepReason,
    string Explanation,
    IReadOnlyList<EntryUser> Users,
    IReadOnlyList<EntryKey> KeptVia,
    IReadOnlyList<string> PinnedBy,
    TimeSpan MinAge,
    GcPolicies Policies);

/// <summary>
/// Answers <c>explain</c> with the same planner as gc, from the last scan (like <c>audit</c>, it does
/// not rescan environments) plus a fresh look at uv's pointers, with the policies gc would use.
/// </summary>
public sealed class Explainer(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IStoreQueries Store => context.Store;

    public EntryExplanation Explain(EntryId id, GcRequest request, CancellationToken cancellation = default)
    {
        var preview = new Collector(context).Preview(request with { DryRun = true }, rescan: false, cancellation);
        var policies = request.Policies ?? GcPolicies.None;
        var users = Store.UsersOfEntry(id);
        var entry = preview.Inputs.Entries.FirstOrDefault(e => e.Key.Id == id);
        if (entry is null)
            return new EntryExplanation(id, null, ExplainVerdict.NotFound, null,
                "not in the cache as of the last scan; run `gctool scan` if uv created it since", users, [], [], request.MinAge, policies);

        var pinnedBy = preview.Pointers.To(entry.Key).Where(p => p.InEnvironmentsBucket).Select(p => p.Path).Order(StringComparer.Ordinal).ToList();
        var keptBy = preview.Plan.KeptBy ?? new Dictionary<EntryKey, string>();
        var keptVia = preview.Inputs.Graph
            .Where(e => e.Entry == entry.Key && e.EnvironmentAsEntry is { } venv && keptBy.ContainsKey(venv))
            .Select(e => e.EnvironmentAsEntry!.Value).Distinct().OrderBy(k => k.RelativePath, StringComparer.Ordinal).ToList();
        var now = preview.Inputs.Now;
        if (preview.Plan.Items.FirstOrDefault(i => i.Entry == entry.Key) is { } item)
            return new EntryExplanation(id, entry, ExplainVerdict.Delete, null, item.Reason, users, keptVia, pinnedBy, request.MinAge, policies);

        var reason = keptBy[entry.Key];
        var rootUsers = users.Count(u => u.Kind != EnvironmentKind.CachedVenvArchive);
        string Ago(long at) => HumanTime.Format(TimeSpan.FromSeconds(now - at));
        var sentence = reason switch
        {
            Collection.KeepReason.Referenced when rootUsers > 0 =>
                $"{rootUsers} environment{(rootUsers == 1 ? "" : "s")} link{(rootUsers == 1 ? "s" : "")} into it",
            Collection.KeepReason.Referenced =>
                $"cached venv {string.Join(", ", keptVia.Select(k => k.RelativePath))}, which gc keeps, links into it",
            Collection.KeepReason.CachedEnvironment => policies.Environments is { } window
                ? $"uv still names it as a cached environment ({pinnedBy.Count} environments-v* link{(pinnedBy.Count == 1 ? "" : "s")}), used within --environments {HumanTime.Format(window)}"
                : $"uv still names it as a cached environment ({pinnedBy.Count} environments-v* link{(pinnedBy.Count == 1 ? "" : "s")}); gc --environments DURATION would let stale ones go",
            Collection.KeepReason.TooYoung => entry.LastReferencedAt is { } last && last >= entry.DirTime
                ? $"last used {Ago(last)} ago, within --min-age {HumanTime.Format(request.MinAge)}"
                : $"created {Ago(entry.DirTime)} ago, within --min-age {HumanTime.Format(request.MinAge)}",
            Collection.KeepReason.Hardlinked => "an environment holds a hardlinked file that may be one of its files (the scan could not tell which entry)",
            Collection.KeepReason.RecentlyUsed =>
                $"an environment used it {Ago(entry.LastReferencedAt ?? entry.DirTime)} ago, within --keep-unused-for {HumanTime.Format(policies.KeepUnusedFor ?? TimeSpan.Zero)}" +
                (preview.Plan.MaxSize is { } max ? $", and the cache fits --max-size {ByteSize.Format(max.TargetBytes)} without evicting it" : ""),
            _ => $"{reason.Replace('_', ' ')}",
        };
        return new EntryExplanation(id, entry, ExplainVerdict.Keep, reason, sentence, users, keptVia, pinnedBy, request.MinAge, policies);
    }
}
