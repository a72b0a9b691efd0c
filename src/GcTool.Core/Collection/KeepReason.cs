namespace GcTool.Core.Collection;

/// <summary>Why gc keeps an entry. The names are stable: they appear as keys in <c>--json</c> output.</summary>
public static class KeepReason
{
    /// <summary>An environment under a registered root or in environments-v*, or a kept cached venv, links into it.</summary>
    public const string Referenced = "referenced";
    /// <summary>A cached uvx / uv run --with venv that an environments-v* link still names.</summary>
    public const string CachedEnvironment = "cached_environment";
    /// <summary>Unreferenced, but used or created more recently than --min-age.</summary>
    public const string TooYoung = "too_young";
    /// <summary>A known environment holds one of its files through a hardlink the scan could not attribute (re-checked under the lock).</summary>
    public const string Hardlinked = "hardlinked";
    /// <summary>Unreferenced, but an environment used it within --keep-unused-for (and --max-size did not evict it).</summary>
    public const string RecentlyUsed = "recently_used";
}
