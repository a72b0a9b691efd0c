using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety.Support;

/// <summary>
/// A small cache with both kinds of entries: ones live venvs use (symlink and hardlink mode, one of
/// them refreshed so its old id is still used) and garbage (unused entries with pointers, the refreshed
/// id no venv installed). Every gc in the safety tests must delete exactly <see cref="Garbage"/>.
/// </summary>
internal sealed class GarbageScenario
{
    public required IReadOnlyList<ArchiveEntry> Used { get; init; }
    public required IReadOnlyList<ArchiveEntry> Garbage { get; init; }

    public static GarbageScenario Build(SafetyWorld world, int garbage = 6)
    {
        var a = world.PersistPackage();
        var b = world.PersistPackage();
        var c = world.PersistPackage();
        world.Venv("app", UvLinkMode.Symlink, a, b);
        world.Venv("tool", UvLinkMode.Hardlink, c);
        var refreshed = world.Cache.Refresh(a); // pointer now names the new id; the venv keeps using a
        var unused = Enumerable.Range(0, garbage - 1).Select(_ => world.PersistPackage()).ToList();
        world.ScanProjects();
        return new GarbageScenario { Used = [a, b, c], Garbage = [refreshed, .. unused] };
    }
}
