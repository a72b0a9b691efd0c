using System.IO.Abstractions;
using GcTool.Core.Errors;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Cache;

/// <summary>
/// A uv cache root, as the user named it and as it really is. uv writes symlink targets through
/// the root *as the user gave it* (not canonicalized), so both spellings matter when matching.
/// </summary>
public sealed class UvCache
{
    /// <summary>The exact 43 bytes uv writes to CACHEDIR.TAG (crates/uv-fs/src/cachedir.rs).</summary>
    public const string CacheDirTagSignature = "Signature: 8a477f597d28d172789f06886806bc55";

    public string GivenRoot { get; }
    public string RealRoot { get; }
    public CacheIdentity Identity { get; }

    /// <summary>Other absolute paths at which this cache is mounted (containers); symlinks written through them count.</summary>
    public IReadOnlyList<string> Aliases { get; }

    public string LockPath => Path.Combine(RealRoot, ".lock");

    /// <summary>Where entries are renamed before deletion: inside the root, so the rename never crosses file systems.</summary>
    public string TrashRoot => Path.Combine(RealRoot, ".gctool-trash");

    private UvCache(string givenRoot, string realRoot, CacheIdentity identity, IReadOnlyList<string> aliases)
    {
        GivenRoot = givenRoot;
        RealRoot = realRoot;
        Identity = identity;
        Aliases = aliases;
    }

    /// <summary>
    /// Opens an existing uv cache. Refuses (exit 4) a directory that is not a uv cache, so a typo in
    /// <c>--cache-dir</c> can never make gctool delete from an unrelated tree.
    /// </summary>
    /// <summary>A CACHEDIR.TAG needs only its 43-byte signature; room for the comment lines tools add after it.</summary>
    private const int CacheDirTagMaxBytes = 4096;

    public static UvCache Open(IFileSystem fs, IFileStatReader stat, string givenRoot, IReadOnlyList<string>? aliases = null)
    {
        var absolute = Paths.TrimTrailingSeparator(Path.GetFullPath(givenRoot));
        var real = stat.TryRealPath(absolute);
        var status = real is null ? null : stat.TryLStat(real);
        if (real is null || status is null)
            throw new GcToolException(ExitCode.Failure, $"uv cache not found at {absolute}; pass --cache-dir or set UV_CACHE_DIR to the cache uv uses (`uv cache dir`)");
        if (status.Value.Kind != FileKind.Directory)
            throw new GcToolException(ExitCode.Failure, $"uv cache path {absolute} is not a directory; pass --cache-dir with the directory `uv cache dir` prints");

        var tag = Path.Combine(real, "CACHEDIR.TAG");
        // Bounded and non-blocking: the cache is world-writable, and a CACHEDIR.TAG that is a FIFO or /dev/zero
        // must fail fast rather than hang gc and status. The signature is all we need; real tags are tiny.
        var tagRead = BoundedFileReader.For(fs, stat).Read(tag, CacheDirTagMaxBytes);
        if (tagRead.Outcome is BoundedReadOutcome.NotRegularFile or BoundedReadOutcome.TooLarge or BoundedReadOutcome.Unreadable)
            throw new SafetyRefusalException($"{tag} {tagRead.Describe(CacheDirTagMaxBytes)}; refusing to touch the cache — replace it with the regular file uv writes (`uv cache dir` shows the cache)");
        if (!tagRead.HasContent || !System.Text.Encoding.UTF8.GetString(tagRead.Content!).StartsWith(CacheDirTagSignature, StringComparison.Ordinal))
            throw new SafetyRefusalException($"{absolute} is not a uv cache (no CACHEDIR.TAG with uv's signature); refusing to touch it — check --cache-dir");

        var identity = new CacheIdentity(real, status.Value.Device, status.Value.Inode);
        var cleanAliases = (aliases ?? []).Select(a => Paths.TrimTrailingSeparator(a)).Where(a => a.Length > 1).Distinct().ToList();
        return new UvCache(absolute, real, identity, cleanAliases);
    }

    /// <summary>The absolute path of an entry under the real root.</summary>
    public string EntryPath(EntryKey key) => Path.Combine(RealRoot, key.BucketName, key.Id.Value);
}
