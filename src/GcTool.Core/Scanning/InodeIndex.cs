using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>(device, inode) → the entries holding it, over every inode recorded for every entry: how a hardlink in a venv is traced to its entries.</summary>
/// <remarks>
/// In the classic layout an inode belongs to one archive. In the content-addressed layout (spec §9)
/// every archive file is a hardlink to a <c>files-v0</c> object shared by every archive with the same
/// content, so one inode (an empty <c>py.typed</c>, a common LICENSE) can have many owners; all are
/// returned. Wheels come first: a cached venv archive installed in hardlink mode shares its inodes
/// with the wheels it was built from, and a venv's hardlink is traced to the wheels; only an inode
/// no wheel holds is traced to the cached venv archives holding it.
/// </remarks>
public sealed class InodeIndex
{
    private readonly Dictionary<FileId, (EntryKey[] Keys, bool VenvsOnly)> _owners;

    private InodeIndex(Dictionary<FileId, (EntryKey[], bool)> owners) => _owners = owners;

    public int Count => _owners.Count;

    public static InodeIndex Build(IEnumerable<EntryRecord> entries)
    {
        var wheels = new Dictionary<FileId, List<EntryKey>>();
        var venvs = new Dictionary<FileId, List<EntryKey>>();
        foreach (var entry in entries)
        {
            if (entry.Inodes is null) continue;
            var into = entry.Kind == EntryKind.Venv ? venvs : wheels;
            foreach (var inode in entry.Inodes)
            {
                var id = new FileId(entry.Device, inode);
                if (!into.TryGetValue(id, out var list)) into[id] = list = new List<EntryKey>(1);
                list.Add(entry.Key);
            }
        }
        var owners = wheels.ToDictionary(kv => kv.Key, kv => (Sorted(kv.Value), false));
        foreach (var (id, list) in venvs) owners.TryAdd(id, (Sorted(list), true));
        return new InodeIndex(owners);
    }

    /// <summary>The entries holding <paramref name="file"/>: its wheels, else its cached venv archives; empty when none.</summary>
    public IReadOnlyList<EntryKey> Owners(FileId file) => _owners.TryGetValue(file, out var owners) ? owners.Keys : [];

    /// <summary>Whether <paramref name="file"/> is held by cached venv archives and by no wheel.</summary>
    public bool OwnedByCachedVenvsOnly(FileId file) => _owners.TryGetValue(file, out var owners) && owners.VenvsOnly;

    private static EntryKey[] Sorted(List<EntryKey> keys)
    {
        var array = keys.Distinct().ToArray();
        Array.Sort(array, (a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return array;
    }
}
