using GcTool.Core.Store;
using GcTool.Store.Sqlite;

namespace GcTool.IntegrationTests.Store;

/// <summary>The store contract against a real SQLite file in a temp directory.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDirectory directory = new();

    protected override IGcStore CreateStore() => SqliteGcStore.Open(directory.File("gctool.db"));

    protected override IGcStore OpenAsHost(string hostId) => SqliteGcStore.Open(directory.File("gctool.db"), hostId);

    public override void Dispose()
    {
        base.Dispose();
        directory.Dispose();
    }
}
