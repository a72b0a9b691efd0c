using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>The scanner's view of entries: what the store knew, reconciled with what is on disk now.</summary>
internal sealed class EntryCatalog
{
    private readonly Dictionary<EntryKey, EntryRecord> _known;
    private readonly Dictionary<EntryKey, EntryRecord> _current = new();
    private readonly ArchiveInventory _inventory;
    private readonly HashSet<EntryKey> _new = new();

    public EntryCatalog(IReadOnlyList<EntryRecord> stored, ArchiveInventory inventory)
    {
        _known = stored.ToDictionary(e => e.Key);
        _inventory = inventory;
        foreach (var key in inventory.Entries.Keys)
            if (_known.TryGetValue(key, out var record)) _current[key] = record;
            else _new.Add(key);
    }

    public EntryRecord? Known(EntryKey key) => _known.GetValueOrDefault(key);

    public bool WasNew(EntryKey key) => _new.Contains(key);

    public void Replace(EntryRecord record) => _current[record.Key] = record;

    public IEnumerable<EntryKey> CachedVenvs() => _current.Values.Where(e => e.Kind == EntryKind.Venv).Select(e => e.Key);

    public IEnumerable<EntryKey> Vanished() => _known.Keys.Where(k => !_inventory.Contains(k));

    /// <summary>Current entries with their inodes; entries loaded without inodes are re-loaded from the store once.</summary>
    public IEnumerable<EntryRecord> WithInodes(IStoredStateReader store)
    {
        if (_current.Values.All(e => e.Inodes is not null)) return _current.Values;
        var stored = store.LoadEntryReadings(withInodes: true).ToDictionary(e => e.Key);
        return _current.Values.Select(e => e.Inodes is not null ? e : stored.GetValueOrDefault(e.Key) ?? e);
    }
}
