using System.Buffers.Binary;

namespace GcTool.Core.Store;

/// <summary>
/// An entry's inode numbers as one BLOB: packed little-endian u64, 8 bytes each. One blob per entry
/// instead of one row per file keeps the table small (a cache has millions of files) and lets
/// <c>LoadEntries(withInodes: false)</c> skip the data entirely.
/// </summary>
public static class InodeBlob
{
    public static byte[] Pack(IReadOnlyList<ulong> inodes)
    {
        var blob = new byte[inodes.Count * sizeof(ulong)];
        for (var i = 0; i < inodes.Count; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(i * sizeof(ulong)), inodes[i]);
        return blob;
    }

    public static IReadOnlyList<ulong> Unpack(byte[] blob)
    {
        if (blob.Length % sizeof(ulong) != 0)
            throw new InvalidDataException($"inode list of {blob.Length} bytes is not a whole number of u64 values");
        var inodes = new ulong[blob.Length / sizeof(ulong)];
        for (var i = 0; i < inodes.Length; i++)
            inodes[i] = BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(i * sizeof(ulong)));
        return inodes;
    }
}
