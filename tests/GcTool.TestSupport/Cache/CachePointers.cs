namespace GcTool.TestSupport;

/// <summary>
/// uv's <c>create_link</c> (crates/uv-cache/src/lib.rs): a symlink, or on Windows a text file.
/// If the pointer exists, the new one is made in <c>tempdir_in(parent)</c> and renamed over it,
/// so a refresh repoints atomically.
/// </summary>
public static class CachePointers
{
    /// <param name="pointer">Where the pointer goes.</param>
    /// <param name="archivePath">The entry through the cache root as given (uv's <c>self.archive(id)</c>).</param>
    /// <param name="id">The archive id, for the Windows text form.</param>
    public static void Create(string pointer, string archivePath, string id, PointerStyle style)
    {
        var parent = Path.GetDirectoryName(pointer)!;
        Directory.CreateDirectory(parent);
        if (!FileTree.Exists(pointer))
        {
            Write(pointer, archivePath, id, style, parent);
            return;
        }
        var temp = Path.Combine(parent, ArchiveIds.TempName());
        Directory.CreateDirectory(temp);
        try
        {
            var staged = Path.Combine(temp, "link");
            Write(staged, archivePath, id, style, parent);
            Libc.Rename(staged, pointer);
        }
        finally
        {
            FileTree.DeleteTree(temp);
        }
    }

    /// <summary>The relative target uv writes: <c>uv_fs::relative_to(archive, parent)</c>, purely lexical.</summary>
    public static string RelativeTarget(string archivePath, string linkParent) => Path.GetRelativePath(linkParent, archivePath);

    private static void Write(string at, string archivePath, string id, PointerStyle style, string linkParent)
    {
        switch (style)
        {
            case PointerStyle.RelativeSymlink:
                File.CreateSymbolicLink(at, RelativeTarget(archivePath, linkParent));
                break;
            case PointerStyle.AbsoluteSymlink:
                File.CreateSymbolicLink(at, archivePath);
                break;
            case PointerStyle.WindowsTextFile:
                File.WriteAllText(at, $"archive-v0/{id}");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(style), style, null);
        }
    }
}
