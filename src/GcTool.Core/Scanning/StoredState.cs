using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>
/// What the store knew before this scan, loaded on a background thread in the order the scan needs it
/// (entries, then the roots and their discovery snapshots, then environments) while the scan lists the
/// cache and walks the roots. A rescan with nothing changed is half database reads and half lstat
/// calls; on two cores the two overlap instead of adding up.
/// </summary>
/// <remarks>
/// In the background the loader reads through a connection of its own (<see cref="IScanWriter.OpenStateReader"/>):
/// a store's connection is not thread-safe, and the scan thread keeps its store. <see cref="Dispose"/>
/// waits for the loader and then closes that reader, so a scan that fails midway never leaves it
/// reading. Failures are rethrown as themselves from the part
/// that needed them. With <paramref name="inBackground"/> false (MockFileSystem tests) everything is
/// loaded at once on the caller's thread.
/// </remarks>
internal sealed class StoredState : IDisposable
{
    private readonly TaskCompletionSource<IReadOnlyList<EntryRecord>> _entries = new();
    private readonly TaskCompletionSource<IReadOnlyList<(RegisteredRoot Root, DiscoverySnapshot? Snapshot)>> _roots = new();
    private readonly TaskCompletionSource<IReadOnlyList<EnvironmentRecord>> _environments = new();
    private readonly Task _loader;
    private readonly IStoredStateReaderLease? _reader;

    public StoredState(IScanWriter store, bool withInodes, bool full, bool inBackground)
    {
        void Load(IStoredStateReader store)
        {
            try
            {
                _entries.SetResult(store.LoadEntryReadings(withInodes));
                _roots.SetResult(store.ListRoots().Select(r => (r, full ? null : store.LoadDiscovery(r.Path))).ToList());
                _environments.SetResult(store.LoadEnvironments());
            }
            catch (Exception e)
            {
                _entries.TrySetException(e);
                _roots.TrySetException(e);
                _environments.TrySetException(e);
            }
        }
        if (inBackground)
        {
            var reader = _reader = store.OpenStateReader();
            _loader = Task.Factory.StartNew(() => Load(reader), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        else
        {
            Load(store);
            _loader = Task.CompletedTask;
        }
    }

    public IReadOnlyList<EntryRecord> Entries => Wait(_entries.Task);

    /// <summary>Every registered root with its last discovery snapshot (none with a full scan: every directory is read again).</summary>
    public IReadOnlyList<(RegisteredRoot Root, DiscoverySnapshot? Snapshot)> Roots => Wait(_roots.Task);

    public IReadOnlyList<EnvironmentRecord> Environments => Wait(_environments.Task);

    /// <summary>GetResult rethrows the loader's exception as itself, not wrapped.</summary>
    private static T Wait<T>(Task<T> part) => part.GetAwaiter().GetResult();

    public void Dispose()
    {
        // Never throws: the parts carry the loader's failure to whoever needed them.
        _loader.Wait();
        _reader?.Dispose();
    }
}
