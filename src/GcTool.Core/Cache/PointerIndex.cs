using System.Text;
using System.Text.RegularExpressions;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;

namespace GcTool.Core.Cache;

/// <summary>A link uv keeps inside its own buckets to an archive entry.</summary>
/// <param name="IsTextFile">A Windows-style pointer: a file whose text is <c>archive-v0/&lt;ID&gt;</c>.</param>
public sealed record Pointer(string Path, EntryKey Target, bool IsTextFile, bool InEnvironmentsBucket);

/// <summary>
/// Every pointer in <c>wheels-v*</c>, <c>sdists-v*</c> (and older <c>built-wheels-v*</c>) and
/// <c>environments-v*</c>, grouped by the entry it names, plus pointers that already dangle.
/// gc removes an entry's pointers before the entry, and removes dangling ones, so uv never
/// follows a pointer into a half-deleted or missing entry.
/// </summary>
/// <remarks>
/// Walks like uv's <c>find_archive_references</c>: never follows links and does not enter an
/// sdist's unpacked <c>src/</c>, nor gctool's own pins directory (<see cref="IsPinsDirectory"/>). A pointer is classified lexically (relative targets against the
/// link's directory): pointers are written by uv as <c>../../../archive-v0/ID</c> (absolute before
/// 0.11.17), so the text names the entry even when the link cannot resolve here.
/// </remarks>
public sealed partial class PointerIndex
{
    private readonly Dictionary<EntryKey, List<Pointer>> _byEntry;

    public IReadOnlyList<Pointer> Dangling { get; }

    private PointerIndex(Dictionary<EntryKey, List<Pointer>> byEntry, List<Pointer> dangling)
    {
        _byEntry = byEntry;
        Dangling = dangling;
    }

    public IReadOnlyList<Pointer> To(EntryKey entry) => _byEntry.TryGetValue(entry, out var list) ? list : [];

    /// <summary>Entries named by an <c>environments-v*</c> link: cached <c>uvx</c>/<c>uv run --with</c> venvs uv will reuse.</summary>
    public IReadOnlySet<EntryKey> PinnedByEnvironments() =>
        _byEntry.Where(kv => kv.Value.Any(p => p.InEnvironmentsBucket)).Select(kv => kv.Key).ToHashSet();

    public static PointerIndex Build(UvCache cache, DirectoryReader reader, Func<EntryKey, bool> entryExists, CancellationToken cancellation)
    {
        var byEntry = new Dictionary<EntryKey, List<Pointer>>();
        var dangling = new List<Pointer>();
        foreach (var bucket in reader.TryList(cache.RealRoot, out _) ?? [])
        {
            if (!Buckets.HoldsPointers(bucket.Name) || bucket.Status?.Kind != FileKind.Directory) continue;
            var inEnvironments = Buckets.IsEnvironments(bucket.Name);
            var skipSrc = Buckets.IsSdists(bucket.Name);
            var stack = new Stack<string>();
            stack.Push(bucket.Path);
            while (stack.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                var directory = stack.Pop();
                foreach (var child in reader.TryList(directory, out _) ?? [])
                {
                    if (child.Status is not { } status) continue;
                    if (status.Kind == FileKind.Directory)
                    {
                        if (!(skipSrc && child.Name == "src") && !IsPinsDirectory(bucket, directory, child)) stack.Push(child.Path);
                        continue;
                    }
                    if (Read(cache, reader, child, status, inEnvironments) is not { } pointer) continue;
                    if (entryExists(pointer.Target))
                    {
                        if (!byEntry.TryGetValue(pointer.Target, out var list)) byEntry[pointer.Target] = list = [];
                        list.Add(pointer);
                    }
                    else if (pointer.IsTextFile || reader.Stat.TryRealPath(child.Path) is null)
                    {
                        dangling.Add(pointer);
                    }
                }
            }
        }
        return new PointerIndex(byEntry, dangling);
    }

    /// <summary>
    /// gctool's own pins (<see cref="Pins.PinDirectory"/>) are not uv's pointers: they only mirror what
    /// environments reference, so counting them would keep entries because they were once kept, and the
    /// sweep would remove them behind <see cref="Pins.GcRootPins"/>' back. A gctool-pins directory at the
    /// top of any sdists bucket is skipped, wherever it came from (the name is gctool's).
    /// </summary>
    private static bool IsPinsDirectory(DirectoryChild bucket, string directory, DirectoryChild child) =>
        child.Name == Pins.PinDirectory.Name && directory == bucket.Path && Buckets.IsSdists(bucket.Name);

    /// <summary>Reads the pointer at <paramref name="child"/> if it is one; used again under the lock to re-verify before unlinking.</summary>
    public static Pointer? Read(UvCache cache, DirectoryReader reader, DirectoryChild child, FileStatus status, bool inEnvironments)
    {
        if (status.Kind == FileKind.Symlink)
        {
            var target = reader.TryReadLink(child);
            if (target is null) return null;
            return LinkTarget(Path.GetDirectoryName(child.Path) ?? "/", target) is { } key ? new Pointer(child.Path, key, false, inEnvironments) : null;
        }
        if (status.Kind == FileKind.File && MayBeTextPointer(child.Name, status.Size))
        {
            // Bounded and non-blocking: the file may have been swapped for a FIFO or a huge file since lstat.
            var read = BoundedFileReader.For(reader.FileSystem, reader.Stat).Read(child.Path, TextPointerMaxBytes);
            if (!read.HasContent) return null;
            return TextTarget(read.Content!) is { } key ? new Pointer(child.Path, key, true, inEnvironments) : null;
        }
        return null;
    }

    /// <summary>A Windows-style pointer file holds at most this many bytes (<c>archive-vN/&lt;id&gt;</c>).</summary>
    public const int TextPointerMaxBytes = 96;

    /// <summary>The entry a pointer symlink names: its text, relative targets taken lexically against the link's directory.</summary>
    public static EntryKey? LinkTarget(string linkDirectory, string target)
    {
        var absolute = target.StartsWith('/') ? target : Path.Combine(linkDirectory, target);
        return ParseTarget(Paths.Normalize(absolute));
    }

    /// <summary>Whether a regular file of this name and size may be a text pointer (data files never are).</summary>
    public static bool MayBeTextPointer(string name, long size) => size is > 0 and <= TextPointerMaxBytes && !HasDataExtension(name);

    /// <summary>The entry a text pointer's content names.</summary>
    public static EntryKey? TextTarget(byte[] content) => EntryKey.TryParse(Encoding.UTF8.GetString(content), out var key) ? key : null;

    private static EntryKey? ParseTarget(string absolute)
    {
        var m = TargetPattern().Match(absolute);
        return m.Success && EntryKey.TryParse($"archive-v{m.Groups[1].Value}/{m.Groups[2].Value}", out var key) ? key : null;
    }

    private static bool HasDataExtension(string name) =>
        name.EndsWith(".http", StringComparison.Ordinal) || name.EndsWith(".rev", StringComparison.Ordinal)
        || name.EndsWith(".msgpack", StringComparison.Ordinal) || name.EndsWith(".lock", StringComparison.Ordinal)
        || name.EndsWith(".whl", StringComparison.Ordinal) || name.StartsWith('.');

    [GeneratedRegex("/archive-v([0-9]{1,4})/([A-Za-z0-9_-]{1,64})$")]
    private static partial Regex TargetPattern();
}
