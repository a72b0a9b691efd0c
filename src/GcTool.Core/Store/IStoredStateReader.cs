using GcTool.Core.Environments;

namespace GcTool.Core.Store;

/// <summary>What a scan starts from: the entries, roots, discovery snapshots and environments recorded before it.</summary>
public interface IStoredStateReader : IRootReader
{
    /// <summary>
    /// Every recorded entry as its last reading left it (kind, sizes, inodes), without its last use:
    /// <see cref="EntryRecord.LastReferencedAt"/> is null. A scan never reads it (the store keeps an
    /// entry's last use when the entry is written again), and deriving it costs a probe of the
    /// reference index per entry (see <see cref="IStoreQueries.LoadEntries"/>).
    /// </summary>
    IReadOnlyList<EntryRecord> LoadEntryReadings(bool withInodes);

    /// <summary>This host's snapshot of its last walk of <paramref name="root"/>, or null when it has none.</summary>
    DiscoverySnapshot? LoadDiscovery(RootPath root);

    IReadOnlyList<EnvironmentRecord> LoadEnvironments();
}
