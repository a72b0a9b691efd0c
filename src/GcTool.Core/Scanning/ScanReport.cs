using GcTool.Core.Environments;

namespace GcTool.Core.Scanning;

/// <summary>What a scan asks for.</summary>
/// <param name="AddRoots">Roots to register before scanning (the ROOT arguments of <c>gctool scan</c>).</param>
/// <param name="Full">Re-read every environment and entry even when its fingerprint is unchanged.</param>
/// <param name="Pins">What to do with gctool's pins after the scan (<see cref="Pins.GcRootPins"/>); a gc's own scans leave them to the gc.</param>
public sealed record ScanRequest(IReadOnlyList<RootPath> AddRoots, bool Full = false, Pins.PinMode Pins = Pins.PinMode.Leave);

/// <summary>Something a scan could not read; it carries on and reports these.</summary>
/// <param name="MayHideReferences">True when what could not be read may hold links into the cache that the
/// scan therefore did not see (a directory under a root or in an environment, a link it could not read):
/// gc deletes nothing while there is one (<see cref="Collection.SafetyChecks.CheckNothingUnread"/>).</param>
public sealed record SkippedPath(string Path, string Reason, bool MayHideReferences = false);

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
    /// <summary>What this scan could not read and may hide references: the places gc cannot see into.</summary>
    public IReadOnlyList<SkippedPath> Unread => Skipped.Where(s => s.MayHideReferences).ToList();

    /// <summary>What the scan did with gctool's pins; null when it left them alone.</summary>
    public Pins.PinSync? Pins { get; init; }

    /// <summary>Mount points below (or at) a root that held environments and are no longer mounted: gc refuses (see <see cref="Environments.DiscoveryResult.LostMounts"/>).</summary>
    public IReadOnlyList<string> LostMounts { get; init; } = [];
}
