using System.Runtime.InteropServices;

namespace GcTool.Benchmarks;

/// <summary>The syscalls the generator needs raw: link(2), symlink(2) and flock(2) on a descriptor we own.</summary>
internal static partial class Native
{
    public const int LockSh = 1, LockUn = 8;

    [LibraryImport("libc", EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SymlinkRaw(string target, string linkPath);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkRaw(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    public static void Symlink(string target, string linkPath)
    {
        if (SymlinkRaw(target, linkPath) != 0) throw new IOException($"symlink {linkPath} -> {target}: errno {Marshal.GetLastPInvokeError()}");
    }

    public static void Link(string existing, string newPath)
    {
        if (LinkRaw(existing, newPath) != 0) throw new IOException($"link {newPath} -> {existing}: errno {Marshal.GetLastPInvokeError()}");
    }
}
