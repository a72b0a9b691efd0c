using GcTool.Core.Cache;
using GcTool.Core.Environments;

namespace GcTool.TestSupport;

public sealed partial class UvCacheBuilder
{
    /// <summary>
    /// A cached <c>uvx</c> / <c>uv run --with</c> environment (spec §3 "Cached envs"):
    /// 1. create a relocatable venv in <c>builds-v0/.tmpXXXXXX</c>;
    /// 2. install <paramref name="packages"/> into it with <paramref name="mode"/>;
    /// 3. rename it to <c>archive-v0/&lt;ID&gt;</c> and link <c>environments-v2/&lt;IH16&gt;/&lt;RH16&gt;</c> → <c>../../archive-v0/&lt;ID&gt;</c>.
    /// In symlink mode the entry then holds absolute links into the other entries.
    /// </summary>
    public ArchiveEntry PersistCachedVenv(IEnumerable<ArchiveEntry> packages, UvLinkMode mode, string? cacheRootAsSeen = null)
    {
        // 1. Stage the venv.
        var staging = CreateStagingDirectory(PathOf(BuildsBucket));
        var venv = VenvBuilder.Create(staging, new VenvOptions { Relocatable = true });

        // 2. Install.
        foreach (var package in packages) venv.Install(package, mode, cacheRootAsSeen);

        // 3. Persist and link.
        var id = MoveIntoArchive(staging, forcedId: null, IdStyle.Current);
        var pointer = PathOf(EnvironmentsBucket, ArchiveIds.Hex16(), ArchiveIds.Hex16());
        CachePointers.Create(pointer, EntryPath(id), id, PointerStyle.RelativeSymlink);
        return new ArchiveEntry(id, EntryPath(id), pointer, Spec: null, Root, EntryKind.Venv, PersistOptions.Default);
    }

    public ArchiveEntry PersistCachedVenv(IEnumerable<ArchiveEntry> packages, LinkMode mode, string? cacheRootAsSeen = null) =>
        PersistCachedVenv(packages, mode.ToUv(), cacheRootAsSeen);
}
