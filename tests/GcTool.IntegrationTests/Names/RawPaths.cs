using System.Runtime.InteropServices;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Names;

/// <summary>
/// Builds trees whose names are bytes that are not valid UTF-8, which .NET's own file APIs cannot spell:
/// paths are strings in gctool's <see cref="OsPath"/> form (a byte 0xNN that is not UTF-8 is U+DCNN) and
/// reach libc as their exact bytes.
/// </summary>
internal static class RawPaths
{
    /// <summary>"\xNN": the string that stands for the single byte 0xNN (0x80-0xFF) in a name.</summary>
    public static string Byte(byte b) => OsPath.Decode([b]);

    public static void CreateDirectories(string path)
    {
        var at = 0;
        while ((at = path.IndexOf('/', at + 1)) > 0) Mkdir(path[..at]);
        Mkdir(path);
    }

    public static void WriteFile(string path, string content)
    {
        var fd = Creat(OsPath.EncodeZ(path), 0x1a4);
        if (fd < 0) throw new IOException($"creat {path}: errno {Marshal.GetLastPInvokeError()}");
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        if (Write(fd, bytes, bytes.Length) != bytes.Length) throw new IOException($"write {path}");
        Close(fd);
    }

    public static void Symlink(string target, string link)
    {
        if (NativeSymlink(OsPath.EncodeZ(target), OsPath.EncodeZ(link)) != 0)
            throw new IOException($"symlink {link}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>A minimal venv (pyvenv.cfg and site-packages) at a path .NET cannot spell.</summary>
    public static string FakeVenv(string path)
    {
        CreateDirectories(SitePackages(path));
        WriteFile(path + "/pyvenv.cfg", "home = /usr/bin\nversion_info = 3.11.9\n");
        return path;
    }

    public static string SitePackages(string venv) => venv + "/lib/python3.11/site-packages";

    /// <summary>The first file of <paramref name="entry"/>, as a venv's link would name it.</summary>
    public static string FileOf(ArchiveEntry entry) => Directory.EnumerateFiles(entry.Path, "*", SearchOption.AllDirectories).First();

    /// <summary>Deletes a tree whatever its names or depth (GNU rm walks by directory handle).</summary>
    public static void DeleteTree(string path) => ProcessRunner.Run("rm", ["-rf", "--one-file-system", "--", path]);

    private static void Mkdir(string path)
    {
        if (NativeMkdir(OsPath.EncodeZ(path), 0x1ed) != 0 && Marshal.GetLastPInvokeError() != 17)
            throw new IOException($"mkdir {path}: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int NativeMkdir(byte[] path, uint mode);

    [DllImport("libc", EntryPoint = "creat", SetLastError = true)]
    private static extern int Creat(byte[] path, uint mode);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "symlink", SetLastError = true)]
    private static extern int NativeSymlink(byte[] target, byte[] link);
}
