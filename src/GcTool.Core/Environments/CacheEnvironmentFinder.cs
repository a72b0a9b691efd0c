using GcTool.Core.Cache;
using GcTool.Core.Platform;

namespace GcTool.Core.Environments;

/// <summary>
/// The real venvs uv keeps inside the cache: <c>environments-v*/&lt;stem&gt;-&lt;D16&gt;/</c> (PEP 723
/// scripts, centralized project environments). Links <c>environments-v*/&lt;IH&gt;/&lt;RH&gt;</c> to cached
/// venv archives are pointers, found by <see cref="PointerIndex"/>.
/// </summary>
public static class CacheEnvironmentFinder
{
    public static IReadOnlyList<EnvPath> Find(UvCache cache, DirectoryReader reader)
    {
        var found = new List<EnvPath>();
        foreach (var bucket in reader.TryList(cache.RealRoot, out _) ?? [])
        {
            if (!Buckets.IsEnvironments(bucket.Name) || bucket.Status?.Kind != FileKind.Directory) continue;
            foreach (var child in reader.TryList(bucket.Path, out _) ?? [])
            {
                if (child.Status?.Kind != FileKind.Directory) continue;
                if (reader.Stat.TryLStat(Path.Combine(child.Path, "pyvenv.cfg")) is { Kind: FileKind.File })
                    found.Add(new EnvPath(child.Path));
            }
        }
        return found;
    }
}
