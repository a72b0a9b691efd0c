namespace GcTool.Core.Store;

/// <summary>What every role of the store shares: whose store it is and whether it may be written.</summary>
public interface IStoreSession
{
    /// <summary>True when the database was written by a newer gctool; reads may work, writes are refused.</summary>
    bool IsNewerSchema { get; }

    /// <summary>
    /// The host this store speaks for (<c>--host-id</c>): roots and discovery snapshots are this
    /// host's, environments it commits are recorded as seen by it, and a committed scan counts as
    /// this host's scan for the two-phase protocol.
    /// </summary>
    string HostId { get; }
}
