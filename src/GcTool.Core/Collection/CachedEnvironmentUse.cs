using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>
/// When uv last created or used a cached <c>uvx</c>/<c>uv run --with</c> venv, for
/// <c>gc --environments</c>: the newest of the entry's directory time, the mtime of each
/// <c>environments-v*</c> link naming it (uv re-creates the link when it rebuilds the environment),
/// its last reference from a known environment, and the access time of its <c>pyvenv.cfg</c>, which
/// Python reads every time it starts in that venv.
/// </summary>
/// <remarks>
/// Access times are only as good as the mount: with Linux's default <c>relatime</c> they advance at
/// most once a day, which is fine for durations in days; with <c>noatime</c> they never do, and a
/// cached environment then counts as used when it was created or relinked.
/// </remarks>
public static class CachedEnvironmentUse
{
    public static IReadOnlyDictionary<EntryKey, long> LastUsed(
        GcToolContext context, PointerIndex pointers, IReadOnlySet<EntryKey> pinned, IReadOnlyList<EntryRecord> entries)
    {
        var byKey = entries.ToDictionary(e => e.Key);
        var result = new Dictionary<EntryKey, long>();
        foreach (var key in pinned)
        {
            long last = 0;
            if (byKey.TryGetValue(key, out var entry)) last = Math.Max(entry.DirTime, entry.LastReferencedAt ?? 0);
            foreach (var pointer in pointers.To(key).Where(p => p.InEnvironmentsBucket))
                if (context.Stat.TryLStat(pointer.Path) is { } status)
                    last = Math.Max(last, status.ModifiedNs / 1_000_000_000);
            last = Math.Max(last, AccessTime(context, Path.Combine(context.Cache.EntryPath(key), "pyvenv.cfg")));
            result[key] = last;
        }
        return result;
    }

    private static long AccessTime(GcToolContext context, string path)
    {
        try
        {
            return context.FileSystem.File.Exists(path)
                ? new DateTimeOffset(context.FileSystem.File.GetLastAccessTimeUtc(path), TimeSpan.Zero).ToUnixTimeSeconds()
                : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
