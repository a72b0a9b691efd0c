using GcTool.Core.Cache;
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
/// <c>gctool explain ID</c>: why gc keeps an entry or why it would delete it, as facts; the CLI says it in words.
/// </summary>
/// <param name="KeepReason">The <see cref="Collection.KeepReason"/> when kept; null otherwise.</param>
/// <param name="Removal">The plan's item when gc would delete it; null otherwise.</param>
/// <param name="Users">Environments that link into it (with one sample file each), from the last scan.</param>
/// <param name="KeptVia">Cached venv archives gc keeps that link to it (it is kept for their sake).</param>
/// <param name="PinnedBy">environments-v* links naming it (when it is a cached venv).</param>
/// <param name="PlannedAt">When the plan was made (Unix seconds): the "now" of the explanation's ages.</param>
public sealed record EntryExplanation(
    EntryId Id,
    EntryRecord? Entry,
    string Verdict,
    KeepReason? KeepReason,
    PlannedRemoval? Removal,
    IReadOnlyList<EntryUser> Users,
    IReadOnlyList<EntryKey> KeptVia,
    IReadOnlyList<string> PinnedBy,
    TimeSpan MinAge,
    GcPolicies Policies,
    long PlannedAt);

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
        var now = preview.Plan.PlannedAt;
        if (entry is null)
            return new EntryExplanation(id, null, ExplainVerdict.NotFound, null, null, users, [], [], request.MinAge, policies, now);

        var pinnedBy = preview.Pointers.To(entry.Key).Where(p => p.InEnvironmentsBucket).Select(p => p.Path).Order(StringComparer.Ordinal).ToList();
        var keptBy = preview.Plan.KeptBy ?? new Dictionary<EntryKey, KeepReason>();
        var keptVia = preview.Inputs.Graph
            .Where(e => e.Entry == entry.Key && e.EnvironmentAsEntry is { } venv && keptBy.ContainsKey(venv))
            .Select(e => e.EnvironmentAsEntry!.Value).Distinct().OrderBy(k => k.RelativePath, StringComparer.Ordinal).ToList();
        if (preview.Plan.Items.FirstOrDefault(i => i.Entry == entry.Key) is { } item)
            return new EntryExplanation(id, entry, ExplainVerdict.Delete, null, item, users, keptVia, pinnedBy, request.MinAge, policies, now);
        return new EntryExplanation(id, entry, ExplainVerdict.Keep, keptBy[entry.Key], null, users, keptVia, pinnedBy, request.MinAge, policies, now);
    }
}
