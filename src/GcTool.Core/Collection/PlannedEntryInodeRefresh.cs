using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>
/// When uv hits the file system's hardlink limit it replaces the archive file, so a venv may hold
/// an inode the entry's record has never seen. If some environment holds hardlinks no entry
/// claimed, the planned entries are re-read (cheap: only what is about to go) and their current
/// inodes merged into the record, so the re-plan keeps an entry a venv still hardlinks.
/// </summary>
/// <remarks>Runs under uv's lock, between the first plan and the final one (<see cref="Collector"/>, step 4).</remarks>
internal sealed class PlannedEntryInodeRefresh(GcToolContext context, DirectoryReader reader)
{
    // The roles of the store this service uses; it sees no other.
    private IStoreQueries Graph => context.Store;
    private IScanWriter ScanWriter => context.Store;

    /// <summary>True when the records changed and the plan must be made again.</summary>
    public bool Refresh(GcPlan plan, ArchiveInventory inventory)
    {
        if (plan.Items.Count == 0 || Graph.LoadUnmatchedHardlinks().Count == 0) return false;
        var objects = ContentStore.Inodes(context.Cache, reader);
        var entries = new EntryReader(reader, objects.Contains);
        var stored = Graph.LoadEntries(withInodes: true).ToDictionary(e => e.Key);
        var refreshed = plan.Items
            .Where(i => inventory.Entries.ContainsKey(i.Entry) && stored.ContainsKey(i.Entry))
            .Select(i => entries.Read(inventory.Entries[i.Entry], context.NowUnix, stored[i.Entry], stored[i.Entry].Inodes))
            .ToList();
        ScanWriter.CommitScan(new ScanCommit(context.NowUnix, refreshed, [], [], [], [], []));
        return true;
    }
}
