using System.Runtime.InteropServices;
using System.Text;
using GcTool.IntegrationTests.Hostile;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Names;

/// <summary>
/// A venv nested deeper than PATH_MAX (4096 bytes): every path-taking syscall refuses its path
/// (ENAMETOOLONG), so it is built, and must be found and read, relative to directory handles.
/// Before, it was invisible and gc deleted the entry it uses.
/// </summary>
public sealed class DeepPathTests : IDisposable
{
    private const int OCreat = 0x40, OWrOnly = 1, OCloExec = 0x80000;
    private static readonly int ODirectory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x4000 : 0x10000;

    private readonly HostileWorld _world = new();
    private readonly ArchiveEntry _entry;
    private readonly string _root;
    private readonly string _venv;

    public DeepPathTests()
    {
        _entry = _world.Cache.PersistWheel(Wheel.Named("foo", "1.0").WithModule("foo/__init__.py"));
        _root = _world.Dir("root");
        // 24 levels of 200 bytes: 4,800 bytes below the root, beyond PATH_MAX.
        var levels = Enumerable.Range(0, 24).Select(i => $"{i:d2}" + new string('d', 198)).ToArray();
        _venv = string.Join('/', [_root, .. levels, "venv"]);
        BuildVenvByHandle([.. levels, "venv"], RawPaths.FileOf(_entry));
    }

    public void Dispose()
    {
        RawPaths.DeleteTree(_world.Temp.Path);
        _world.Dispose();
    }

    [Fact]
    public void Gc_KeepsTheEntry_OfAVenvDeeperThanPathMax()
    {
        Assert.True(Encoding.UTF8.GetByteCount(_venv) > 4096);
        var scan = _world.Run("scan", _root);
        Assert.True(scan.Exit == 0, scan.ToString());

        var gc = _world.Run("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.Empty(gc.DeletedIds());
        Assert.True(_entry.Exists);
    }

    [Fact]
    public void Scan_RecordsTheReference_OfAVenvDeeperThanPathMax()
    {
        var scan = _world.Run("scan", _root);

        Assert.True(scan.Exit == 0, scan.ToString());
        Assert.Empty(scan.Skipped());
        var audit = _world.Run("audit", "entry", _entry.Id);
        var user = Assert.Single(audit.Json.GetProperty("users").EnumerateArray());
        Assert.Equal(_venv, user.GetProperty("environment").GetString());
        Assert.Equal(_venv + "/lib/python3.11/site-packages/mod.py", user.GetProperty("sample_file").GetString());
    }

    /// <summary>mkdirat and openat one level at a time from the root's descriptor, then the venv's files relative to the last one.</summary>
    private void BuildVenvByHandle(string[] levels, string target)
    {
        var fd = Check(Open(Z(_root), ODirectory | OCloExec, 0), "open root");
        foreach (var name in levels.Concat(["lib", "python3.11", "site-packages"]))
        {
            if (name == "lib")
            {
                var cfg = Check(OpenAt(fd, Z("pyvenv.cfg"), OCreat | OWrOnly | OCloExec, 0x1a4), "pyvenv.cfg");
                var text = Encoding.UTF8.GetBytes("home = /usr/bin\nversion_info = 3.11.9\n");
                Write(cfg, text, text.Length);
                Close(cfg);
            }
            Check(MkdirAt(fd, Z(name), 0x1ed), $"mkdirat {name}");
            var next = Check(OpenAt(fd, Z(name), ODirectory | OCloExec, 0), $"openat {name}");
            Close(fd);
            fd = next;
        }
        Check(SymlinkAt(Z(target), fd, Z("mod.py")), "symlinkat");
        Close(fd);
    }

    private static byte[] Z(string s) => [.. Encoding.UTF8.GetBytes(s), 0];

    private static int Check(int result, string what) =>
        result >= 0 ? result : throw new IOException($"{what}: errno {Marshal.GetLastPInvokeError()}");

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static extern int OpenAt(int dirfd, byte[] path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    private static extern int MkdirAt(int dirfd, byte[] path, uint mode);

    [DllImport("libc", EntryPoint = "symlinkat", SetLastError = true)]
    private static extern int SymlinkAt(byte[] target, int dirfd, byte[] link);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
