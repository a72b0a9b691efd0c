namespace GcTool.TestSupport;

/// <summary>
/// Links one wheel's files the way <c>uv_fs::link</c> does, with its per-wheel <c>LinkState</c>:
/// only a failure on the first file switches mode (clone → hardlink → copy; symlink → copy);
/// a later failure is an error. An existing destination is replaced by temp file + rename, never
/// written through (it may be a link into the cache).
/// </summary>
/// <param name="linkLimitReached">Archive files for which link(2) should behave as if it failed with EMLINK.</param>
internal sealed class FileLinker(UvLinkMode requested, Func<string, bool>? linkLimitReached = null)
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
                case UvLinkMode.Hardlink: Place(destination, at => Hardlink(source, at)); break;
                case UvLinkMode.Clone: Place(destination, at => Clone(source, at)); break;
            }
        }
        catch (IOException) when (!_linkedAny && Mode != UvLinkMode.Copy)
        {
            Mode = Mode == UvLinkMode.Clone ? UvLinkMode.Hardlink : UvLinkMode.Copy;
            Link(source, symlinkTarget, destination);
        }
        _linkedAny = true;
    }

    /// <summary>uv's <c>reflink_with_permissions</c>; throws where FICLONE is unsupported (ext4), which triggers the fallback.</summary>
    private static void Clone(string source, string destination)
    {
        if (!Libc.TryClone(source, destination)) throw new IOException($"FICLONE not supported for {destination}");
        UnixModes.Set(destination, UnixModes.Get(source));
    }

    /// <summary>
    /// uv's <c>try_hardlink_file</c>: on EMLINK, copy the archive file to a temp file beside it, link
    /// the copy, and rename the copy over the archive file, so the archive file gets a new inode.
    /// </summary>
    private void Hardlink(string source, string destination)
    {
        if (linkLimitReached?.Invoke(source) != true)
        {
            Libc.Link(source, destination);
            return;
        }
        var fresh = Path.Combine(Path.GetDirectoryName(source)!, ArchiveIds.TempName());
        File.Copy(source, fresh);
        Libc.Link(fresh, destination);
        Libc.Rename(fresh, source);
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
