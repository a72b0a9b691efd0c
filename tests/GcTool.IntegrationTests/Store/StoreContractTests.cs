using GcTool.Core.Store;

namespace GcTool.IntegrationTests.Store;

/// <summary>
/// The behaviour every <see cref="IGcStore"/> must have, written against the interface only. A
/// backend gets the whole suite by deriving a class that implements <see cref="CreateStore"/>
/// (SQLite now; PostgreSQL later). Backend-specific behaviour (files, schema versions, locking)
/// is tested beside the backend, not here.
/// </summary>
/// <remarks>xunit makes a new instance per test, so every test starts from an empty store.</remarks>
public abstract partial class StoreContractTests : IDisposable
{
    private IGcStore? store;

    /// <summary>A new, empty, migrated store (host <see cref="HostIds.Default"/>). Called at most once per test.</summary>
    protected abstract IGcStore CreateStore();

    /// <summary>A second store on the database <see cref="CreateStore"/> made, speaking for another host. Called after <see cref="Store"/>.</summary>
    protected abstract IGcStore OpenAsHost(string hostId);

    protected IGcStore Store => store ??= CreateStore();

    public virtual void Dispose()
    {
        store?.Dispose();
        GC.SuppressFinalize(this);
    }
}
