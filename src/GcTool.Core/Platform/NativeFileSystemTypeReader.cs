using System.Runtime.InteropServices;

namespace GcTool.Core.Platform;

/// <summary>statfs(2) through libc.</summary>
/// <remarks>
/// <c>f_type</c> is the first member of <c>struct statfs</c> and a machine word (<c>__fsword_t</c>) on
/// every 64-bit Linux ABI, so only that word is read; the buffer is larger than the whole struct
/// (120 bytes on x86-64 and arm64).
/// </remarks>
public sealed unsafe partial class NativeFileSystemTypeReader : IFileSystemTypeReader
{
    public static readonly NativeFileSystemTypeReader Instance = new();

    private const int StatfsSize = 256;

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    private static partial int Statfs(string path, byte* buffer);

    public long? TryFileSystemType(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        byte* buffer = stackalloc byte[StatfsSize];
        if (Statfs(path, buffer) != 0) return null;
        return *(long*)buffer;
    }
}
