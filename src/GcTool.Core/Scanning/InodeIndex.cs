using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>(device, inode) → entry, over every inode recorded for every entry: how a hardlink in a venv is traced to its entry.</summary>
public sealed class InodeIndex
{
    private readonly Dictionary<FileId, EntryKey> _owners;

    private InodeIndex(Dictionary<FileId, EntryKey> owners) => _owners = owners;

    public int Count => _owners.Count;

    public static InodeIndex Build(IEnumerable<EntryRecord> entries)
    {
        var owners = new Dictionary<FileId, EntryKey>();
        // Wheels first: a cached venv archive installed in hardlink mode shares its inodes with the
        // wheels it was built from, and a venv's hardlink must be traced to the wheel.
        foreach (var entry in entries.OrderBy(e => e.Kind == EntryKind.Venv ? 1 : 0))
        {
            if (entry.Inodes is null) continue;
            foreach (var inode in entry.Inodes) owners.TryAdd(new FileId(entry.Device, inode), entry.Key);
        }
        return new InodeIndex(owners);
    }

    public EntryKey? Owner(FileId file) => _owners.TryGetValue(file, out var key) ? key : null;
}
