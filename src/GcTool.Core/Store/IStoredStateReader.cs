using GcTool.Core.Environments;

namespace GcTool.Core.Store;

/// <summary>What a scan starts from: the entries, roots, discovery snapshots and environments recorded before it.</summary>
public interface IStoredStateReader : IRootReader
{
    IReadOnlyList<EntryRecord> LoadEntries(bool withInodes);

    /// <summary>This host's snapshot of its last walk of <paramref name="root"/>, or null when it has none.</summary>
    DiscoverySnapshot? LoadDiscovery(RootPath root);

    IReadOnlyList<EnvironmentRecord> LoadEnvironments();
}
