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
        var skipped = new List<SkippedPath>();
        long files = 0;

        var top = reader.TryOpen(environment.Value, out var openError);
        if (top is null)
        {
            skipped.Add(Unread(environment.Value, $"cannot read directory: {openError}"));
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
                        skipped.Add(Unread(child.Path, $"cannot read directory: {openChildError}"));
                        continue;
                    }
                }
                using (directory)
                {
                    var children = reader.TryList(directory, out var error);
                    if (children is null)
                    {
                        skipped.Add(Unread(directory.Path, $"cannot read directory: {error}"));
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
                                if (status.LinkCount > 1) ClassifyHardlink(child.Path, status.Id, self, tally, unmatched);
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
        return new EnvironmentContents(tally.ToRecords(), unmatched.ToList(), files, skipped, incomplete);
    }

    private static SkippedPath Unread(string path, string reason) =>
        new(path, $"{reason}; links below it are not seen, so the environment keeps what it referenced before", MayHideReferences: true);

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

    private void ClassifyHardlink(string path, FileId file, EntryKey? self, ReferenceTally tally, HashSet<FileId> unmatched)
    {
        if (inodeIndex().Owner(file) is { } entry)
        {
            if (entry != self) tally.Add(entry, LinkMode.Hardlink, path);
        }
        else
        {
            unmatched.Add(file);
        }
    }
}
