using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety.Support;

/// <summary>
/// A cache an older and a newer uv both used (the seed's shared cache): a symlink venv using one entry pointed to
/// from <c>wheels-v6</c> and one only from <c>wheels-v5</c>; a hardlink venv; an unreferenced entry only
/// <c>wheels-v5</c> points to; an older uv's <c>simple-v23</c> and <c>interpreter-v3</c>; a <c>.tmp*</c> a killed uv
/// left at the root and one in <c>builds-v0</c>; an sdist built twice (its first revision is stale); and a bucket a
/// newer uv wrote (<c>wheels-v99</c>). Everything is as old as the test; run gc on a clock frozen days later.
/// </summary>
internal sealed class ReclaimScenario
{
    public required IReadOnlyList<ArchiveEntry> Used { get; init; }
    public required ArchiveEntry OnlyAStaleBucketPointsTo { get; init; }
    public required string StaleWheels { get; init; }
    public required string StaleSimple { get; init; }
    public required string StaleInterpreter { get; init; }
    public required string Staging { get; init; }
    public required string BuildStaging { get; init; }
    public required string StaleRevision { get; init; }
    public required string FutureBucket { get; init; }

    /// <summary>The paths of one directory per category (stale bucket, staging leftover, stale sdist revision).</summary>
    public IReadOnlyList<string> OnePerCategory => [StaleWheels, Staging, StaleRevision];

    public static ReclaimScenario Build(SafetyWorld world)
    {
        var cache = world.Cache;
        var current = world.PersistPackage();
        var old = PersistIn(world, "oldused", "wheels-v5");
        var oldOnly = PersistIn(world, "oldonly", "wheels-v5");
        var hardlinked = world.PersistPackage();
        world.Venv("app", UvLinkMode.Symlink, current, old);
        world.Venv("tool", UvLinkMode.Hardlink, hardlinked);

        var bar = Wheel.Named("bar", "2.0").WithModule("bar/sub.py");
        var first = cache.BuildSdist(bar);
        cache.BuildSdist(bar); // a new revision: the first one is stale

        var simple = cache.PathOf("simple-v23", "pypi");
        Directory.CreateDirectory(simple);
        for (var i = 0; i < 40; i++) File.WriteAllBytes(Path.Combine(simple, $"pkg{i}.rkyv"), new byte[16 * 1024]);
        var interpreter = cache.PathOf("interpreter-v3", "0123456789abcdef");
        Directory.CreateDirectory(interpreter);
        File.WriteAllBytes(Path.Combine(interpreter, "0123456789abcdef.msgpack"), new byte[8 * 1024]);
        var staging = cache.AddStagingDirectory();
        File.WriteAllBytes(Path.Combine(staging, "partial", "big.so"), new byte[64 * 1024]);
        var buildStaging = cache.AddBuildStagingDirectory();
        var future = cache.AddFutureBucket();

        world.ScanProjects();
        return new ReclaimScenario
        {
            Used = [current, old, hardlinked],
            OnlyAStaleBucketPointsTo = oldOnly,
            StaleWheels = cache.PathOf("wheels-v5"),
            StaleSimple = cache.PathOf("simple-v23"),
            StaleInterpreter = cache.PathOf("interpreter-v3"),
            Staging = staging,
            BuildStaging = buildStaging,
            StaleRevision = first.RevisionPath,
            FutureBucket = future,
        };
    }

    private static ArchiveEntry PersistIn(SafetyWorld world, string name, string bucket)
    {
        var wheel = Wheel.Named(name, "1.0").WithModule($"{name}/sub.py").WithModule($"{name}/data/extra.py");
        return world.Cache.PersistWheel(world.Cache.Layout == CacheLayout.ContentAddressed ? wheel.WithLicense() : wheel, new PersistOptions { Bucket = bucket });
    }

    /// <summary>Bytes of the regular files under <paramref name="root"/>, each inode once, gctool's trash left out: what the disk holds.</summary>
    public static long Bytes(string root) =>
        FileTree.Walk(root)
            .Where(p => !p.Contains("/.gctool-trash", StringComparison.Ordinal))
            .Select(FileTree.LStat)
            .Where(s => s.Kind == FileKind.File)
            .DistinctBy(s => (s.Device, s.Inode))
            .Sum(s => s.Size);
}
