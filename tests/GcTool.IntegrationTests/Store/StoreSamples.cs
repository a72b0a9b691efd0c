using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.IntegrationTests.Store;

/// <summary>Short builders for store records, so a test shows only the fields it is about.</summary>
internal static class StoreSamples
{
    public static readonly RootPath Projects = new("/home/u/projects");
    public static readonly RootPath Tools = new("/home/u/tools");

    public static EntryKey Key(string id, int archiveVersion = 0) => new(archiveVersion, EntryId.Parse(id));

    public static EntryRecord Entry(
        string id,
        string? dist = "pkg",
        string? version = "1.0",
        long bytes = 100,
        long freeable = 100,
        long firstSeen = 1_000,
        long? lastReferenced = null,
        IReadOnlyList<ulong>? inodes = null,
        ulong device = 42,
        int archiveVersion = 0,
        EntryKind kind = EntryKind.Wheel,
        long fileCount = 3,
        long dirTime = 900) =>
        new(Key(id, archiveVersion), kind, dist, version, fileCount, bytes, freeable, dirTime, firstSeen, lastReferenced, device, inodes ?? []);

    public static EnvironmentRecord Env(
        string path,
        RootPath? root = null,
        EnvironmentKind kind = EnvironmentKind.Venv,
        EntryKey? asEntry = null,
        string fingerprint = "fp-1",
        string? python = "3.12.4",
        long firstSeen = 1_000,
        long scannedAt = 1_000,
        long fileCount = 10,
        long skipped = 0,
        string? host = HostIds.Default) =>
        new(new EnvPath(path), kind, root ?? (kind == EnvironmentKind.Venv ? Projects : null), asEntry, fingerprint, python,
            firstSeen, scannedAt, fileCount, skipped, host);

    public static ReferenceRecord Ref(string id, LinkMode mode = LinkMode.Symlink, long files = 1, string sample = "lib/python3.12/site-packages/pkg/__init__.py", int archiveVersion = 0) =>
        new(Key(id, archiveVersion), mode, files, sample);

    public static ScannedEnvironment Scanned(EnvironmentRecord env, params ReferenceRecord[] references) =>
        new(env, references, []);

    public static ScannedEnvironment Scanned(EnvironmentRecord env, IReadOnlyList<ReferenceRecord> references, IReadOnlyList<FileId> unmatched) =>
        new(env, references, unmatched);

    public static ScanCommit Commit(
        long at = 2_000,
        IReadOnlyList<EntryRecord>? entries = null,
        IReadOnlyList<EntryKey>? removedEntries = null,
        IReadOnlyList<ScannedEnvironment>? rescanned = null,
        IReadOnlyList<EnvPath>? unchanged = null,
        IReadOnlyList<EnvPath>? removed = null,
        IReadOnlyList<DiscoverySnapshot>? discoveries = null) =>
        new(at, entries ?? [], removedEntries ?? [], rescanned ?? [], unchanged ?? [], removed ?? [], discoveries ?? []);

    public static GcRunStart Run(long at = 5_000, bool dryRun = false) => new(at, dryRun, 86_400, "host-a");

    public static GcPlanItemRecord PlanItem(string id, long bytes = 100, long freeable = 80, string reason = "unreferenced") =>
        new(Key(id), "pkg", "1.0", bytes, freeable, reason);

    public static GcRunOutcome Outcome(long at = 5_100, GcRunStatus status = GcRunStatus.Completed, long deleted = 1, long freed = 100) =>
        new(at, status, LockWaitMs: 12, LockHeldMs: 340, deleted, freed, PointersRemoved: 2, Failures: 0, Error: null);
}
