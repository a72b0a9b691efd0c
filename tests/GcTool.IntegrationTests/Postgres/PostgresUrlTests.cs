using GcTool.Core.Errors;
using GcTool.Store.Postgres;

namespace GcTool.IntegrationTests.Postgres;

public sealed class PostgresUrlTests
{
    [Theory]
    [InlineData("postgresql://u@h/db", true)]
    [InlineData("postgres://u@h/db", true)]
    [InlineData("POSTGRESQL://u@h/db", true)]
    [InlineData("/var/lib/gctool/db.sqlite3", false)]
    [InlineData("postgresql.sqlite3", false)]
    public void IsPostgresUrl_RecognisesBothSchemes(string value, bool expected) =>
        Assert.Equal(expected, PostgresUrl.IsPostgresUrl(value));

    [Fact]
    public void Parse_ReadsUserPasswordHostPortDatabaseAndSchema()
    {
        var b = PostgresUrl.Parse("postgresql://gc%40tool:p%3Ass@db.example:6543/caches?schema=team_a&sslmode=require");

        Assert.Equal(("gc@tool", "p:ss", "db.example", 6543, "caches", "team_a"), (b.Username, b.Password, b.Host, b.Port, b.Database, b.SearchPath));
        Assert.Equal(Npgsql.SslMode.Require, b.SslMode);
    }

    [Fact]
    public void Parse_DefaultsPortAndDatabase()
    {
        var b = PostgresUrl.Parse("postgres://db.example");

        Assert.Equal((5432, "postgres"), (b.Port, b.Database));
    }

    [Fact]
    public void Parse_RefusesUnknownQueryKey_AsUsageError() =>
        Assert.Throws<UsageException>(() => PostgresUrl.Parse("postgresql://u@h/db?frobnicate=1"));

    [Fact]
    public void Describe_And_Redact_NeverShowThePassword()
    {
        Assert.DoesNotContain("pw", PostgresUrl.Describe(PostgresUrl.Parse("postgresql://u:pw@h:1/d")));
        Assert.Equal("postgresql://u:***@h:1/d", PostgresUrl.Redact("postgresql://u:pw@h:1/d"));
    }
}
