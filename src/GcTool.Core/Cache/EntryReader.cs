using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Cache;

/// <summary>
/// Reads one archive entry: its files, bytes, the inodes of its regular files (to match
/// hardlinks), and what it holds (a wheel's dist-info name and version, or a venv).
/// </summary>
/// <remarks>
/// Freeable bytes are those deleting this entry alone gives back: an inode counts (once) when every
/// one of its links is inside the entry, apart from its one name in <c>files-v0</c> when it is a
/// content-addressed object (<paramref name="isStoredObject"/>): gc removes that name once nothing
/// else links the object. So a file shared with another archive or hardlinked by a venv never counts,
/// although in that layout every archive file has a link count of at least 2.
/// </remarks>
/// <param name="isStoredObject">Whether an inode is an object of <c>files-v0</c>; null when the cache has none.</param>
public sealed class EntryReader(DirectoryReader reader, Func<FileId, bool>? isStoredObject = null)
{
    /// <param name="previousInodes">Inodes recorded at earlier scans; kept in the union because venvs may hold an inode uv has since replaced (EMLINK).</param>
    public EntryRecord Read(ArchiveListing listing, long now, EntryRecord? previous, IReadOnlyList<ulong>? previousInodes)
    {
        long files = 0, bytes = 0;
        var links = new Dictionary<FileId, (int Here, uint Total, long Size)>();
        ulong device = 0;
        var inodes = new HashSet<ulong>(previousInodes ?? []);
        var kind = EntryKind.Unknown;
        string? distName = null, distVersion = null;

        var stack = new Stack<string>();
        stack.Push(listing.Path);
        var top = true;
        while (stack.Count > 0)
        {
            var directory = stack.Pop();
            var children = reader.TryList(directory, out _);
            if (children is null) continue;
            foreach (var child in children)
            {
                if (child.Status is not { } status) continue;
                if (top) (kind, distName, distVersion) = Classify(child, kind, distName, distVersion);
                switch (status.Kind)
                {
                    case FileKind.Directory:
                        stack.Push(child.Path);
                        break;
                    case FileKind.File:
                        files++;
                        bytes += status.Size;
                        links[status.Id] = links.TryGetValue(status.Id, out var seen)
                            ? (seen.Here + 1, status.LinkCount, status.Size)
                            : (1, status.LinkCount, status.Size);
                        device = status.Device;
                        inodes.Add(status.Inode);
                        break;
                    default:
                        files++;
                        break;
                }
            }
            top = false;
        }

        long freeable = 0;
        foreach (var (id, (here, total, size)) in links)
        {
            var outside = (long)total - here;
            if (outside <= 0 || (outside == 1 && isStoredObject?.Invoke(id) == true)) freeable += size;
        }

        var sorted = inodes.ToList();
        sorted.Sort();
        return new EntryRecord(listing.Key, kind, distName, distVersion, files, bytes, freeable, DirTime(listing, now),
            previous?.FirstSeenAt ?? now, previous?.LastReferencedAt, device, sorted);
    }

    /// <summary>
    /// max(mtime, ctime) of the entry directory in Unix seconds: uv renames the staging directory into place,
    /// which sets ctime. An entry that is no longer a directory to lstat counts as made now (the young are kept).
    /// </summary>
    private long DirTime(ArchiveListing listing, long now) =>
        reader.Stat.TryLStat(listing.Path) is { Kind: FileKind.Directory } status
            ? Math.Max(status.ModifiedNs, status.ChangedNs) / 1_000_000_000L
            : now;

    private static (EntryKind, string?, string?) Classify(DirectoryChild child, EntryKind kind, string? name, string? version)
    {
        if (child.Name == "pyvenv.cfg" && child.Status?.Kind == FileKind.File) return (EntryKind.Venv, name, version);
        if (kind == EntryKind.Venv || child.Status?.Kind != FileKind.Directory) return (kind, name, version);
        if (!child.Name.EndsWith(".dist-info", StringComparison.Ordinal) || name is not null) return (kind, name, version);
        var stem = child.Name[..^".dist-info".Length];
        var dash = stem.LastIndexOf('-');
        return dash > 0 ? (EntryKind.Wheel, stem[..dash], stem[(dash + 1)..]) : (EntryKind.Wheel, stem, null);
    }
}
