using GcTool.Core.Errors;
using GcTool.Core.Store;
using GcTool.Store.Postgres;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>What only the PostgreSQL backend does: its migrations, version table, advisory lock and errors.</summary>
[Collection(PostgresCollection.Name), RequiresPostgres]
public sealed class PostgresStoreTests(PostgresFixture fixture)
{
    private PostgresServer Server => fixture.Server;

    private long Version(string schema) =>
        Convert.ToInt64(Server.Scalar($"SELECT max(version) FROM {schema}.{PostgresMigrator.VersionTable}"));

    [PostgresFact]
    public void Open_AppliesEveryMigration_AndRecordsTheVersion()
    {
        var schema = Server.CreateSchema();
        using var store = (PostgresGcStore)PostgresGcStore.Open(Server.Settings(schema: schema));

        Assert.Equal(PostgresGcStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal(PostgresGcStore.LatestSchemaVersion, Version(schema));
        Assert.False(store.IsNewerSchema);
    }

    [PostgresFact]
    public void Open_Twice_AppliesNothingTheSecondTime_AndKeepsData()
    {
        var schema = Server.CreateSchema();
        using (var first = PostgresGcStore.Open(Server.Settings(schema: schema)))
            first.AddRoot(Projects, 1_000);

        Assert.Equal(0, PostgresMigrator.Embedded.Migrate(OpenConnection(schema)));
        using var second = PostgresGcStore.Open(Server.Settings(schema: schema));

        Assert.Single(second.ListRoots());
        Assert.Equal(PostgresGcStore.LatestSchemaVersion, Convert.ToInt64(Server.Scalar($"SELECT count(*) FROM {schema}.{PostgresMigrator.VersionTable}")));
    }

    [PostgresFact]
    public void Open_ByManyHostsAtOnce_AppliesEachMigrationExactlyOnce()
    {
        var schema = Server.CreateSchema();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            using var store = PostgresGcStore.Open(Server.Settings(schema: schema));
        });

        Assert.Equal(PostgresGcStore.LatestSchemaVersion, Convert.ToInt64(Server.Scalar($"SELECT count(*) FROM {schema}.{PostgresMigrator.VersionTable}")));
    }

    [PostgresFact]
    public void Open_RefusesSchema_HoldingAnotherProgramsTables()
    {
        var schema = Server.CreateSchema();
        Server.Execute($"CREATE TABLE {schema}.customers (id int)");

        var error = Assert.Throws<GcToolException>(() => PostgresGcStore.Open(Server.Settings(schema: schema)));

        Assert.Contains("another program", error.Message);
        Assert.Contains("--db", error.Message);
    }

    [PostgresFact]
    public void NewerSchema_RefusesWrites_ButStillReads()
    {
        var schema = Server.CreateSchema();
        using (var current = PostgresGcStore.Open(Server.Settings(schema: schema)))
            current.AddRoot(Projects, 1_000);
        Server.Execute($"INSERT INTO {schema}.{PostgresMigrator.VersionTable} (version, name) VALUES ({PostgresGcStore.LatestSchemaVersion + 1}, '9999_future')");

        using var store = PostgresGcStore.Open(Server.Settings(schema: schema));

        Assert.True(store.IsNewerSchema);
        Assert.Single(store.ListRoots());
        var refusal = Assert.Throws<SafetyRefusalException>(() => store.AddRoot(Tools, 2_000));
        Assert.Contains("newer gctool", refusal.Message);
        Assert.Equal(ExitCode.SafetyRefusal, refusal.ExitCode);
    }

    [PostgresFact]
    public void Write_Refused_WhenANewerGctoolMigratedAfterOpening()
    {
        var schema = Server.CreateSchema();
        using var store = PostgresGcStore.Open(Server.Settings(schema: schema));
        Server.Execute($"INSERT INTO {schema}.{PostgresMigrator.VersionTable} (version, name) VALUES ({PostgresGcStore.LatestSchemaVersion + 1}, '9999_future')");

        Assert.Throws<SafetyRefusalException>(() => store.AddRoot(Tools, 2_000));
        Assert.Empty(store.ListRoots());
    }

    [PostgresFact]
    public void Open_ReportsUnreachableServer_NamingItWithoutPassword()
    {
        // Port 1 (tcpmux) is privileged and unused: a free port chosen at run time could be taken by a
        // PostgreSQL server another test run on this machine starts meanwhile.
        var url = "postgresql://gctool:s3cret@127.0.0.1:1/postgres?connect_timeout=3";

        var error = Assert.Throws<GcToolException>(() => PostgresGcStore.Open(url));

        Assert.Equal(ExitCode.Failure, error.ExitCode);
        Assert.Contains("127.0.0.1", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [PostgresFact]
    public void Open_ByUrl_UsesTheSchemaParameter()
    {
        var schema = Server.CreateSchema();

        using (var store = PostgresGcStore.Open(Server.Url(schema: schema)))
            store.AddRoot(Projects, 1_000);

        Assert.Equal(1L, Convert.ToInt64(Server.Scalar($"SELECT count(*) FROM {schema}.roots")));
    }

    private Npgsql.NpgsqlConnection OpenConnection(string schema)
    {
        var connection = new Npgsql.NpgsqlConnection(Server.Settings(schema: schema).ConnectionString);
        connection.Open();
        return connection;
    }
}
