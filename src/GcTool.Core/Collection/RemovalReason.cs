using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>Which rule sends an entry away. The CLI writes the words; <see cref="PlanNames.ToName(RemovalKind)"/> gives the stable code.</summary>
public enum RemovalKind
{
    /// <summary>No environment references it, and it is older than --min-age.</summary>
    Unreferenced,
    /// <summary>A cached venv archive (uvx, uv run --with) that no environments-v* link names any more.</summary>
    UnnamedCachedVenv,
    /// <summary>A cached venv uv still names, but unused for longer than --environments allows.</summary>
    StaleCachedEnvironment,
    /// <summary>Kept only by --keep-unused-for, evicted to bring the cache under --max-size, least recently used first.</summary>
    OverMaxSize,
    /// <summary>An interrupted gc had planned it and started to remove it; this gc finished it.</summary>
    Resumed,
}

/// <summary>
/// Why the plan removes an entry: the rule and the facts behind it, not words, so the table, the JSON, the
/// log lines and <c>explain</c> say the same thing and tests state the rule without parsing prose.
/// </summary>
/// <param name="LastUsedAt">When an environment last used it (Unix seconds); for <see cref="RemovalKind.StaleCachedEnvironment"/>,
/// when uv last created or used the cached environment. Null when no known environment ever did.</param>
/// <param name="CreatedAt">When uv put it in place (its directory time, Unix seconds); 0 when not known.</param>
/// <param name="Environments">The --environments window, for <see cref="RemovalKind.StaleCachedEnvironment"/>.</param>
/// <param name="FromRun">The interrupted gc run, for <see cref="RemovalKind.Resumed"/>.</param>
public sealed record RemovalReason(RemovalKind Kind, long? LastUsedAt, long CreatedAt, TimeSpan? Environments = null, long? FromRun = null)
{
    /// <summary>Unreferenced (a cached venv: no longer named by uv), with when it was last used and created.</summary>
    public static RemovalReason Unreferenced(EntryRecord entry) =>
        new(entry.Kind == EntryKind.Venv ? RemovalKind.UnnamedCachedVenv : RemovalKind.Unreferenced, entry.LastReferencedAt, entry.DirTime);

    public static RemovalReason StaleCachedEnvironment(EntryRecord entry, long lastUsedAt, TimeSpan window) =>
        new(RemovalKind.StaleCachedEnvironment, lastUsedAt, entry.DirTime, window);

    public static RemovalReason OverMaxSize(EntryRecord entry) => new(RemovalKind.OverMaxSize, entry.LastReferencedAt, entry.DirTime);

    public static RemovalReason Resumed(long runId) => new(RemovalKind.Resumed, null, 0, FromRun: runId);
}
