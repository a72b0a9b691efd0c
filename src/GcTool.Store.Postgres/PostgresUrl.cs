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

    /// <summary>The connection string for <paramref name="url"/>; a malformed URL is a usage error.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string url)
    {
        if (!IsPostgresUrl(url)) throw new UsageException($"'{Redact(url)}' is not a postgresql:// URL");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new UsageException($"--db {Redact(url)} is not a valid URL; expected postgresql://USER@HOST:PORT/DATABASE");

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
            ApplicationName = "gctool",
            // One connection per store for its whole life: a pooled, broken connection would outlive a server restart.
            Pooling = false,
            Timeout = 15,
            MaxAutoPrepare = 32,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            try
            {
                switch (key)
                {
                    case "schema" or "search_path": builder.SearchPath = value; break;
                    case "sslmode": builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", ""), ignoreCase: true); break;
                    case "connect_timeout": builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "application_name": builder.ApplicationName = value; break;
                    case "options": builder.Options = value; break;
                    default: builder[key] = value; break;
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or KeyNotFoundException)
            {
                throw new UsageException($"--db {Redact(url)}: query parameter '{key}' is not understood ({e.Message})");
            }
        }
        return builder;
    }

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
