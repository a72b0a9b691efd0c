using GcTool.Core.Environments;

namespace GcTool.Core.Store;

/// <summary>A <see cref="IStoredStateReader"/> the caller owns: disposing it closes the reader's own connection.</summary>
public interface IStoredStateReaderLease : IStoredStateReader, IDisposable
{
    /// <summary>A reader that is the store itself: disposing it leaves the store open.</summary>
    internal sealed class Borrowed(IStoredStateReader store) : IStoredStateReaderLease
    {
        public bool IsNewerSchema => store.IsNewerSchema;
        public string HostId => store.HostId;
        public IReadOnlyList<RegisteredRoot> ListRoots() => store.ListRoots();
        public IReadOnlyList<EntryRecord> LoadEntryReadings(bool withInodes) => store.LoadEntryReadings(withInodes);
        public DiscoverySnapshot? LoadDiscovery(RootPath root) => store.LoadDiscovery(root);
        public IReadOnlyList<EnvironmentRecord> LoadEnvironments() => store.LoadEnvironments();
        public void Dispose() { }
    }
}
