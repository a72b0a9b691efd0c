using System.IO.Abstractions;

namespace GcTool.Core.Platform;

/// <summary>
/// <see cref="IBoundedFileReader"/> over <see cref="IFileSystem"/> and an <see cref="IFileStatReader"/>, for
/// MockFileSystem tests. lstat first, so a symlink or a non-regular file is refused as the native reader does.
/// </summary>
public sealed class FileSystemBoundedFileReader(IFileSystem fileSystem, IFileStatReader stat) : IBoundedFileReader
{
    public BoundedRead Read(string path, int maxBytes)
    {
        var status = stat.TryLStat(path);
        if (status is null) return new BoundedRead(fileSystem.File.Exists(path) ? BoundedReadOutcome.Unreadable : BoundedReadOutcome.NotFound, null);
        if (status.Value.Kind != FileKind.File) return new BoundedRead(BoundedReadOutcome.NotRegularFile, null);
        if (status.Value.Size > maxBytes) return new BoundedRead(BoundedReadOutcome.TooLarge, null);
        try
        {
            using var stream = fileSystem.File.OpenRead(path);
            var buffer = new byte[maxBytes + 1];
            var total = 0;
            int n;
            while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0) total += n;
            if (total > maxBytes) return new BoundedRead(BoundedReadOutcome.TooLarge, null);
            return BoundedRead.Of(buffer.AsSpan(0, total).ToArray());
        }
        catch (FileNotFoundException) { return new BoundedRead(BoundedReadOutcome.NotFound, null); }
        catch (DirectoryNotFoundException) { return new BoundedRead(BoundedReadOutcome.NotFound, null); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return new BoundedRead(BoundedReadOutcome.Unreadable, null); }
    }
}
