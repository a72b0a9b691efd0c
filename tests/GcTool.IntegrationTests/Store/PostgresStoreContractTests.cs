using GcTool.Core.Store;
using GcTool.IntegrationTests.Postgres;
using GcTool.Store.Postgres;

namespace GcTool.IntegrationTests.Store;

/// <summary>The store contract against a real PostgreSQL server, one fresh schema per test.</summary>
[Collection(PostgresCollection.Name), RequiresPostgres]
public sealed class PostgresStoreContractTests(PostgresFixture fixture) : StoreContractTests
{
    private string? schema;

    protected override IGcStore CreateStore()
    {
        schema = fixture.Server.CreateSchema();
        return PostgresGcStore.Open(fixture.Server.Settings(schema: schema));
    }

    protected override IGcStore OpenAsHost(string hostId)
    {
        if (schema is null) _ = Store;
        return PostgresGcStore.Open(fixture.Server.Settings(schema: schema), hostId);
    }
}
