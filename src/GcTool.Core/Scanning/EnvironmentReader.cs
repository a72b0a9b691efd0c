using System.Text;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>The references found in one environment, with what could not be read.</summary>
/// <param name="Incomplete">A directory of the environment, or a <c>.pth</c> file, could not be read, so <see cref="References"/> may miss some.</param>
public sealed record EnvironmentContents(
    IReadOnlyList<ReferenceRecord> References,
    IReadOnlyList<FileId> UnmatchedHardlinks,
    long FileCount,
    IReadOnlyList<SkippedPath> Skipped,
    bool Incomplete);

/// <summary>
/// Reads every file of an environment — site-packages, <c>bin/</c>, <c>share/</c>, <c>include/</c>,
/// the root — because uv links METADATA, licenses, <c>.pth</c> files and moved <c>.data</c> files too.
/// What the environment imports counts, so two things beyond its own files do as well:
/// <list type="bullet">
/// <item>A library directory (<c>lib</c>, <c>lib64</c>, <c>Lib</c>, <c>lib/pythonX.Y</c>, <c>…/site-packages</c>)
/// that is a symlink to a directory elsewhere is walked there (see <see cref="LibraryLinks"/>).</item>
/// <item>A regular <c>.pth</c> file in a site-packages directory is read (bounded, never blocking) and each
/// path it names that lies inside the cache is a reference to that entry, recorded as a symlink-mode
/// reference with the <c>.pth</c> file as its sample: like a symlink, it needs the entry at that path.</item>
/// </list>
/// Any other directory symlink is classified as a link, never descended (a link to <c>/</c> would walk the machine).
/// </summary>
public sealed class EnvironmentReader(DirectoryReader reader, ReferenceClassifier classifier, Func<InodeIndex> inodeIndex, IBoundedFileReader? files = null)
{
    private readonly IBoundedFileReader _files = files ?? BoundedFileReader.For(reader.FileSystem, reader.Stat);

    /// <param name="self">For a cached venv archive, its own entry: links inside itself are not references.</param>
    /// <remarks>
    /// Walks by directory handle: the environment is opened once by path and every directory below it
    /// relative to its parent's descriptor (<c>openat(O_NOFOLLOW)</c>), so a venv nested deeper than PATH_MAX
    /// is read like any other and a directory swapped for a symlink mid-walk is not followed. A followed
    /// library link is opened by its resolved path, as Python opens it. Anything that cannot be read (a
    /// directory, a child's lstat, a link, a <c>.pth</c> file) makes the read <see cref="EnvironmentContents.Incomplete"/>:
    /// the references behind it are unknown, so the caller keeps what it recorded and gc deletes nothing.
    /// </remarks>
    public EnvironmentContents Read(EnvPath environment, EntryKey? self, CancellationToken cancellation)
    {
        var tally = new ReferenceTally();
        var unmatched = new HashSet<FileId>();
        var hardlinks = new List<(string Path, FileStatus Status)>();
        var skipped = new List<SkippedPath>();
        long files = 0;
        var incomplete = false;
        var links = new LibraryLinks(reader.Stat, classifier, environment);

        // Each pending directory: a child of an open parent (opened by handle), or a path to open (the
        // environment itself, or a followed library link), with its place in the environment as Python
        // sees it ("lib/python3.12"), which for a followed library link differs from where it really is.
        var stack = new Stack<Pending>();
        stack.Push(new Pending(null, null, environment.Value, ""));
        try
        {
            while (stack.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                var pending = stack.Pop();
                OpenDirectory? directory;
                string? openError;
                if (pending.Parent is { } parent)
                {
                    using (parent) directory = reader.TryOpenChild(parent, pending.Child!.Value, out openError);
                }
                else
                {
                    directory = reader.TryOpen(pending.Path, out openError);
                }
                if (directory is null)
                {
                    skipped.Add(Unread(pending.Path, $"cannot read directory: {openError}", DirectoryReader.IsVanished(openError)));
                    continue;
                }
                using (directory)
                {
                    // lstat only regular files (a hardlink is known by its link count and inode); what the
                    // others are, getdents64 already says, and a symlink's target is read all the same.
                    var children = reader.TryList(directory, out var error, ListingDetail.FileStatus);
                    if (children is null)
                    {
                        skipped.Add(Unread(directory.Path, $"cannot read directory: {error}", DirectoryReader.IsVanished(error)));
                        continue;
                    }
                    var relative = pending.Relative;
                    foreach (var child in children)
                    {
                        if (child.Kind is not { } kind)
                        {
                            skipped.Add(Unread(child.Path, "cannot lstat"));
                            continue;
                        }
                        switch (kind)
                        {
                            case FileKind.Directory:
                                stack.Push(new Pending(directory.Retain(), child, child.Path, Join(relative, child.Name)));
                                break;
                            case FileKind.Symlink:
                                files++;
                                var referenced = ClassifySymlink(child, self, tally, skipped);
                                if (!referenced && IsPthFile(child.Name, relative) && !ReadLinkedPthFile(child.Path, self, tally, skipped)) incomplete = true;
                                // Library places are at most three deep: deeper links (nearly all of them) skip the join.
                                if (relative.Count('/') < 2 && Join(relative, child.Name) is var linkRelative
                                    && LibraryLinks.IsLibraryPlace(linkRelative) && links.Follow(child.Path) is { } target)
                                    stack.Push(new Pending(null, null, target, linkRelative));
                                break;
                            case FileKind.File:
                                files++;
                                if (child.Status is { LinkCount: > 1 } status) hardlinks.Add((child.Path, status));
                                if (IsPthFile(child.Name, relative) && !ReadPthFile(child.Path, self, tally, skipped)) incomplete = true;
                                break;
                            default:
                                files++;
                                if (IsPthFile(child.Name, relative))
                                {
                                    // A FIFO or device where Python expects a .pth file: what it would name is unknown.
                                    skipped.Add(Unread(child.Path, ".pth file is not a regular file"));
                                    incomplete = true;
                                }
                                break;
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var pending in stack) pending.Parent?.Dispose();
        }
        incomplete |= skipped.Count > 0;
        AttributeHardlinks(hardlinks, self, tally, unmatched);
        return new EnvironmentContents(tally.ToRecords(), unmatched.ToList(), files, skipped, incomplete);
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : relative + "/" + name;

    /// <summary>A directory still to read: a child of an open parent, or (no parent) a path to open.</summary>
    private readonly record struct Pending(OpenDirectory? Parent, DirectoryChild? Child, string Path, string Relative);

    /// <param name="vanished">
    /// The directory was removed while the environment was read (a venv being deleted or re-created):
    /// the read is still incomplete, so the environment keeps what it referenced before, but nothing
    /// can hide below a directory that is gone, so gc is not stopped for it.
    /// </param>
    private static SkippedPath Unread(string path, string reason, bool vanished = false) =>
        new(path, $"{reason}; links below it are not seen, so the environment keeps what it referenced before", MayHideReferences: !vanished);

    /// <summary>Python reads <c>.pth</c> files only in a site-packages directory.</summary>
    private static bool IsPthFile(string name, string directoryRelative) =>
        name.EndsWith(".pth", StringComparison.Ordinal)
        && (directoryRelative == "site-packages" || directoryRelative.EndsWith("/site-packages", StringComparison.Ordinal));

    /// <summary>
    /// A <c>.pth</c> symlink that is no reference itself (uv's symlink mode links a wheel's <c>.pth</c> into its
    /// entry, which is kept whole) leads to a file Python reads all the same: read it at its real path.
    /// </summary>
    private bool ReadLinkedPthFile(string path, EntryKey? self, ReferenceTally tally, List<SkippedPath> skipped)
    {
        if (reader.Stat.TryRealPath(path) is not { } real) return true; // dangling: Python reads nothing either
        return ReadPthFile(path, self, tally, skipped, real);
    }

    /// <summary>
    /// Counts the entries a <c>.pth</c> file names; false when it could not be read (FIFO, device, too large, …).
    /// Relative lines are relative to the site-packages directory holding <paramref name="path"/>, as in Python.
    /// </summary>
    private bool ReadPthFile(string path, EntryKey? self, ReferenceTally tally, List<SkippedPath> skipped, string? readFrom = null)
    {
        var read = _files.Read(readFrom ?? path, BoundedFileReader.SmallTextFile);
        if (read.Outcome == BoundedReadOutcome.NotFound) return true; // removed since the listing: it names nothing now
        if (!read.HasContent)
        {
            skipped.Add(Unread(path, $".pth file {read.Describe(BoundedFileReader.SmallTextFile)}"));
            return false;
        }
        var text = new UTF8Encoding(false, false).GetString(read.Content!);
        foreach (var named in PthFile.NamedPaths(text))
            foreach (var entry in classifier.Classify(path, named))
                if (entry != self) tally.Add(entry, LinkMode.Symlink, path);
        return true;
    }

    /// <returns>Whether the link refers to an entry (its own one included).</returns>
    private bool ClassifySymlink(DirectoryChild child, EntryKey? self, ReferenceTally tally, List<SkippedPath> skipped)
    {
        var path = child.Path;
        var target = reader.TryReadLink(child);
        if (target is null)
        {
            skipped.Add(Unread(path, "cannot read symlink"));
            return false;
        }
        var entries = classifier.Classify(path, target);
        foreach (var entry in entries)
            if (entry != self) tally.Add(entry, LinkMode.Symlink, path);
        return entries.Count > 0;
    }

    /// <summary>
    /// Traces hardlinked files to the entries holding their inode, after the walk so that what the
    /// environment certainly uses is known: a file only one entry holds, or a symlink, names its entry.
    /// </summary>
    /// <remarks>
    /// In the content-addressed layout (spec §9) an inode can be held by many archives: every archive
    /// with an identical LICENSE or an empty <c>py.typed</c> holds the same <c>files-v0</c> object. Such a
    /// file is attributed to those of its entries the environment certainly uses (the archive it was
    /// installed from, known by its METADATA), and when it uses none of them, to all of them (when in
    /// doubt, keep). An empty file is the one exception: every empty file of every archive is one
    /// object, so it says nothing about where it came from, and attributing it to all would keep
    /// every archive with an empty file for as long as one hardlink venv lives. Nothing breaks either
    /// way: a hardlinked file keeps its bytes when an archive holding it is deleted.
    /// A cached venv archive read as an environment is itself an owner of all its files; its own
    /// files that only other cached venv archives share (pyvenv.cfg, INSTALLER, RECORD) are uv's
    /// writes, not links into them.
    /// </remarks>
    private void AttributeHardlinks(List<(string Path, FileStatus Status)> hardlinks, EntryKey? self, ReferenceTally tally, HashSet<FileId> unmatched)
    {
        if (hardlinks.Count == 0) return;
        var index = inodeIndex();
        var certain = tally.Entries();
        var ambiguous = new List<(string Path, FileStatus Status, List<EntryKey> Owners)>();
        foreach (var (path, status) in hardlinks)
        {
            var owners = index.Owners(status.Id);
            if (owners.Count == 0)
            {
                unmatched.Add(status.Id);
                continue;
            }
            if (self is not null && index.OwnedByCachedVenvsOnly(status.Id)) continue;
            var others = owners.Where(o => o != self).ToList();
            if (others.Count == 0) continue;
            if (others.Count == 1)
            {
                tally.Add(others[0], LinkMode.Hardlink, path);
                certain.Add(others[0]);
            }
            else
            {
                ambiguous.Add((path, status, others));
            }
        }
        foreach (var (path, status, owners) in ambiguous)
        {
            var used = owners.Where(certain.Contains).ToList();
            var attributed = used.Count > 0 ? used : status.Size == 0 ? [] : owners;
            foreach (var entry in attributed) tally.Add(entry, LinkMode.Hardlink, path);
        }
    }
}
