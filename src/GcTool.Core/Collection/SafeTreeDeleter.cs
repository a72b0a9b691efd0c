// Placeholder until the lock branch lands; the real one never follows symlinks.
using System.IO.Abstractions;
using GcTool.Core.Platform;
namespace GcTool.Core.Collection;
public sealed record TreeDeletionFailure(string Path, string Reason);
public sealed record TreeDeletionResult(long FilesDeleted, long DirectoriesDeleted, long BytesFreed, IReadOnlyList<TreeDeletionFailure> Failures, bool Completed);
public sealed class SafeTreeDeleter(IFileSystem fileSystem, IFileStatReader stat)
{
    public TreeDeletionResult Delete(string path) { _ = fileSystem; _ = stat; throw new NotImplementedException(path); }
}
