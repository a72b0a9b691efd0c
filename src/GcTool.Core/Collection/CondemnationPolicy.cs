using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>What the two-phase protocol decided for this gc's candidates.</summary>
/// <param name="Delete">Condemned long enough: every other active host has committed a scan since, and none references them.</param>
/// <param name="Waiting">Condemned, but some host has not scanned since; kept until it has (or is retired).</param>
/// <param name="Silent">Active hosts that have not scanned for longer than the limit: they block every deletion.</param>
public sealed record CondemnationDecision(
    IReadOnlyList<PlannedRemoval> Delete,
    IReadOnlyList<CondemnationWait> Waiting,
    IReadOnlyList<HostRecord> Silent);

/// <summary>The final plan after phase 2: the candidates that may go now, those kept as condemned, and the silent hosts.</summary>
/// <param name="Plan">The candidates' plan with the waiting ones moved to its kept counts (<see cref="KeepReason.Condemned"/>).</param>
public sealed record CondemnationOutcome(GcPlan Plan, IReadOnlyList<CondemnationWait> Waiting, IReadOnlyList<HostRecord> Silent);

/// <summary>
/// Phase 2 of the protocol across hosts (README, "Many hosts, one cache"): which condemned
/// candidates may go now. Pure, so the dry run and the real run share it.
/// </summary>
/// <remarks>
/// <para>A candidate is an entry no environment of any host references (the planner's verdict).
/// The running gc's own host needs no further scan: it scanned under the lock, and while the lock
/// is held no uv process on any host can link the entry. Every other active host must have
/// committed a scan strictly after the entry was condemned: an environment it created before
/// its previous scan was seen then, and one it created later was either seen by that newer scan
/// (which clears the condemnation) or could not link the entry at all, since condemning removed
/// the entry's pointers, so uv no longer finds it.</para>
/// <para>With a single known host there are no others, so a candidate is condemned and deleted in
/// the same run, exactly as before hosts existed.</para>
/// <para>Times are Unix seconds from the hosts' own clocks: a scan's time is when it started reading
/// the file system, a condemnation's when the gc recorded it. A scan counts only if it started more
/// than the allowed clock skew after the condemnation.</para>
/// </remarks>
public static class CondemnationPolicy
{
    /// <summary>How long a host may go without a scan before it blocks deletions, unless gc is told otherwise.</summary>
    public static readonly TimeSpan DefaultSilentAfter = TimeSpan.FromDays(7);

    /// <summary>How far apart the hosts' clocks may be, unless gc is told otherwise (NTP keeps them far closer).</summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Maps the planner's candidates to the final plan, before anything is touched: those every other
    /// active host has scanned since condemning stay in it; the rest are kept as condemned.
    /// </summary>
    public static CondemnationOutcome Apply(
        GcPlan candidates,
        IReadOnlyDictionary<EntryKey, long> condemnedAt,
        IReadOnlyList<HostRecord> hosts,
        string me,
        long now,
        TimeSpan silentAfter,
        TimeSpan maxClockSkew)
    {
        if (candidates.Items.Count == 0) return new CondemnationOutcome(candidates, [], []);
        var decision = Decide(candidates.Items, condemnedAt, hosts, me, now, silentAfter, maxClockSkew);
        if (decision.Waiting.Count == 0) return new CondemnationOutcome(candidates, [], decision.Silent);
        var kept = new Dictionary<KeepReason, long>(candidates.Kept) { [KeepReason.Condemned] = decision.Waiting.Count };
        var keptBy = candidates.KeptBy is null ? null : new Dictionary<EntryKey, KeepReason>(candidates.KeptBy);
        if (keptBy is not null) foreach (var waiting in decision.Waiting) keptBy[waiting.Entry] = KeepReason.Condemned;
        return new CondemnationOutcome(candidates with { Items = decision.Delete, Kept = kept, KeptBy = keptBy }, decision.Waiting, decision.Silent);
    }

    public static CondemnationDecision Decide(
        IReadOnlyList<PlannedRemoval> candidates,
        IReadOnlyDictionary<EntryKey, long> condemnedAt,
        IReadOnlyList<HostRecord> hosts,
        string me,
        long now,
        TimeSpan silentAfter,
        TimeSpan maxClockSkew = default)
    {
        var others = hosts.Where(h => h.IsActive && h.HostId != me).ToList();
        var silent = others.Where(h => now - (h.LastScanAt ?? h.FirstSeenAt) > (long)silentAfter.TotalSeconds).ToList();
        var delete = new List<PlannedRemoval>();
        var waiting = new List<CondemnationWait>();
        foreach (var item in candidates)
        {
            var since = condemnedAt.TryGetValue(item.Entry, out var at) ? at : now;
            // Scan times come from each host's clock, the condemnation time from ours: a scan counts
            // only when it started later than the condemnation even if the clocks disagree by the allowance.
            var behind = others.Where(h => !(h.LastScanAt > since + (long)maxClockSkew.TotalSeconds)).Select(h => h.HostId).ToList();
            if (silent.Count > 0)
                waiting.Add(new CondemnationWait(item, CondemnationBlock.SilentHosts, silent.Select(h => h.HostId).ToList(), since));
            else if (behind.Count > 0)
                waiting.Add(new CondemnationWait(item, CondemnationBlock.ScanPending, behind, since));
            else
                delete.Add(item);
        }
        return new CondemnationDecision(delete, waiting, silent);
    }

    /// <summary>The refusal (exit 4) when silent hosts held up deletions, naming them and the two ways out.</summary>
    public static Errors.SafetyRefusalException SilentHostsRefusal(IReadOnlyList<HostRecord> silent, int held, long now) =>
        new($"{held} condemned entr{(held == 1 ? "y is" : "ies are")} not deleted: host{(silent.Count == 1 ? "" : "s")} " +
            string.Join(", ", silent.Select(h => $"{h.HostId} (last scan {(h.LastScanAt is { } t ? HumanTime.Format(TimeSpan.FromSeconds(now - t)) + " ago" : "never")})")) +
            " may use them; run `gctool scan` there, or `gctool hosts retire HOST` if it is gone for good (raise --silent-host-after to wait longer)");
}
