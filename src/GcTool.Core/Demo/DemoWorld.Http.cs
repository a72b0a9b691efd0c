using System.Buffers.Binary;
using System.Text;

namespace GcTool.Core.Demo;

public sealed partial class DemoWorld
{
    /// <summary>
    /// <c>&lt;KEY&gt;.http</c> as uv ≥0.12.2 writes it: msgpack(<c>Archive</c> map {id, hashes, filename,
    /// version, size}) ‖ cache policy ‖ u64 LE policy length (uv-cache-spec.md §3). The policy is rkyv
    /// in uv; nothing reads it here, so it is opaque bytes of the right shape.
    /// </summary>
    private static byte[] HttpPointer(DemoWheel wheel, string id)
    {
        var archive = new List<byte> { 0x85 };
        Str(archive, "id"); Str(archive, id);
        Str(archive, "hashes"); archive.Add(0x90);
        Str(archive, "filename"); Str(archive, $"{wheel.Module}-{wheel.CacheKey}.whl");
        Str(archive, "version"); Str(archive, wheel.Version);
        Str(archive, "size"); archive.Add(0xcd); archive.Add(0x04); archive.Add(0x00); // 1024, as uint16
        var policy = Encoding.ASCII.GetBytes("gctool-demo-cache-policy");
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)policy.Length);
        return [.. archive, .. policy, .. length];
    }

    private static void Str(List<byte> buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length < 32) buffer.Add((byte)(0xa0 | bytes.Length));
        else { buffer.Add(0xd9); buffer.Add((byte)bytes.Length); }
        buffer.AddRange(bytes);
    }
}
