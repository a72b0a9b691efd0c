using GcTool.Core.Environments;

namespace GcTool.Core.Scanning;

/// <summary>What a scan asks for.</summary>
/// <param name="AddRoots">Roots to register before scanning (the ROOT arguments of <c>gctool scan</c>).</param>
/// <param name="Full">Re-read every environment and entry even when its fingerprint is unchanged.</param>
public sealed record ScanRequest(IReadOnlyList<RootPath> AddRoots, bool Full = false);

/// <summary>Something a scan could not read; it carries on and reports these.</summary>
public sealed record SkippedPath(string Path, string Reason);

/// <summary>What a scan found and did.</summary>
public sealed record ScanReport(
    IReadOnlyList<RootPath> Roots,
    long EnvironmentsFound,
    long EnvironmentsRescanned,
    long EnvironmentsUnchanged,
    long EnvironmentsRemoved,
    long Entries,
    long EntriesNew,
    long EntriesRemoved,
    long References,
    long FilesRead,
    IReadOnlyList<SkippedPath> Skipped,
    TimeSpan Elapsed)
{
    /// <summary>Mount points below (or at) a root that held environments and are no longer mounted: gc refuses (see <see cref="Environments.DiscoveryResult.LostMounts"/>).</summary>
    public IReadOnlyList<string> LostMounts { get; init; } = [];
}
