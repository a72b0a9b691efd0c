using GcTool.Core.Audit;
using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Environments;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.IntegrationTests.Cli.Fakes;

/// <summary>Hand-made reports with fixed times and machine-independent paths, for renderer snapshots.</summary>
internal static class Reports
{
    /// <summary>The "now" every snapshot is rendered at: 2026-01-15T12:00:00Z.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static long Ago(TimeSpan span) => (Now - span).ToUnixTimeSeconds();

    public static EntryKey Key(string id, int version = 0) => new(version, EntryId.Parse(id));

    public const string RequestsId = "-x9QabcdEFGH12_z";
    public const string NumpyId = "_a1B2c3D4e5F6g7H8";
    public const string LegacyId = "AbCdEfGhIjKlMnOpQrStU";
    public const string ResumedId = "Rz7k2LmN0pQ4sT6v";

    public static ScanReport Scan(IReadOnlyList<SkippedPath>? skipped = null) => new(
        [new RootPath("/home/dev/projects"), new RootPath("/srv/ci/venvs")],
        EnvironmentsFound: 14,
        EnvironmentsRescanned: 3,
        EnvironmentsUnchanged: 11,
        EnvironmentsRemoved: 1,
        Entries: 1_204,
        EntriesNew: 5,
        EntriesRemoved: 2,
        References: 812,
        FilesRead: 12_345,
        Skipped: skipped ?? [new SkippedPath("/home/dev/projects/locked/.venv", "permission denied")],
        Elapsed: TimeSpan.FromMilliseconds(1_234));

    /// <summary>Unreferenced: last used <paramref name="lastUsed"/> before <see cref="Now"/>, or never and created <paramref name="created"/> before.</summary>
    public static RemovalReason Unreferenced(TimeSpan? lastUsed, TimeSpan created) =>
        new(RemovalKind.Unreferenced, lastUsed is { } used ? Ago(used) : null, Ago(created));

    public static GcReport Gc(bool dryRun)
    {
        SweepState Done(SweepState real) => dryRun ? SweepState.Planned : real;
        var items = new List<RemovalOutcome>
        {
            new(new(Key(RequestsId), "requests", "2.32.3", 1_234_567, 1_200_000, Unreferenced(TimeSpan.FromDays(3), TimeSpan.FromDays(20))), Done(SweepState.Deleted)),
            new(new(Key(NumpyId), "numpy", "2.1.0", 52_428_800, 50_000_000, Unreferenced(null, TimeSpan.FromDays(9))), Done(SweepState.Failed),
                dryRun ? null : new SweepProblem(SweepProblemKind.DeleteFailed, "permission denied: /cache/.gctool-trash/_a1B2c3D4e5F6g7H8/numpy/_core/_multiarray.so")),
            new(new(Key(LegacyId), null, null, 4_096, 4_096, Unreferenced(TimeSpan.FromDays(2), TimeSpan.FromDays(20))), Done(SweepState.Deleted)),
        };
        var resumed = dryRun ? new List<RemovalOutcome>() : [new(new(Key(ResumedId), "six", "1.16.0", 40_960, 40_960, RemovalReason.Resumed(41)), SweepState.Deleted)];
        return new GcReport(
            RunId: 42,
            DryRun: dryRun,
            Items: items,
            Resumed: resumed,
            PointersRemoved: dryRun ? 0 : 3,
            DanglingPointersRemoved: dryRun ? 0 : 1,
            Kept: new Dictionary<KeepReason, long> { [KeepReason.TooYoung] = 4, [KeepReason.Referenced] = 120 },
            BytesFreed: dryRun ? 0 : 1_279_623,
            LockWaited: TimeSpan.FromMilliseconds(dryRun ? 0 : 850),
            LockHeld: TimeSpan.FromMilliseconds(dryRun ? 0 : 37),
            Elapsed: TimeSpan.FromSeconds(4.2),
            Scan: Scan(skipped: []),
            PlannedAt: Now.ToUnixTimeSeconds());
    }

    public static GcReport EmptyGc() => new(
        7, false, [], [], 0, 0, new Dictionary<KeepReason, long> { [KeepReason.Referenced] = 12 }, 0,
        TimeSpan.Zero, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(900), Scan(skipped: []), Now.ToUnixTimeSeconds());

    public static RegisteredRoot[] Roots() =>
    [
        new(new RootPath("/home/dev/projects"), Ago(TimeSpan.FromDays(30)), Ago(TimeSpan.FromHours(3))),
        new(new RootPath("/srv/ci/venvs"), Ago(TimeSpan.FromMinutes(12)), null),
    ];

    public static EnvironmentAudit EnvironmentAudit() => new(
        new EnvironmentRecord(
            new EnvPath("/home/dev/projects/app/.venv"), EnvironmentKind.Venv, new RootPath("/home/dev/projects"), null,
            "opaque-fingerprint", "3.12.7", Ago(TimeSpan.FromDays(10)), Ago(TimeSpan.FromHours(3)), 2_310, 0),
        [
            new EnvironmentUse(Key(RequestsId), "requests", "2.32.3", LinkMode.Symlink, 42, "lib/python3.12/site-packages/requests/api.py", true, 1_234_567),
            new EnvironmentUse(Key(NumpyId), "numpy", "2.1.0", LinkMode.Hardlink, 880, "lib/python3.12/site-packages/numpy/__init__.py", true, 52_428_800),
            new EnvironmentUse(Key(LegacyId), null, null, LinkMode.Symlink, 1, "bin/tool", false, null),
        ]);

    public static EntryAudit EntryAudit() => new(
        EntryId.Parse(RequestsId),
        new EntryRecord(Key(RequestsId), EntryKind.Wheel, "requests", "2.32.3", 42, 1_234_567, 1_200_000,
            Ago(TimeSpan.FromDays(20)), Ago(TimeSpan.FromDays(20)), Ago(TimeSpan.FromHours(3)), 2049, null),
        [
            new EntryUser(new EnvPath("/home/dev/projects/app/.venv"), EnvironmentKind.Venv, LinkMode.Symlink, 42, "lib/python3.12/site-packages/requests/api.py", Ago(TimeSpan.FromHours(3))),
            new EntryUser(new EnvPath("/cache/environments-v2/script-0123456789abcdef"), EnvironmentKind.CacheEnvironment, LinkMode.Hardlink, 40, "lib/python3.12/site-packages/requests/__init__.py", Ago(TimeSpan.FromMinutes(45))),
        ]);

    public static EntryAudit MissingEntryAudit() => new(
        EntryId.Parse(LegacyId), null,
        [new EntryUser(new EnvPath("/srv/ci/venvs/job-17"), EnvironmentKind.Venv, LinkMode.Symlink, 1, "bin/tool", Ago(TimeSpan.FromDays(2)))]);

    public static GraphAudit GraphAudit() => new(
        [
            new ReferenceEdge(new EnvPath("/home/dev/projects/app/.venv"), EnvironmentKind.Venv, null, Key(RequestsId), LinkMode.Symlink, 42),
            new ReferenceEdge(new EnvPath("/home/dev/projects/app/.venv"), EnvironmentKind.Venv, null, Key(NumpyId), LinkMode.Hardlink, 880),
            new ReferenceEdge(new EnvPath("/cache/archive-v0/Qw3rTy5uI7oP9aS1"), EnvironmentKind.CachedVenvArchive, Key("Qw3rTy5uI7oP9aS1"), Key(RequestsId), LinkMode.Symlink, 42),
        ],
        Environments: 2,
        Entries: 4);

    public static StatusReport Status(bool withRoots = true) => new(
        "/cache",
        "/home/dev/.local/state/gctool/cache-0123456789abcdef.sqlite3",
        new StoreStatistics(1_204, 14, 812, 3_221_225_472, 2_147_483_648, 805_306_368, 97, Ago(TimeSpan.FromHours(3)), Ago(TimeSpan.FromDays(1))),
        withRoots ? Roots() : []);
}
