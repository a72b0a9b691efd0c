using System.Globalization;
using System.Text;
using GcTool.Core.Locking;
using GcTool.Core.Platform;

namespace GcTool.Core.Collection;

/// <summary>
/// The list of what gctool put into one trash run (<c>run-N/.journal</c>): one line
/// <c>&lt;device&gt; &lt;inode&gt; &lt;name&gt;</c> per item, appended and synced <em>before</em> the
/// items are renamed in. Only a journaled name whose inode is still the journaled one is ever deleted.
/// </summary>
/// <remarks>
/// Written before the rename, so a kill between rename and journal cannot leave an item gctool
/// would not recognise; a journaled name that never arrived is simply absent. A line cut short by
/// a kill (no newline) is ignored. The file lives in the 0700 run directory and must be a regular
/// file owned by gctool's user with one link; read with a bound.
/// </remarks>
internal sealed class TrashJournal : IDisposable
{
    public const string FileName = ".journal";
    private const int MaxBytes = 64 << 20;
    private static readonly byte[] RawName = DirectoryHandles.Name(FileName);

    private readonly FileDescriptorHandle _run;
    private readonly Dictionary<string, FileId> _items;
    private FileDescriptorHandle? _append;

    private TrashJournal(FileDescriptorHandle run, Dictionary<string, FileId> items)
    {
        _run = run;
        _items = items;
    }

    public IReadOnlyCollection<string> Names => _items.Keys;

    /// <summary>The journaled identity of <paramref name="name"/>, or null when gctool never put it there.</summary>
    public FileId? Identity(string name) => _items.TryGetValue(name, out var id) ? id : null;

    /// <summary>Reads the journal of the run directory <paramref name="run"/> (none yet: empty).</summary>
    /// <param name="problem">Why an existing journal cannot be trusted or read; it then counts as empty.</param>
    public static TrashJournal Load(FileDescriptorHandle run, out string? problem)
    {
        problem = null;
        var items = new Dictionary<string, FileId>(StringComparer.Ordinal);
        using var file = DirectoryHandles.OpenChildFile(run, RawName, DirectoryHandles.ORdOnly | DirectoryHandles.ONonBlock, 0, out var errno);
        if (file is null)
        {
            if (errno != Libc.ENoEnt) problem = $"cannot open it: {Libc.Describe(errno)}";
            return new TrashJournal(run, items);
        }
        var status = DirectoryHandles.StatSelf(file);
        problem = Untrusted(status);
        var tooLarge = false;
        var content = problem is null ? DirectoryHandles.ReadAtMost(file, MaxBytes, status!.Value.Status.Size, out tooLarge) : null;
        if (problem is null && content is null) problem = $"cannot read it: {Libc.Describe(Libc.LastErrno)}";
        else if (problem is null && tooLarge) problem = $"it is larger than {MaxBytes >> 20} MiB";
        if (problem is not null) return new TrashJournal(run, items);

        var text = Encoding.ASCII.GetString(content!);
        var end = text.LastIndexOf('\n');
        foreach (var line in text[..(end + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var device)
                && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var inode) && IsValidName(parts[2]))
                items[parts[2]] = new FileId(device, inode);
        }
        return new TrashJournal(run, items);
    }

    /// <summary>
    /// Appends <paramref name="items"/> and syncs; 0 or errno. Done before their renames. On a full
    /// disk (<see cref="NoSpace"/>, <see cref="DiskQuota"/>) the items are still known to this process.
    /// </summary>
    public int Record(IReadOnlyList<(string Name, FileId Id)> items)
    {
        if (items.Count == 0) return 0;
        if (_append is null && !_full)
        {
            _append = DirectoryHandles.OpenChildFile(_run, RawName,
                DirectoryHandles.OWrOnly | DirectoryHandles.OAppend | DirectoryHandles.OCreat | DirectoryHandles.ONonBlock, 0x180, out var errno);
            if (_append is null && errno is NoSpace or DiskQuota) _full = true; // see below
            else if (_append is null) return errno;
            else if (Untrusted(DirectoryHandles.StatSelf(_append)) is not null)
            {
                _append.Dispose();
                _append = null;
                return Libc.EPerm;
            }
        }
        var text = new StringBuilder();
        foreach (var (name, id) in items)
        {
            if (!IsValidName(name)) throw new ArgumentException($"not a trash name: {name}", nameof(items));
            text.Append(CultureInfo.InvariantCulture, $"{id.Device} {id.Inode} {name}\n");
        }
        var written = _full ? NoSpace : DirectoryHandles.WriteAll(_append!, Encoding.ASCII.GetBytes(text.ToString()));
        if (written is NoSpace or DiskQuota)
        {
            // A full disk is when gc is needed most: this process still knows what it moved and deletes
            // it, but a kill before that leaves items no journal names, which later runs leave alone.
            // No more appends after a failed one: a partial line must stay the last.
            _full = true;
            foreach (var (name, id) in items) _items[name] = id;
            return written;
        }
        if (written != 0) return written;
        foreach (var (name, id) in items) _items[name] = id;
        return DirectoryHandles.DataSync(_append!);
    }

    /// <summary>ENOSPC and EDQUOT: <see cref="Record"/> then kept the items in memory only.</summary>
    public const int NoSpace = 28, DiskQuota = 122;

    private bool _full;

    /// <summary>Removes the journal once its run holds nothing else (the run directory goes next).</summary>
    public void Remove()
    {
        _append?.Dispose();
        _append = null;
        _ = DirectoryHandles.Unlink(_run, RawName, directory: false);
        _items.Clear();
    }

    /// <summary>Trash names gctool chooses: no separators, no leading dot (the journal and lock are dot files).</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 200 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static string? Untrusted(HandleStatus? status) => status switch
    {
        null => "cannot stat it",
        { Status.Kind: not FileKind.File } => "it is not a regular file",
        { } s when s.Uid != DirectoryHandles.GetEuid() => $"it is owned by uid {s.Uid}, not by gctool's user",
        { Status.LinkCount: not 1 } => "it has other hard links",
        _ => null,
    };

    public void Dispose() => _append?.Dispose();
}
