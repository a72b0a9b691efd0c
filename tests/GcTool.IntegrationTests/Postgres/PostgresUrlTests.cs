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

    [Fact]
    public void Parse_TakesTheSocketDirectoryFromTheHostQueryKey_WhenTheHostIsEmpty()
    {
        var b = PostgresUrl.Parse("postgresql:///uvcache?host=/var/run/postgresql");

        Assert.Equal(("/var/run/postgresql", 5432, "uvcache"), (b.Host, b.Port, b.Database));
    }

    [Fact]
    public void Parse_ReadsAPercentEncodedSocketDirectoryInTheHost()
    {
        var b = PostgresUrl.Parse("postgresql://gc@%2Frun%2Fpg:5433/uvcache");

        Assert.Equal(("gc", "/run/pg", 5433, "uvcache"), (b.Username, b.Host, b.Port, b.Database));
    }

    [Fact]
    public void Parse_UsesPgHost_WhenTheUrlNamesNoHost() =>
        Assert.Equal("/srv/pg-sockets", PostgresUrl.Parse("postgresql:///uvcache", pgHost: "/srv/pg-sockets").Host);

    [Fact]
    public void Parse_FallsBackToLibpqsSocketDirectory_WhenNothingNamesAHost()
    {
        var expected = Directory.Exists(PostgresUrl.DebianSocketDirectory) ? PostgresUrl.DebianSocketDirectory : "/tmp";

        Assert.Equal(expected, PostgresUrl.Parse("postgres:///uvcache").Host);
    }

    [Fact]
    public void Parse_ReadsLibpqsConnectionKeysFromTheQuery()
    {
        var b = PostgresUrl.Parse("postgresql://?host=db.example&port=6000&user=gc&dbname=uvcache&sslmode=verify-full");

        Assert.Equal(("db.example", 6000, "gc", "uvcache", Npgsql.SslMode.VerifyFull), (b.Host, b.Port, b.Username, b.Database, b.SslMode));
    }

    [Fact]
    public void Parse_ReadsAnIpv6HostAndPort() =>
        Assert.Equal(("::1", 6543), (PostgresUrl.Parse("postgresql://u@[::1]:6543/db").Host, PostgresUrl.Parse("postgresql://u@[::1]:6543/db").Port));

    [Theory]
    [InlineData("postgresql://h:notaport/db")]
    [InlineData("postgresql://h:0/db")]
    [InlineData("postgresql://[::1/db")]
    [InlineData("postgresql://h1,h2/db")]
    public void Parse_RefusesAMalformedAuthority_AsUsageError(string url) =>
        Assert.Throws<UsageException>(() => PostgresUrl.Parse(url));
}
