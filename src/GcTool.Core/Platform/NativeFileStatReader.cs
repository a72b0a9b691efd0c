using System.Runtime.InteropServices;

namespace GcTool.Core.Platform;

/// <summary>
/// lstat and realpath through libc. We call <c>statx(2)</c> rather than <c>lstat</c> because
/// <c>struct statx</c> has one layout on every Linux architecture, while <c>struct stat</c> differs
/// between x86-64 and arm64.
/// </summary>
public sealed unsafe partial class NativeFileStatReader : IFileStatReader
{
    public static readonly NativeFileStatReader Instance = new();

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    internal const int StatxSize = 256;

    // Offsets in struct statx (include/uapi/linux/stat.h).
    private const int OffAttributes = 8, OffAttributesMask = 56;
    private const ulong StatxAttrMountRoot = 0x2000;
    private const int OffUid = 20;
    private const int OffNlink = 16, OffMode = 28, OffIno = 32, OffSize = 40;
    private const int OffCtime = 96, OffMtime = 112, OffDevMajor = 136, OffDevMinor = 140;

    private const int SIfMt = 0xF000, SIfDir = 0x4000, SIfReg = 0x8000, SIfLnk = 0xA000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    private static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int StatxAt(int dirfd, byte* name, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    /// <summary>geteuid(2): the user whose files <see cref="FileStatus.OwnerId"/> is compared with.</summary>
    public static uint EffectiveUserId => GetEuid();

    public FileStatus? TryLStat(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0) return Decode(buffer);
        if (Marshal.GetLastPInvokeError() != LongPath.ENameTooLong) return null;
        // Deeper than PATH_MAX: stat the last name relative to its directory, opened in pieces.
        using var parent = LongPath.OpenParent(path, out var name, out _);
        if (parent is null) return null;
        fixed (byte* n = name)
            return StatxAt((int)parent.DangerousGetHandle(), n, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0 ? Decode(buffer) : null;
    }

    public string? TryRealPath(string path)
    {
        var resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try { return OsPath.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)resolved)); }
        finally { Free(resolved); }
    }

    internal static FileStatus Decode(byte* b)
    {
        var mode = *(ushort*)(b + OffMode);
        var kind = (mode & SIfMt) switch
        {
            SIfDir => FileKind.Directory,
            SIfReg => FileKind.File,
            SIfLnk => FileKind.Symlink,
            _ => FileKind.Other,
        };
        var device = ((ulong)*(uint*)(b + OffDevMajor) << 32) | *(uint*)(b + OffDevMinor);
        // Linux 5.8+ fills the attribute (and says so in the mask) on every statx, at no extra cost.
        var mountRoot = (*(ulong*)(b + OffAttributesMask) & StatxAttrMountRoot) != 0 && (*(ulong*)(b + OffAttributes) & StatxAttrMountRoot) != 0;
        return new FileStatus(
            kind,
            device,
            *(ulong*)(b + OffIno),
            *(uint*)(b + OffNlink),
            (long)*(ulong*)(b + OffSize),
            TimestampNs(b + OffMtime),
            TimestampNs(b + OffCtime)) { IsMountRoot = mountRoot, OwnerId = *(uint*)(b + OffUid) };
    }

    private static long TimestampNs(byte* ts) => *(long*)ts * 1_000_000_000L + *(uint*)(ts + 8);
}
