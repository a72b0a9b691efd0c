using GcTool.Store.Sqlite;

namespace GcTool.IntegrationTests.Store;

/// <summary>The audit lookups must stay index searches: a full scan of a large table would make <c>audit</c> slow on a big cache.</summary>
public sealed class SqliteQueryPlanTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    public static TheoryData<string> Lookups => new(LookupSql.Keys);

    private static readonly Dictionary<string, string> LookupSql = new()
    {
        ["UsesOfEnvironment"] = SqliteGcStore.UsesOfEnvironmentSql,
        ["UsersOfEntry"] = SqliteGcStore.UsersOfEntrySql,
        ["FindEntry"] = SqliteGcStore.FindEntrySql,
        ["FindEnvironment"] = SqliteGcStore.FindEnvironmentSql,
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public void Lookup_SearchesIndexes_AndScansNoTable(string lookup)
    {
        var path = directory.File("gctool.db");
        SqliteGcStore.Open(path).Dispose();

        using var connection = SqliteTestDatabase.Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + LookupSql[lookup];
        var details = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) details.Add(reader.GetString(3));

        Assert.NotEmpty(details);
        Assert.All(details, d => Assert.DoesNotMatch(@"^SCAN (e|v|r|entries|environments|env_references)\b", d));
        Assert.Contains(details, d => d.StartsWith("SEARCH", StringComparison.Ordinal));
    }
}
