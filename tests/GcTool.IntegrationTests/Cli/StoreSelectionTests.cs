using GcTool.Cli.Settings;
using GcTool.Core.Errors;
using GcTool.IntegrationTests.Cli.Fakes;

namespace GcTool.IntegrationTests.Cli;

/// <summary>--db picks the backend by URL scheme; --host-id names this host.</summary>
public sealed class StoreSelectionTests
{
    private static EnvironmentVariables Env(params (string Key, string? Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value));

    [Theory]
    [InlineData("postgresql://gc@db:5432/caches")]
    [InlineData("postgres://gc@db/caches?schema=team")]
    public void Resolve_KeepsAPostgresUrl_AsGiven(string url)
    {
        var resolved = DatabasePathResolver.Resolve(url, Env(), "/cache");

        Assert.Equal(url, resolved.Value);
        Assert.True(DatabasePathResolver.IsUrl(resolved.Value));
    }

    [Fact]
    public void Resolve_TakesAUrlFromGctoolDb() =>
        Assert.Equal("postgresql://gc@db/x", DatabasePathResolver.Resolve(null, Env(("GCTOOL_DB", "postgresql://gc@db/x")), "/cache").Value);

    [Fact]
    public void Resolve_RefusesAnUnknownUrlScheme_AsUsageError() =>
        Assert.Contains("unsupported", Assert.Throws<UsageException>(() => DatabasePathResolver.Resolve("mysql://u:pw@db/x", Env(), "/cache")).Message);

    [Fact]
    public void Resolve_TreatsAnythingElseAsAnSqlitePath() =>
        Assert.False(DatabasePathResolver.IsUrl(DatabasePathResolver.Resolve("state/gctool.db", Env(), "/cache").Value));

    [Fact]
    public void HostId_PrefersFlag_ThenEnvironment_ThenMachineId()
    {
        var fs = new System.IO.Abstractions.TestingHelpers.MockFileSystem();
        fs.AddFile("/etc/machine-id", new("0123456789abcdef\n"));

        Assert.Equal("flag", HostIdResolver.Resolve("flag", Env(("GCTOOL_HOST_ID", "env")), fs).Value);
        Assert.Equal("env", HostIdResolver.Resolve(null, Env(("GCTOOL_HOST_ID", "env")), fs).Value);
        Assert.Equal("0123456789abcdef", HostIdResolver.Resolve(null, Env(), fs).Value);
        Assert.Equal(Environment.MachineName, HostIdResolver.Resolve(null, Env(), new System.IO.Abstractions.TestingHelpers.MockFileSystem()).Value);
    }

    [Fact]
    public void HostId_Empty_IsAUsageError() =>
        Assert.Throws<UsageException>(() => HostIdResolver.Resolve("  ", Env(), new System.IO.Abstractions.TestingHelpers.MockFileSystem()));

    [Fact]
    public void Cli_OpensAPostgresUrl_WithTheHostId_AndNoPathChecks()
    {
        var cli = new CliHarness();

        var exit = cli.Run("roots", "list", "--db", "postgresql://gc@db.example/caches", "--host-id", "ci-3");

        Assert.Equal(0, exit);
        Assert.Equal(["postgresql://gc@db.example/caches"], cli.OpenedDatabases);
        Assert.Equal("ci-3", cli.OpenedAsHost);
    }

    [Fact]
    public void Cli_RefusesSqliteOnNfs_WithExit4_PointingToPostgres()
    {
        var cli = new CliHarness { FileSystemTypes = new FixedType(0x6969) };

        var exit = cli.Run("status", "--db", "/mnt/nfs/gctool.db");

        Assert.Equal(4, exit);
        Assert.Contains("postgresql://", cli.Stderr.ToString());
        Assert.False(cli.TouchedStore);
    }

    private sealed class FixedType(long type) : GcTool.Core.Platform.IFileSystemTypeReader
    {
        public long? TryFileSystemType(string path) => type;
    }
}
