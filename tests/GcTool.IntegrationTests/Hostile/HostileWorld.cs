using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using GcTool.Cli;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>One gctool invocation: exit code, streams, and stdout parsed as the one JSON object it prints.</summary>
internal sealed record CliRun(int Exit, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public IReadOnlyList<(string Path, string Reason)> Skipped(string property = "skipped")
    {
        var json = Json;
        var scan = json.TryGetProperty("scan", out var nested) ? nested : json;
        return scan.GetProperty(property).EnumerateArray()
            .Select(s => (s.GetProperty("path").GetString()!, s.GetProperty("reason").GetString()!)).ToList();
    }

    public IReadOnlyList<string> DeletedIds() =>
        Json.GetProperty("plan").EnumerateArray()
            .Where(i => i.GetProperty("state").GetString() == "deleted")
            .Select(i => i.GetProperty("id").GetString()!).ToList();

    public override string ToString() => $"exit {Exit}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>
/// A temp directory holding a uv cache, a database outside it, and room for roots and canaries;
/// runs the real CLI in-process (<see cref="GcToolApp.Run(string[], TextWriter, TextWriter, IDictionary{string, string?})"/>).
/// </summary>
internal sealed class HostileWorld : IDisposable
{
    public TempDirectory Temp { get; } = TempDirectory.Create("gctool-hostile-");
    public UvCacheBuilder Cache { get; }
    public string Database { get; }

    public HostileWorld()
    {
        Cache = UvCacheBuilder.Create(Temp.Combine("cache"));
        Database = Temp.Combine("state", "gctool.sqlite3");
    }

    public string Dir(params string[] parts) => Temp.CreateDirectory(parts);

    /// <summary>Runs gctool with <c>--json --cache-dir &lt;cache&gt; --db &lt;db&gt;</c> prepended.</summary>
    public CliRun Run(params string[] args) => RunRaw(["--json", "--cache-dir", Cache.Root, "--db", Database, .. args]);

    public CliRun RunRaw(params string[] args) => RunWith(host => host, args);

    /// <summary>Runs with the real host, adjusted by <paramref name="adjust"/> (e.g. a store that waits less on a lock).</summary>
    public CliRun RunWith(Func<CliHost, CliHost> adjust, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["HOME"] = Temp.Path };
        var host = adjust(CliHost.Real(stdout, stderr, env, stdoutIsTerminal: false, CancellationToken.None));
        var exit = GcToolApp.Run(args, host);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Runs the built gctool as user <c>nobody</c> (setpriv), so permission bits apply: tests run as
    /// root, which reads any directory. Makes the whole world readable and writable to everyone first,
    /// except directories the test closed (mode 000).
    /// </summary>
    public CliRun RunAsNobody(params string[] args) => RunAsNobody(() => { }, args);

    /// <param name="afterChmod">Runs after the world is opened up, before gctool starts (to close one thing again).</param>
    public CliRun RunAsNobody(Action afterChmod, params string[] args)
    {
        var closed = FileTree.Walk(Temp.Path).Where(p => FileTree.KindOf(p) == FileKind.Directory && UnixModes.Get(p) == 0).ToList();
        ProcessRunner.RunChecked("chmod", "-R", "a+rwX", Temp.Path);
        foreach (var path in closed) UnixModes.Set(path, 0);
        afterChmod();
        var dll = Path.Combine(AppContext.BaseDirectory, "gctool.dll");
        var result = ProcessRunner.Run("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "env", $"HOME={Temp.Path}", "dotnet", dll,
             "--json", "--cache-dir", Cache.Root, "--db", Database, .. args],
            workingDirectory: Temp.Path);
        return new CliRun(result.ExitCode, result.StdOut, result.StdErr);
    }


    /// <summary>A minimal environment: <c>pyvenv.cfg</c> plus a site-packages directory.</summary>
    public static string FakeVenv(string path)
    {
        Directory.CreateDirectory(Path.Combine(path, "lib", "python3.11", "site-packages"));
        File.WriteAllText(Path.Combine(path, "pyvenv.cfg"), "home = /usr/bin\nversion_info = 3.11.9\n");
        return path;
    }

    /// <summary>Links one file of <paramref name="entry"/> into <paramref name="venv"/>'s site-packages, as uv's symlink mode does.</summary>
    public static string LinkInto(string venv, ArchiveEntry entry, string name = "mod.py")
    {
        var target = Directory.EnumerateFiles(entry.Path, "*", SearchOption.AllDirectories).First();
        var link = Path.Combine(venv, "lib", "python3.11", "site-packages", name);
        File.CreateSymbolicLink(link, target);
        return link;
    }

    /// <summary>
    /// Everything under <paramref name="root"/> by lstat, one line per path: kind, link target, and for
    /// files size, inode and mtime (a directory's mtime moves when a child goes, so it is left out).
    /// Paths under <paramref name="except"/> are left out, and so is gctool's own run lock
    /// (<c>.gctool-trash/.lock</c>, which every real gc creates). Equal snapshots mean untouched.
    /// </summary>
    public static string Snapshot(string root, params string[] except)
    {
        var sb = new StringBuilder();
        foreach (var path in FileTree.Walk(root).Order(StringComparer.Ordinal))
        {
            if (except.Any(e => path == e || path.StartsWith(e + "/", StringComparison.Ordinal))) continue;
            var s = FileTree.LStat(path);
            if (IsRunLock(path, s)) continue;
            sb.Append(path).Append(' ').Append(s.Kind);
            if (s.Kind == FileKind.Symlink) sb.Append(" -> ").Append(new FileInfo(path).LinkTarget);
            if (s.Kind == FileKind.File) sb.Append(' ').Append(s.Size).Append(' ').Append(s.Inode).Append(' ').Append(s.ModifiedNs);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static bool IsRunLock(string path, FileStatus s) =>
        (s.Kind == FileKind.Directory && path.EndsWith("/.gctool-trash", StringComparison.Ordinal))
        || (s.Kind == FileKind.File && path.EndsWith("/.gctool-trash/.lock", StringComparison.Ordinal));

    /// <summary>A directory outside the cache with files, to prove gc never reaches it.</summary>
    public string Canary(string name = "canary")
    {
        var dir = Dir(name);
        File.WriteAllText(Path.Combine(dir, "precious.txt"), "do not delete");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "sub", "also.txt"), "do not delete either");
        return dir;
    }

    /// <summary>Creates a file whose name is raw bytes (not valid UTF-8), which .NET cannot spell.</summary>
    public static void CreateFileWithRawName(string directory, byte[] name, bool directoryToo = false)
    {
        var bytes = Encoding.UTF8.GetBytes(directory + "/").Concat(name).Append((byte)0).ToArray();
        var rc = directoryToo ? NativeMkdir(bytes, 0x1ed) : NativeCreat(bytes, 0x1a4);
        if (rc < 0) throw new IOException($"cannot create raw-named path in {directory}: errno {Marshal.GetLastPInvokeError()}");
        if (!directoryToo) NativeClose(rc);
    }

    /// <summary>symlink(2) with a raw-byte link name.</summary>
    public static void CreateSymlinkWithRawName(string directory, byte[] name, string target)
    {
        var path = Encoding.UTF8.GetBytes(directory + "/").Concat(name).Append((byte)0).ToArray();
        var t = Encoding.UTF8.GetBytes(target).Append((byte)0).ToArray();
        if (NativeSymlink(t, path) != 0) throw new IOException($"symlink failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>link(2).</summary>
    public static void Hardlink(string existing, string newPath)
    {
        if (NativeLink(existing, newPath) != 0) throw new IOException($"link {existing} {newPath}: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int NativeMkdir(byte[] path, uint mode);

    [DllImport("libc", EntryPoint = "creat", SetLastError = true)]
    private static extern int NativeCreat(byte[] path, uint mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int NativeClose(int fd);

    [DllImport("libc", EntryPoint = "symlink", SetLastError = true)]
    private static extern int NativeSymlink(byte[] target, byte[] path);

    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int NativeLink([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);

    /// <summary>Deletes with <c>rm -rf</c>: raw-byte names defeat .NET's own enumeration.</summary>
    public void Dispose()
    {
        ProcessRunner.Run("rm", ["-rf", Temp.Path]);
    }
}
