using System.IO.Abstractions;

namespace GcTool.Core.Platform;

/// <summary>
/// <see cref="IBoundedFileReader"/> over <see cref="IFileSystem"/>, for MockFileSystem tests: a symlink or a
/// directory is refused and a large file is not read, as the native reader does.
/// </summary>
public sealed class FileSystemBoundedFileReader(IFileSystem fileSystem) : IBoundedFileReader
{
    public BoundedRead Read(string path, int maxBytes)
    {
        // The file system decides, not the stat reader: unit-test fakes describe only the paths a test cares about.
        var info = fileSystem.FileInfo.New(path);
        if (!info.Exists) return new BoundedRead(fileSystem.Directory.Exists(path) ? BoundedReadOutcome.NotRegularFile : BoundedReadOutcome.NotFound, null);
        if (info.LinkTarget is not null) return new BoundedRead(BoundedReadOutcome.NotRegularFile, null);
        if (info.Length > maxBytes) return new BoundedRead(BoundedReadOutcome.TooLarge, null);
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
