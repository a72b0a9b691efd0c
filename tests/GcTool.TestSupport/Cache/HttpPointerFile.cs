using System.Buffers.Binary;

namespace GcTool.TestSupport;

/// <summary>
/// uv's <c>.http</c> layout: msgpack(payload) ‖ cache policy ‖ u64 LE policy length
/// (crates/uv-client/src/cached_client.rs). The payload is an <c>Archive</c> map
/// <c>{id, hashes, filename, version, size}</c> (uv ≥ 0.12.2) for wheel pointers, or a
/// <c>Revision</c> map <c>{id, hashes, size}</c> for <c>revision.http</c>.
/// </summary>
/// <remarks>
/// The nested encodings (hashes, filename) and the rkyv policy bytes are not uv's exactly
/// (the spec marks them UNVERIFIED); the id is a plain msgpack string, so anything that searches
/// the bytes for an id finds it, and <see cref="TryReadId"/> reads it back.
/// </remarks>
public static class HttpPointerFile
{
    private static readonly byte[] OpaquePolicy = "gctool-sim-policy-rkyv-stand-in"u8.ToArray();

    public static byte[] ForArchive(string id, WheelSpec spec) => Frame(new MsgPack.Writer()
        .Map(5)
        .Str("id").Str(id)
        .Str("hashes").Array(0)
        .Str("filename").Str(spec.FileName)
        .Str("version").UInt(0)
        .Str("size").UInt(4096)
        .ToArray());

    public static byte[] ForRevision(string revision) => Frame(new MsgPack.Writer()
        .Map(3)
        .Str("id").Str(revision)
        .Str("hashes").Array(0)
        .Str("size").Nil()
        .ToArray());

    /// <summary>The <c>id</c> field of a file written by this class, or null if it cannot be read.</summary>
    public static string? TryReadId(byte[] bytes)
    {
        try
        {
            if (bytes.Length < 8) return null;
            var policyLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));
            var payloadLength = bytes.Length - 8 - (long)policyLength;
            return payloadLength <= 0 ? null : MsgPack.ReadMapString(bytes.AsSpan(0, (int)payloadLength), "id");
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static byte[] Frame(byte[] payload)
    {
        var result = new byte[payload.Length + OpaquePolicy.Length + 8];
        payload.CopyTo(result, 0);
        OpaquePolicy.CopyTo(result, payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(result.Length - 8), (ulong)OpaquePolicy.Length);
        return result;
    }
}
