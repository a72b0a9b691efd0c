using GcTool.Core.Store;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Errors;

namespace GcTool.Core.Audit;

/// <summary>Read-only questions about the recorded graph: who uses what. Answers come from the store, not the disk.</summary>
public sealed class AuditService(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IStoreQueries Store => context.Store;

    public EnvironmentAudit AuditEnvironment(string path)
    {
        var env = FindEnvironment(path)
            ?? throw new GcToolException(ExitCode.Failure, $"no environment recorded at {path}; run `gctool scan ROOT` on a root that contains it");
        return new EnvironmentAudit(env, Store.UsesOfEnvironment(env.Path));
    }

    public EntryAudit AuditEntry(EntryId id) =>
        new(id, Store.FindEntry(id), Store.UsersOfEntry(id));

    public GraphAudit AuditAll()
    {
        var edges = Store.LoadWholeGraph();
        var stats = Store.LoadStatistics();
        return new GraphAudit(edges, stats.Environments, stats.Entries);
    }

    /// <param name="reclaim">The gc whose reclaimable directories to survey (its --min-age, --keep-stale-buckets); null surveys nothing.</param>
    public StatusReport Status(string databaseDescription, Collection.GcRequest? reclaim = null) =>
        new(context.Cache.RealRoot, databaseDescription, Store.LoadStatistics(), Store.ListRoots())
        {
            Pins = new Pins.GcRootPins(context).Count(),
            Reclaim = reclaim is null ? null : new Collection.Collector(context).PlanReclaim(reclaim, CancellationToken.None),
        };

    /// <summary>Environments are recorded under the spelling of the root that found them; try that, then the canonical path.</summary>
    private Store.EnvironmentRecord? FindEnvironment(string path)
    {
        var absolute = Paths.TrimTrailingSeparator(Path.GetFullPath(path));
        var found = Store.FindEnvironment(new EnvPath(absolute));
        if (found is not null) return found;
        var real = context.Stat.TryRealPath(absolute);
        if (real is not null && real != absolute) found = Store.FindEnvironment(new EnvPath(real));
        if (found is not null) return found;
        // Fall back to comparing canonical forms of every recorded environment (few hundred at most).
        return real is null ? null : Store.LoadEnvironments().FirstOrDefault(e => context.Stat.TryRealPath(e.Path.Value) == real);
    }
}
