using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>
/// A real, throw-away PostgreSQL server: <c>initdb</c> into a temp directory, <c>pg_ctl start</c> on
/// 127.0.0.1 and a free port, trust authentication for the user <c>gctool</c>, and
/// <c>pg_ctl stop -m immediate</c> plus removal of the directory on dispose.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so under root the server runs as the <c>postgres</c> user (Debian's
/// package creates it) through <c>runuser</c>. fsync and full page writes are off (the OS keeps what
/// the server wrote, which is all a stopped server needs); commits stay synchronous, because the
/// failover test stops the server with <c>-m immediate</c> and must not lose committed work. When no server can be started, <see cref="Start"/> throws
/// <see cref="PostgresUnavailableException"/> and the tests using it are skipped with its reason.
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    public const string User = "gctool";

    private readonly string directory;
    private readonly string? runAs;
    private readonly string binDir;

    private PostgresServer(string directory, string binDir, string? runAs, int port)
    {
        this.directory = directory;
        this.binDir = binDir;
        this.runAs = runAs;
        Port = port;
    }

    public int Port { get; private set; }

    public string DataDirectory => Path.Combine(directory, "data");

    /// <summary>Why no server can be started here, found without starting one (binaries, a user to run them as); null when one should start.</summary>
    public static string? AvailabilityProblem()
    {
        if (Environment.GetEnvironmentVariable("GCTOOL_TEST_POSTGRES") == "off") return "disabled by GCTOOL_TEST_POSTGRES=off";
        if (FindBinDirectory() is null)
            return "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; install the Debian package `postgresql` (.ci/run does)";
        if (Environment.IsPrivilegedProcess && Run("id", ["-u", "postgres"], null).ExitCode != 0)
            return "running as root, which initdb refuses, and there is no `postgres` user to run the server as";
        return null;
    }

    /// <summary>Initialises and starts a new server; throws <see cref="PostgresUnavailableException"/> when that is impossible here.</summary>
    public static PostgresServer Start()
    {
        if (AvailabilityProblem() is { } problem) throw new PostgresUnavailableException(problem);
        var binDir = FindBinDirectory()!;
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;

        var directory = Directory.CreateTempSubdirectory("gctool-pg-").FullName;
        if (runAs is not null) Run("chown", [runAs, directory], null).ThrowIfFailed("chown");
        var server = new PostgresServer(directory, binDir, runAs, FreePort());
        try
        {
            server.Tool("initdb", ["-D", server.DataDirectory, "-A", "trust", "-U", User, "-E", "UTF8", "--locale=C", "--no-sync"])
                .ThrowIfFailed("initdb", unavailable: true);
            server.StartOnAFreePort();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The port was free when chosen, but another test run on this machine (two suites at once) may
    /// take it before the server binds it: then the server is started again on another free port.
    /// </summary>
    private void StartOnAFreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            var log = Path.Combine(directory, "server.log");
            var result = TryStartServer();
            if (result.ExitCode == 0) return;
            var taken = File.Exists(log) && File.ReadAllText(log).Contains("could not bind", StringComparison.OrdinalIgnoreCase);
            if (!taken || attempt == 5) result.ThrowIfFailed("pg_ctl start", unavailable: true, log: log);
            File.Delete(log);
            Port = FreePort();
        }
    }

    /// <summary>(Re)starts the stopped server on its port.</summary>
    public void StartServer() =>
        TryStartServer().ThrowIfFailed("pg_ctl start", unavailable: true, log: Path.Combine(directory, "server.log"));

    private ToolResult TryStartServer()
    {
        var options = $"-p {Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off " +
                      "-c max_connections=300 -c shared_buffers=32MB";
        // -t is a safety net far above need: a loaded machine can take long to start a server.
        return Tool("pg_ctl", ["-D", DataDirectory, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "300", "start"]);
    }

    /// <summary>Stops the server at once, as a crash or a power cut would (<c>pg_ctl stop -m immediate</c>).</summary>
    public void StopImmediately() => Tool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]).ThrowIfFailed("pg_ctl stop");

    public NpgsqlConnectionStringBuilder Settings(string database = "postgres", string? schema = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        SearchPath = schema,
        Pooling = false,
        Timeout = 15,
    };

    /// <summary>The <c>--db</c> URL of a database (and schema) on this server.</summary>
    public string Url(string database = "postgres", string? schema = null) =>
        $"postgresql://{User}@127.0.0.1:{Port}/{database}" + (schema is null ? "" : $"?schema={schema}");

    /// <summary>A new, empty schema with a unique name: each test gets its own gctool schema.</summary>
    public string CreateSchema()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        Execute($"CREATE SCHEMA {name}");
        return name;
    }

    public void Execute(string sql, string? schema = null)
    {
        using var connection = new NpgsqlConnection(Settings(schema: schema).ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, string? schema = null)
    {
        using var connection = new NpgsqlConnection(Settings(schema: schema).ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            Tool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private ToolResult Tool(string name, IReadOnlyList<string> args)
    {
        var path = Path.Combine(binDir, name);
        return runAs is null ? Run(path, args, directory) : Run("runuser", ["-u", runAs, "--", path, .. args], directory);
    }

    private static string? FindBinDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                // Debian puts symlinks on PATH; the real directory also holds `postgres`.
                var target = new FileInfo(Path.Combine(dir, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
                var real = target is null ? dir : Path.GetDirectoryName(target.FullName) ?? dir;
                return real;
            }
        }
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ToolResult Run(string file, IReadOnlyList<string> args, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var arg in args) info.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return new ToolResult(file, process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ToolResult(file, 127, e.Message);
        }
    }

    private sealed record ToolResult(string File, int ExitCode, string Output)
    {
        public ToolResult ThrowIfFailed(string what, bool unavailable = false, string? log = null)
        {
            if (ExitCode == 0) return this;
            var logText = log is not null && System.IO.File.Exists(log) ? System.IO.File.ReadAllText(log) : "";
            var message = $"{what} failed with exit code {ExitCode}: {Output.Trim()} {logText.Trim()}".Trim();
            throw unavailable ? new PostgresUnavailableException(message) : new InvalidOperationException(message);
        }
    }
}

/// <summary>No PostgreSQL server can be started on this machine; the message says why.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
