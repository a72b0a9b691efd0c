using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>The references found in one environment, with what could not be read.</summary>
/// <param name="Incomplete">A directory of the environment could not be listed, so <see cref="References"/> may miss some.</param>
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
    public EnvironmentContents Read(EnvPath environment, EntryKey? self, CancellationToken cancellation)
    {
        var tally = new ReferenceTally();
        var unmatched = new HashSet<FileId>();
        var skipped = new List<SkippedPath>();
        long files = 0;
        var incomplete = false;

        var stack = new Stack<string>();
        stack.Push(environment.Value);
        while (stack.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var directory = stack.Pop();
            var children = reader.TryList(directory, out var error);
            if (children is null)
            {
                skipped.Add(new SkippedPath(directory, $"cannot read directory: {error}"));
                incomplete = true;
                continue;
            }
            foreach (var child in children)
            {
                if (child.Status is not { } status)
                {
                    skipped.Add(new SkippedPath(child.Path, "cannot lstat (vanished or unrepresentable name)"));
                    continue;
                }
                switch (status.Kind)
                {
                    case FileKind.Directory:
                        stack.Push(child.Path);
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
        return new EnvironmentContents(tally.ToRecords(), unmatched.ToList(), files, skipped, incomplete);
    }

    private void ClassifySymlink(DirectoryChild child, EntryKey? self, ReferenceTally tally, List<SkippedPath> skipped)
    {
        var path = child.Path;
        var target = reader.TryReadLink(child);
        if (target is null)
        {
            skipped.Add(new SkippedPath(path, "cannot read symlink"));
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
