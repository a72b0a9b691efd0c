using GcTool.Core.Store;
using GcTool.IntegrationTests.Postgres;

namespace GcTool.IntegrationTests.Store;

/// <summary>The store contract against a real PostgreSQL server, one fresh schema per test.</summary>
[Collection(PostgresCollection.Name), RequiresPostgres]
public sealed class PostgresStoreContractTests(PostgresFixture fixture) : StoreContractTests
{
    protected override IGcStore CreateStore() => fixture.OpenNewStore();
}
