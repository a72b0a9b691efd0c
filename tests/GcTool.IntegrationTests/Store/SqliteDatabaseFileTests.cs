using System.Runtime.Versioning;
using GcTool.Core.Errors;
using GcTool.Store.Sqlite;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>Database files gctool cannot use: each gives one clear error naming the file, and the file is left as it was.</summary>
public sealed class SqliteDatabaseFileTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private string DbPath => directory.File("gctool.db");

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Open_GivesClearError_WhenFileIsGarbage()
    {
        File.WriteAllBytes(DbPath, Enumerable.Range(0, 8_192).Select(i => (byte)(i * 31 + 7)).ToArray());

        var error = Assert.Throws<GcToolException>(() => SqliteGcStore.Open(DbPath));

        Assert.Equal(ExitCode.Failure, error.ExitCode);
        Assert.Equal(
            $"database {DbPath} is not a readable gctool database (file is not a database); move it aside and run `gctool scan` to rebuild it",
            error.Message);
    }

    [Fact]
    public void Open_LeavesGarbageFileUntouched()
    {
        var garbage = Enumerable.Range(0, 8_192).Select(i => (byte)(i * 13)).ToArray();
        File.WriteAllBytes(DbPath, garbage);

        Assert.ThrowsAny<GcToolException>(() => SqliteGcStore.Open(DbPath));

        Assert.Equal(garbage, File.ReadAllBytes(DbPath));
    }

    [Fact]
    public void Open_GivesClearError_WhenDatabaseIsTruncated()
    {
        using (var store = SqliteGcStore.Open(DbPath))
            store.CommitScan(Commit(entries: Enumerable.Range(0, 2_000).Select(i => Entry($"e{i:D5}", inodes: [1, 2, 3])).ToArray()));
        using (var file = File.OpenWrite(DbPath)) file.SetLength(file.Length / 2);

        var error = Assert.Throws<GcToolException>(() => SqliteGcStore.Open(DbPath));

        Assert.StartsWith($"database {DbPath} is not a readable gctool database (", error.Message);
        Assert.EndsWith("move it aside and run `gctool scan` to rebuild it", error.Message);
    }

    [Fact]
    public void Read_GivesClearError_WhenPagesAreDamaged()
    {
        using (var store = SqliteGcStore.Open(DbPath))
            store.CommitScan(Commit(entries: Enumerable.Range(0, 2_000).Select(i => Entry($"e{i:D5}", inodes: [1, 2, 3])).ToArray()));
        using (var file = File.OpenWrite(DbPath))
        {
            // Keep the header page intact so the file still opens; wreck every page after the schema.
            file.Position = 8 * 4_096;
            file.Write(Enumerable.Repeat((byte)0xFF, (int)(file.Length - file.Position)).ToArray());
        }

        var error = Assert.Throws<GcToolException>(() =>
        {
            using var store = SqliteGcStore.Open(DbPath);
            store.LoadEntries(withInodes: true);
        });

        Assert.StartsWith($"database {DbPath} is not a readable gctool database (", error.Message);
    }

    [Fact]
    public void Open_GivesClearError_WhenFileIsAnotherProgramsDatabase()
    {
        SqliteTestDatabase.Execute(DbPath, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)");

        var error = Assert.Throws<GcToolException>(() => SqliteGcStore.Open(DbPath));

        Assert.Contains($"database {DbPath} is not a readable gctool database", error.Message);
        Assert.Contains("another program", error.Message);
        Assert.Equal(0, SqliteTestDatabase.UserVersion(DbPath));
    }

    [Fact]
    public void Open_GivesClearError_WhenParentIsAFile()
    {
        File.WriteAllText(directory.File("state"), "not a directory");
        var path = Path.Combine(directory.File("state"), "gctool.db");

        var error = Assert.Throws<GcToolException>(() => SqliteGcStore.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("--db", error.Message);
    }

    [PosixNonRootFact]
    [UnsupportedOSPlatform("windows")]
    public void Open_GivesClearError_WhenDatabaseFileIsReadOnly()
    {
        SqliteGcStore.Open(DbPath).Dispose();
        File.SetUnixFileMode(DbPath, UnixFileMode.UserRead);

        var error = Assert.Throws<GcToolException>(() => { using var store = SqliteGcStore.Open(DbPath); store.AddRoot(Projects, 1); });

        Assert.Contains(DbPath, error.Message);
        Assert.Contains("--db", error.Message);
    }

    [PosixNonRootFact]
    [UnsupportedOSPlatform("windows")]
    public void Open_GivesClearError_WhenDirectoryIsReadOnly()
    {
        var readOnly = Directory.CreateDirectory(directory.File("ro"));
        var path = Path.Combine(readOnly.FullName, "gctool.db");
        readOnly.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserExecute;

        var error = Assert.Throws<GcToolException>(() => SqliteGcStore.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("--db", error.Message);
    }

    [Fact]
    public void Open_TreatsEmptyFileAsNewDatabase()
    {
        File.WriteAllBytes(DbPath, []);

        using var store = SqliteGcStore.Open(DbPath);

        Assert.Empty(store.ListRoots());
    }

    [Fact]
    public void Data_PersistsAcrossReopen()
    {
        using (var store = SqliteGcStore.Open(DbPath))
            store.CommitScan(Commit(entries: [Entry("-aaa", inodes: [7])], rescanned: [Scanned(Env("/p/.venv"), Ref("-aaa"))]));

        using var reopened = SqliteGcStore.Open(DbPath);
        Assert.Equal([7UL], Assert.Single(reopened.LoadEntries(withInodes: true)).Inodes!);
        Assert.Single(reopened.LoadWholeGraph());
    }
}
