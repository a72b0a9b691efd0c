using GcTool.Core.Errors;
using Npgsql;

namespace GcTool.Store.Postgres;

/// <summary>
/// A <c>postgresql://</c> (or <c>postgres://</c>) URL as libpq spells it, turned into an Npgsql
/// connection string: <c>postgresql://[user[:password]@]host[:port][/database][?key=value&amp;…]</c>.
/// </summary>
/// <remarks>
/// Query keys are libpq's where Npgsql differs (<c>sslmode</c>, <c>connect_timeout</c>,
/// <c>application_name</c>, <c>options</c>), plus <c>schema</c> for the search path, so one server
/// database can hold several gctool schemas; any other key is passed to Npgsql as a connection
/// string keyword. A password may also come from <c>PGPASSWORD</c> or <c>~/.pgpass</c>, which Npgsql
/// reads itself, so it need not appear on the command line.
/// </remarks>
public static class PostgresUrl
{
    public static bool IsPostgresUrl(string value) =>
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>libpq's compiled-in socket directory on Debian and Ubuntu, where the server packages put it.</summary>
    public const string DebianSocketDirectory = "/var/run/postgresql";

    /// <summary>The connection string for <paramref name="url"/>; a malformed URL is a usage error.</summary>
    /// <param name="pgHost">The value of <c>PGHOST</c>, used as libpq uses it when the URL names no host.</param>
    public static NpgsqlConnectionStringBuilder Parse(string url, string? pgHost = null)
    {
        if (!IsPostgresUrl(url)) throw new UsageException($"'{Redact(url)}' is not a postgresql:// URL");
        var (userInfo, host, port, database, query) = Split(url);

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port ?? 5432,
            Database = database.Length > 0 ? database : "postgres",
            ApplicationName = "gctool",
            // One connection per store for its whole life: a pooled, broken connection would outlive a server restart.
            Pooling = false,
            Timeout = 15,
            MaxAutoPrepare = 32,
        };
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            try
            {
                switch (key)
                {
                    case "schema" or "search_path": builder.SearchPath = value; break;
                    case "sslmode": builder.SslMode = ParseSslMode(value); break;
                    case "connect_timeout": builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "application_name": builder.ApplicationName = value; break;
                    case "options": builder.Options = value; break;
                    // libpq takes any connection parameter as a query key; these are the ones its URLs carry most.
                    case "host": builder.Host = value; break;
                    case "port": builder.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "user": builder.Username = value; break;
                    case "password": builder.Password = value; break;
                    case "dbname": builder.Database = value; break;
                    default: builder[key] = value; break;
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or KeyNotFoundException)
            {
                throw new UsageException($"--db {Redact(url)}: query parameter '{key}' is not understood ({e.Message})");
            }
        }
        // No host anywhere: libpq reads PGHOST, then uses its Unix socket directory.
        if (string.IsNullOrEmpty(builder.Host))
            builder.Host = !string.IsNullOrEmpty(pgHost) ? pgHost : Directory.Exists(DebianSocketDirectory) ? DebianSocketDirectory : "/tmp";
        return builder;
    }

    /// <remarks>
    /// By hand rather than with <see cref="Uri"/>: libpq URLs may leave the host empty
    /// (<c>postgresql:///db?host=/var/run/postgresql</c>) or percent-encode a socket directory in it
    /// (<c>postgresql://%2Fvar%2Frun%2Fpostgresql/db</c>), which <see cref="Uri"/> refuses or rewrites.
    /// </remarks>
    private static (string UserInfo, string Host, int? Port, string Database, string Query) Split(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var question = rest.IndexOf('?');
        var query = question < 0 ? "" : rest[(question + 1)..];
        if (question >= 0) rest = rest[..question];
        var slash = rest.IndexOf('/');
        var database = slash < 0 ? "" : Uri.UnescapeDataString(rest[(slash + 1)..]);
        var authority = slash < 0 ? rest : rest[..slash];
        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? "" : authority[..at];
        var hostPort = at < 0 ? authority : authority[(at + 1)..];

        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0) throw Malformed(url);
            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':') throw Malformed(url);
                portText = after[1..];
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            if (colon >= 0) portText = hostPort[(colon + 1)..];
        }
        int? port = null;
        if (!string.IsNullOrEmpty(portText))
        {
            if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw Malformed(url);
            port = p;
        }
        if (host.Contains(',')) throw new UsageException($"--db {Redact(url)}: several hosts in one URL are not supported; name one");
        return (userInfo, Uri.UnescapeDataString(host), port, database, query);
    }

    private static UsageException Malformed(string url) =>
        new($"--db {Redact(url)} is not a valid URL; expected postgresql://USER@HOST:PORT/DATABASE or postgresql:///DATABASE?host=/var/run/postgresql");

    /// <remarks>By name, not Enum.Parse: libpq's spellings (verify-full) and no reflection under Native AOT.</remarks>
    private static SslMode ParseSslMode(string value) => value switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw new FormatException($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
    };

    /// <summary>The server and database a connection string names, for messages: never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgresql://{(string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@")}{builder.Host}:{builder.Port}/{builder.Database}" +
        (string.IsNullOrEmpty(builder.SearchPath) ? "" : $"?schema={builder.SearchPath}");

    /// <summary>The URL with any password replaced, safe to print.</summary>
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@');
        if (scheme < 0 || at < 0) return url;
        var colon = url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}
