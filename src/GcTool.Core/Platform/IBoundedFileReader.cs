namespace GcTool.Core.Platform;

/// <summary>
/// Reads a small file that someone else controls (pyvenv.cfg, CACHEDIR.TAG, RECORD, pointer files)
/// without ever blocking on it or reading more than a bound: a FIFO, a device, a symlink to
/// <c>/dev/zero</c> or a sparse 2 GiB file must not hang or exhaust a root process holding uv's lock.
/// Production uses <see cref="NativeBoundedFileReader"/>; unit tests get <see cref="FileSystemBoundedFileReader"/>.
/// </summary>
public interface IBoundedFileReader
{
    /// <summary>The whole file if it is a regular file (never through a final symlink) of at most <paramref name="maxBytes"/>.</summary>
    BoundedRead Read(string path, int maxBytes);
}

/// <summary>The bounds callers share, so a limit is decided once.</summary>
public static class BoundedFileReader
{
    /// <summary>pyvenv.cfg, RECORD and .pth files: real ones are a few KiB; anything past this is hostile.</summary>
    public const int SmallTextFile = 256 * 1024;

    /// <summary>
    /// The native reader on the real file system with the native stat reader, the IFileSystem one anywhere
    /// else — the same choice <see cref="DirectoryReader"/> makes, so MockFileSystem tests keep working.
    /// </summary>
    public static IBoundedFileReader For(System.IO.Abstractions.IFileSystem fileSystem, IFileStatReader stat) =>
        fileSystem is System.IO.Abstractions.FileSystem && stat is NativeFileStatReader
            ? NativeBoundedFileReader.Instance
            : new FileSystemBoundedFileReader(fileSystem);
}
