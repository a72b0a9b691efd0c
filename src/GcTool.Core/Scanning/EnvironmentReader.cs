using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>The references found in one environment, with what could not be read.</summary>
/// <param name="Incomplete">Part of the environment (a directory, a child, a link) could not be read, so <see cref="References"/> may miss some.</param>
public sealed record EnvironmentContents(
    IReadOnlyList<ReferenceRecord> References,
    IReadOnlyList<FileId> UnmatchedHardlinks,
    long FileCount,
    IReadOnlyList<SkippedPath> Skipped,
    bool Incomplete);

/// <summary>
/// Reads every file of an environment — site-packages, <c>bin/</c>, <c>share/</c>, <c>include/</c>,
/// the root — because uv links METADATA, licenses, <c>.pth</c> files and moved <c>.data</c> files too.
/// Directory symlinks are classified as links, never descended (<c>lib64 -&gt; lib</c> would
/// double-count; a link to <c>/</c> would walk the machine).
/// </summary>
public sealed class EnvironmentReader(DirectoryReader reader, ReferenceClassifier classifier, Func<InodeIndex> inodeIndex)
{
    /// <param name="self">For a cached venv archive, its own entry: links inside itself are not references.</param>
    /// <remarks>
    /// Walks by directory handle: the environment is opened once by path and every directory below it
    /// relative to its parent's descriptor (<c>openat(O_NOFOLLOW)</c>), so a venv nested deeper than PATH_MAX
    /// is read like any other and a directory swapped for a symlink mid-walk is not followed. Anything that
    /// cannot be read (a directory, a child's lstat, a link) makes the read <see cref="EnvironmentContents.Incomplete"/>:
    /// the references behind it are unknown, so the caller keeps what it recorded and gc deletes nothing.
    /// </remarks>
    public EnvironmentContents Read(EnvPath environment, EntryKey? self, CancellationToken cancellation)
    {
        var tally = new ReferenceTally();
        var unmatched = new HashSet<FileId>();
        var hardlinks = new List<(string Path, FileStatus Status)>();
        var skipped = new List<SkippedPath>();
        long files = 0;

        var top = reader.TryOpen(environment.Value, out var openError);
        if (top is null)
        {
            skipped.Add(Unread(environment.Value, $"cannot read directory: {openError}", DirectoryReader.IsVanished(openError)));
            return new EnvironmentContents([], [], 0, skipped, true);
        }
        // Each pending directory holds a reference to its open parent until it is opened itself.
        var stack = new Stack<(OpenDirectory Parent, DirectoryChild Child)>();
        var first = top;
        try
        {
            while (first is not null || stack.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                OpenDirectory? directory = first;
                first = null;
                if (directory is null)
                {
                    var (parent, child) = stack.Pop();
                    string? openChildError;
                    using (parent) directory = reader.TryOpenChild(parent, child, out openChildError);
                    if (directory is null)
                    {
                        skipped.Add(Unread(child.Path, $"cannot read directory: {openChildError}", DirectoryReader.IsVanished(openChildError)));
                        continue;
                    }
                }
                using (directory)
                {
                    var children = reader.TryList(directory, out var error);
                    if (children is null)
                    {
                        skipped.Add(Unread(directory.Path, $"cannot read directory: {error}", DirectoryReader.IsVanished(error)));
                        continue;
                    }
                    foreach (var child in children)
                    {
                        if (child.Status is not { } status)
                        {
                            skipped.Add(Unread(child.Path, "cannot lstat"));
                            continue;
                        }
                        switch (status.Kind)
                        {
                            case FileKind.Directory:
                                stack.Push((directory.Retain(), child));
                                break;
                            case FileKind.Symlink:
                                files++;
                                ClassifySymlink(child, self, tally, skipped);
                                break;
                            case FileKind.File:
                                files++;
                                if (status.LinkCount > 1) hardlinks.Add((child.Path, status));
                                break;
                            default:
                                files++;
                                break;
                        }
                    }
                }
            }
        }
        finally
        {
            first?.Dispose();
            foreach (var (parent, _) in stack) parent.Dispose();
        }
        var incomplete = skipped.Count > 0;
        AttributeHardlinks(hardlinks, self, tally, unmatched);
        return new EnvironmentContents(tally.ToRecords(), unmatched.ToList(), files, skipped, incomplete);
    }

    /// <param name="vanished">
    /// The directory was removed while the environment was read (a venv being deleted or re-created):
    /// the read is still incomplete, so the environment keeps what it referenced before, but nothing
    /// can hide below a directory that is gone, so gc is not stopped for it.
    /// </param>
    private static SkippedPath Unread(string path, string reason, bool vanished = false) =>
        new(path, $"{reason}; links below it are not seen, so the environment keeps what it referenced before", MayHideReferences: !vanished);

    private void ClassifySymlink(DirectoryChild child, EntryKey? self, ReferenceTally tally, List<SkippedPath> skipped)
    {
        var path = child.Path;
        var target = reader.TryReadLink(child);
        if (target is null)
        {
            skipped.Add(Unread(path, "cannot read symlink"));
            return;
        }
        foreach (var entry in classifier.Classify(path, target))
            if (entry != self) tally.Add(entry, LinkMode.Symlink, path);
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
