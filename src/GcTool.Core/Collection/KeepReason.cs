namespace GcTool.Core.Collection;

/// <summary>Why gc keeps an entry. Their names (<see cref="PlanNames.ToName(KeepReason)"/>) are stable: they appear as keys in <c>--json</c> output.</summary>
public enum KeepReason
{
    /// <summary>An environment under a registered root or in environments-v*, or a kept cached venv, links into it.</summary>
    Referenced,
    /// <summary>A cached uvx / uv run --with venv that an environments-v* link still names.</summary>
    CachedEnvironment,
    /// <summary>Unreferenced, but used or created more recently than --min-age.</summary>
    TooYoung,
    /// <summary>A known environment holds one of its files through a hardlink the scan could not attribute (re-checked under the lock).</summary>
    Hardlinked,
    /// <summary>Unreferenced and condemned, but another host has not scanned since (the two-phase protocol across hosts).</summary>
    Condemned,
    /// <summary>Unreferenced, but an environment used it within --keep-unused-for (and --max-size did not evict it).</summary>
    RecentlyUsed,
}
