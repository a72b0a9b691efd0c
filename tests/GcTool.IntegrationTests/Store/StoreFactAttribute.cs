using Xunit.Sdk;

namespace GcTool.IntegrationTests.Store;

/// <summary>A store contract fact: run against every backend, skipped for a backend that cannot run here (no PostgreSQL server).</summary>
[XunitTestCaseDiscoverer("GcTool.IntegrationTests.Postgres.ConditionalFactDiscoverer", "GcTool.IntegrationTests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>A store contract theory; see <see cref="StoreFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("GcTool.IntegrationTests.Postgres.ConditionalTheoryDiscoverer", "GcTool.IntegrationTests")]
public sealed class StoreTheoryAttribute : TheoryAttribute;
