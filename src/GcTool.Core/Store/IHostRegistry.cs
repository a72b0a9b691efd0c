using GcTool.Core.Cache;

namespace GcTool.Core.Store;

/// <summary>The hosts sharing the store and the condemned set: the two-phase protocol (README "Many hosts, one cache").</summary>
public interface IHostRegistry : IStoreSession
{
    /// <summary>Every host that ever committed a scan, retired ones included; sorted by id.</summary>
    IReadOnlyList<HostRecord> ListHosts();

    /// <summary>Retires a host: it no longer holds up deletions, and its roots, snapshots and environments (so its references) are dropped. False if unknown or already retired.</summary>
    bool RetireHost(string hostId, long now);

    /// <summary>
    /// Makes <paramref name="entries"/> exactly the condemned set: entries already condemned keep
    /// their condemnation time, new ones get <paramref name="now"/>, others are no longer condemned.
    /// Returns each condemned entry's condemnation time.
    /// </summary>
    IReadOnlyDictionary<EntryKey, long> Condemn(IReadOnlyList<EntryKey> entries, long now);

    /// <summary>Condemned entries and when each was condemned. A committed scan clears the condemnation of every entry some environment references.</summary>
    IReadOnlyDictionary<EntryKey, long> LoadCondemnations();
}
