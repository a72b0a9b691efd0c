using GcTool.Core.Cache;

namespace GcTool.Cli.Settings;

/// <summary>
/// The ID of <c>audit entry ID</c>: the bare id, or a path ending in <c>archive-vN/ID</c> (pasted
/// from <c>ls</c> or a symlink target), with or without a trailing '/'.
/// </summary>
internal static class EntryIdArgument
{
    /// <summary>Throws <see cref="Core.Errors.UsageException"/> (exit 2) for anything that is not an id.</summary>
    public static EntryId Parse(string text)
    {
        var trimmed = text.Length > 1 ? text.TrimEnd('/') : text;
        var slash = trimmed.LastIndexOf('/');
        if (slash > 0)
        {
            var bucketStart = trimmed.LastIndexOf('/', slash - 1) + 1;
            var bucket = trimmed[bucketStart..slash];
            if (Buckets.IsArchive(bucket, out _)) trimmed = trimmed[(slash + 1)..];
        }
        return EntryId.Parse(trimmed);
    }
}
