using System.Text.RegularExpressions;
using GcTool.Core.Platform;

namespace GcTool.Core.Cache;

/// <summary>One object of <c>files-v0</c>, as listed: <c>files-v0/&lt;Shard&gt;/&lt;Name&gt;</c>.</summary>
public sealed record StoredObject(string Shard, string Name, FileStatus Status)
{
    public string RelativePath => $"{ContentStore.BucketName}/{Shard}/{Name}";
}

/// <summary>
/// <c>files-v0</c>, uv's content-addressed object store (preview <c>content-addressed-cache</c>, uv ≥ 0.12.8;
/// spec §9): every archive file is a hardlink to one object there, shared by every archive and hardlink
/// venv with the same content, and an object is garbage once its link count fell to 1 (only its
/// <c>files-v0</c> name is left). gctool reads link counts only, never the key.
/// </summary>
/// <remarks>
/// uv's exact key format is unverified (its source after 0.12.5 was not read): "content digest + executable
/// bit". gctool therefore accepts only the shape it can name: a regular file directly in a shard directory
/// directly in <c>files-v0</c>, both named with <c>[A-Za-z0-9_-]</c> only. Anything else there (dot-files,
/// <c>*.lock</c>, <c>.tmp*</c> staging, deeper trees, symlinks) is not an object to gctool and is never
/// touched; if uv's real layout differs, gctool frees nothing there rather than guess. Only <c>files-v0</c>
/// itself is known: a <c>files-v1</c> from a newer uv is left alone.
/// </remarks>
public static partial class ContentStore
{
    public const string BucketName = "files-v0";

    public static bool IsShardName(string name) => ShardPattern().IsMatch(name);

    public static bool IsObjectName(string name) => ObjectPattern().IsMatch(name);

    /// <summary>Every object of the cache's <c>files-v0</c> (none when it does not exist or is not a real directory).</summary>
    public static List<StoredObject> List(UvCache cache, DirectoryReader reader)
    {
        var objects = new List<StoredObject>();
        var bucket = Path.Combine(cache.RealRoot, BucketName);
        if (reader.Stat.TryLStat(bucket) is not { Kind: FileKind.Directory }) return objects;
        foreach (var shard in reader.TryList(bucket, out _) ?? [])
        {
            if (shard.Status is not { Kind: FileKind.Directory } || !IsShardName(shard.Name)) continue;
            foreach (var child in reader.TryList(shard.Path, out _) ?? [])
                if (child.Status is { Kind: FileKind.File } status && IsObjectName(child.Name))
                    objects.Add(new StoredObject(shard.Name, child.Name, status));
        }
        return objects;
    }

    /// <summary>The identities of every object: an archive file whose inode is here has one link in <c>files-v0</c>.</summary>
    public static HashSet<FileId> Inodes(UvCache cache, DirectoryReader reader) =>
        List(cache, reader).Select(o => o.Status.Id).ToHashSet();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,16}$")] private static partial Regex ShardPattern();
    [GeneratedRegex("^[A-Za-z0-9_-]{8,160}$")] private static partial Regex ObjectPattern();
}
