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
    public EnvironmentContents Read(EnvPath environment, EntryKey? self, CancellationToken cancellation)
    {
        var tally = new ReferenceTally();
        var unmatched = new HashSet<FileId>();
        var skipped = new List<SkippedPath>();
        long fileCount = 0;
        var incomplete = false;
        var links = new LibraryLinks(reader.Stat, classifier, environment);

        // Each directory with its place in the environment as Python sees it ("lib/python3.12"), which
        // for a followed library link differs from where it really is.
        var stack = new Stack<(string Directory, string Relative)>();
        stack.Push((environment.Value, ""));
        while (stack.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var (directory, relative) = stack.Pop();
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
                var childRelative = relative.Length == 0 ? child.Name : relative + "/" + child.Name;
                switch (status.Kind)
                {
                    case FileKind.Directory:
                        stack.Push((child.Path, childRelative));
                        break;
                    case FileKind.Symlink:
                        fileCount++;
                        var referenced = ClassifySymlink(child, self, tally, skipped);
                        if (!referenced && IsPthFile(child.Name, relative) && !ReadLinkedPthFile(child.Path, self, tally, skipped)) incomplete = true;
                        if (LibraryLinks.IsLibraryPlace(childRelative) && links.Follow(child.Path) is { } target) stack.Push((target, childRelative));
                        break;
                    case FileKind.File:
                        fileCount++;
                        if (status.LinkCount > 1) ClassifyHardlink(child.Path, status.Id, self, tally, unmatched);
                        if (IsPthFile(child.Name, relative) && !ReadPthFile(child.Path, self, tally, skipped)) incomplete = true;
                        break;
                    default:
                        fileCount++;
                        if (IsPthFile(child.Name, relative))
                        {
                            // A FIFO or device where Python expects a .pth file: what it would name is unknown.
                            skipped.Add(new SkippedPath(child.Path, ".pth file is not a regular file; the environment keeps what it referenced before"));
                            incomplete = true;
                        }
                        break;
                }
            }
        }
        return new EnvironmentContents(tally.ToRecords(), unmatched.ToList(), fileCount, skipped, incomplete);
    }

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
            skipped.Add(new SkippedPath(path, $".pth file {read.Describe(BoundedFileReader.SmallTextFile)}; the environment keeps what it referenced before"));
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
            skipped.Add(new SkippedPath(path, "cannot read symlink"));
            return false;
        }
        var entries = classifier.Classify(path, target);
        foreach (var entry in entries)
            if (entry != self) tally.Add(entry, LinkMode.Symlink, path);
        return entries.Count > 0;
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
