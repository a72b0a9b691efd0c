using GcTool.Core.Cache;
using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>
/// Builds a real uv 0.12.5 cache on disk, step for step as uv does it (spec "Simulator checklist" (a)):
/// root markers, wheels unzipped into <c>.tmpXXXXXX</c> and renamed into <c>archive-v0/&lt;ID&gt;</c>,
/// pointer symlinks, <c>.http</c> files, sdist revisions, cached venvs, and the usual noise.
/// </summary>
/// <remarks>
/// uv makes its root absolute without resolving symlinks, and writes absolute links (legacy
/// pointers, symlink-mode venvs) through that spelling. <see cref="Root"/> is that spelling;
/// <see cref="RealRoot"/> is the canonical directory.
/// </remarks>
public sealed partial class UvCacheBuilder
{
    public const string ArchiveBucket = "archive-v0";
    public const string WheelsBucket = "wheels-v6";
    public const string SdistsBucket = "sdists-v9";
    public const string EnvironmentsBucket = "environments-v2";
    public const string BuildsBucket = "builds-v0";

    /// <summary>The root as the user gave it to uv (may run through a symlink).</summary>
    public string Root { get; }

    /// <summary>The root with every symlink resolved.</summary>
    public string RealRoot { get; }

    /// <summary>Classic random ids, or the content-addressed preview with <c>files-v0</c> objects.</summary>
    public CacheLayout Layout { get; }

    public string LockPath => Path.Combine(Root, ".lock");
    public string ArchiveDirectory => Path.Combine(Root, ArchiveBucket);

    /// <summary>The content-addressed object store (exists only in that layout).</summary>
    public string FilesDirectory => Path.Combine(Root, ContentAddressedStore.FilesBucket);

    private UvCacheBuilder(string root, string realRoot, CacheLayout layout)
    {
        Root = root;
        RealRoot = realRoot;
        Layout = layout;
    }

    /// <summary>
    /// Creates (or reopens) a cache at <paramref name="root"/> and writes uv's markers if missing.
    /// With <paramref name="givenAs"/>, a symlink is made there pointing at <paramref name="root"/>
    /// and every path uv would write goes through it, as when <c>UV_CACHE_DIR</c> names a symlink.
    /// </summary>
    /// <param name="layout">How this uv stores archives; the content-addressed layout adds <c>files-v0</c>.</param>
    public static UvCacheBuilder Create(string root, string? givenAs = null, CacheLayout layout = CacheLayout.Classic)
    {
        Directory.CreateDirectory(root);
        if (givenAs is not null && !FileTree.Exists(givenAs))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(givenAs)!);
            File.CreateSymbolicLink(givenAs, root);
        }
        var seen = Path.GetFullPath(givenAs ?? root);
        var real = NativeFileStatReader.Instance.TryRealPath(seen) ?? throw new DirectoryNotFoundException(seen);
        var cache = new UvCacheBuilder(seen, real, layout);
        cache.WriteMarkers();
        return cache;
    }

    /// <summary>A path below the root (as given).</summary>
    public string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>The ids currently in <c>archive-v0/</c>.</summary>
    public IReadOnlyList<string> ArchiveIdsOnDisk() =>
        Directory.Exists(ArchiveDirectory)
            ? Directory.EnumerateFileSystemEntries(ArchiveDirectory).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// uv's <c>Cache::persist</c> of a downloaded wheel: unzip a real .whl into <c>&lt;root&gt;/.tmpXXXXXX</c>,
    /// rename it to <c>archive-v0/&lt;ID&gt;</c>, link the pointer, write <c>&lt;KEY&gt;.http</c>.
    /// </summary>
    public ArchiveEntry PersistWheel(WheelSpec spec, PersistOptions? options = null)
    {
        options ??= PersistOptions.Default;
        var pointer = WheelPointerPath(spec, options);

        // 1. Unzip into a staging directory in the root.
        var staging = CreateStagingDirectory(Root);
        WheelArchive.Extract(WheelArchive.Build(spec), staging);

        // 2–4. Pick an id and rename the staging directory into the archive bucket.
        var id = MoveIntoArchive(staging, options.Id, options.IdStyle);

        // 5. Link the pointer, then record the id beside it.
        CachePointers.Create(pointer, EntryPath(id), id, options.Pointer);
        if (options.WriteHttp) File.WriteAllBytes(pointer + ".http", HttpPointerFile.ForArchive(id, spec));

        return new ArchiveEntry(id, EntryPath(id), pointer, spec, Root, EntryKind.Wheel, options);
    }

    /// <summary>
    /// <c>--refresh</c> or a re-download: persist the same wheel as a new id and atomically repoint
    /// the same pointer (temp link + rename). The old entry stays on disk as an orphan. In the
    /// content-addressed layout the same wheel has the same id, so the pointer is rewritten to the
    /// archive it already named and nothing is orphaned.
    /// </summary>
    public ArchiveEntry Refresh(ArchiveEntry entry) =>
        PersistWheel(entry.Wheel, entry.Options with { Id = null });

    /// <summary>The absolute path of an entry, through the root as given.</summary>
    public string EntryPath(string id) => Path.Combine(ArchiveDirectory, id);

    /// <summary>Where the pointer for <paramref name="spec"/> goes.</summary>
    public string WheelPointerPath(WheelSpec spec, PersistOptions? options = null)
    {
        options ??= PersistOptions.Default;
        var bucket = Path.Combine(Root, options.Bucket);
        var directory = options.Source switch
        {
            WheelSource.Pypi => Path.Combine(bucket, "pypi", spec.PackageName),
            WheelSource.Index => Path.Combine(bucket, "index", options.SourceDigest, spec.PackageName),
            WheelSource.Url => Path.Combine(bucket, "url", options.SourceDigest, spec.PackageName),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Source, null),
        };
        return Path.Combine(directory, spec.CacheKey);
    }

    /// <summary>Creates <c>&lt;parent&gt;/.tmpXXXXXX</c> like <c>tempfile::tempdir_in</c>.</summary>
    public static string CreateStagingDirectory(string parent)
    {
        Directory.CreateDirectory(parent);
        var path = Path.Combine(parent, ArchiveIds.TempName());
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Steps 3-4 of persist: name the staged tree and rename it into the archive bucket. In the
    /// content-addressed layout (without a forced id) the name is the tree's digest, an existing
    /// archive of that name is reused, and the files become hardlinks to <c>files-v0</c> objects.
    /// </summary>
    private string MoveIntoArchive(string staging, string? forcedId, IdStyle style)
    {
        if (Layout == CacheLayout.ContentAddressed && forcedId is null) return ContentAddressedStore.Persist(Root, staging).Id;
        var id = forcedId ?? ArchiveIds.New(style);
        Directory.CreateDirectory(ArchiveDirectory);
        if (FileTree.Exists(EntryPath(id))) throw new InvalidOperationException($"archive id {id} is already used");
        Libc.Rename(staging, EntryPath(id));
        return id;
    }

    /// <summary>
    /// <c>Cache::init</c>'s markers, each created only if missing: CACHEDIR.TAG (43 bytes, no newline),
    /// <c>.gitignore</c>, <c>.lock</c> (0666 via temp file + no-clobber link), <c>sdists-v9/{.gitignore,.git}</c>.
    /// </summary>
    private void WriteMarkers()
    {
        CreateNew(PathOf("CACHEDIR.TAG"), UvCache.CacheDirTagSignature);
        CreateNew(PathOf(".gitignore"), "*");
        CreateLockFile();
        Directory.CreateDirectory(PathOf(SdistsBucket));
        CreateNew(PathOf(SdistsBucket, ".gitignore"), "");
        CreateNew(PathOf(SdistsBucket, ".git"), "");
    }

    private void CreateLockFile()
    {
        if (FileTree.Exists(LockPath)) return;
        var temp = PathOf(ArchiveIds.TempName());
        File.WriteAllBytes(temp, []);
        UnixModes.Set(temp, UnixModes.FromOctal("666"));
        try { Libc.Link(temp, LockPath); }
        catch (IOException) when (FileTree.Exists(LockPath)) { /* another "uv" won the race */ }
        finally { File.Delete(temp); }
    }

    private static void CreateNew(string path, string content)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Existing markers are never rewritten.
        }
    }
}
