using GcTool.Core.Store;
using GcTool.Store.Postgres;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>
/// One PostgreSQL server for every test in the <c>postgres</c> collection, started on first use and
/// stopped when the run ends. Tests get isolation from a fresh schema each (<see cref="PostgresServer.CreateSchema"/>).
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lazy<PostgresServer> server = new(PostgresServer.Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running server; when none can be started, skips the calling test with the reason.</summary>
    public PostgresServer Server
    {
        get
        {
            try
            {
                return server.Value;
            }
            catch (PostgresUnavailableException e)
            {
                throw new InvalidOperationException($"no PostgreSQL server could be started, although the binaries are here: {e.Message}", e);
            }
        }
    }

    public void Dispose()
    {
        if (server.IsValueCreated) server.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
