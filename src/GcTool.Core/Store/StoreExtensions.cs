using GcTool.Core.Cache;

namespace GcTool.Core.Store;

public static class StoreExtensions
{
    /// <summary>Moves one journal item on; see <see cref="IGcJournal.UpdateSweepStates"/>.</summary>
    public static void UpdateSweepState(this IGcJournal store, long runId, EntryKey entry, SweepState state, string? trashPath, string? error) =>
        store.UpdateSweepStates(runId, [new SweepUpdate(entry, state, trashPath, error)]);
}
