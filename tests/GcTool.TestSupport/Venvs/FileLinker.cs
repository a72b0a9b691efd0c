namespace GcTool.TestSupport;

/// <summary>
/// Links one wheel's files the way <c>uv_fs::link</c> does, with its per-wheel <c>LinkState</c>:
/// only a failure on the first file switches mode (clone → hardlink → copy; symlink → copy);
/// a later failure is an error. An existing destination is replaced by temp file + rename, never
/// written through (it may be a link into the cache).
/// </summary>
internal sealed class FileLinker(UvLinkMode requested)
{
    private bool _linkedAny;

    /// <summary>The mode in effect after any fallback.</summary>
    public UvLinkMode Mode { get; private set; } = requested;

    /// <param name="source">The archive file (a path this process can read).</param>
    /// <param name="symlinkTarget">The absolute target for symlink mode, through the root as uv saw it.</param>
    /// <param name="destination">The venv path.</param>
    public void Link(string source, string symlinkTarget, string destination)
    {
        try
        {
            switch (Mode)
            {
                case UvLinkMode.Copy: CopyFile(source, destination); break;
                case UvLinkMode.Symlink: Place(destination, at => File.CreateSymbolicLink(at, symlinkTarget)); break;
                case UvLinkMode.Hardlink: Place(destination, at => Libc.Link(source, at)); break;
                case UvLinkMode.Clone: Place(destination, at => { if (!Libc.TryClone(source, at)) throw new IOException("FICLONE not supported"); }); break;
            }
        }
        catch (IOException) when (!_linkedAny && Mode != UvLinkMode.Copy)
        {
            Mode = Mode == UvLinkMode.Clone ? UvLinkMode.Hardlink : UvLinkMode.Copy;
            Link(source, symlinkTarget, destination);
        }
        _linkedAny = true;
    }

    /// <summary>A real, independent copy (RECORD always; everything in copy mode).</summary>
    public static void CopyFile(string source, string destination) =>
        Place(destination, at =>
        {
            File.Copy(source, at);
            UnixModes.Set(at, UnixModes.Get(source));
        });

    /// <summary>Creates the destination directly, or beside it and renames over an existing one.</summary>
    public static void Place(string destination, Action<string> create)
    {
        if (!FileTree.Exists(destination))
        {
            create(destination);
            return;
        }
        var temp = Path.Combine(Path.GetDirectoryName(destination)!, ArchiveIds.TempName());
        create(temp);
        Libc.Rename(temp, destination);
    }

    /// <summary>Writes a new real file atomically (replacing a link without touching its target).</summary>
    public static void WriteReal(string destination, byte[] content, UnixFileMode? mode = null) =>
        Place(destination, at =>
        {
            File.WriteAllBytes(at, content);
            if (mode is not null) UnixModes.Set(at, mode.Value);
        });
}
