using System.Buffers.Binary;
using System.Text;

namespace GcTool.TestSupport;

/// <summary>
/// Just enough MessagePack to write uv-shaped pointer payloads (maps of strings, ints, nil, arrays)
/// and read a string field back. Not a general codec.
/// </summary>
public static class MsgPack
{
    public sealed class Writer
    {
        private readonly MemoryStream _buffer = new();

        public Writer Map(int count) => Header(count, 0x80, 0xde, 0xdf);
        public Writer Array(int count) => Header(count, 0x90, 0xdc, 0xdd);
        public Writer Nil() => Byte(0xc0);

        public Writer Str(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            if (bytes.Length < 32) Byte((byte)(0xa0 | bytes.Length));
            else if (bytes.Length < 256) Byte(0xd9).Byte((byte)bytes.Length);
            else Byte(0xda).BigEndian16((ushort)bytes.Length);
            _buffer.Write(bytes);
            return this;
        }

        public Writer UInt(ulong value)
        {
            if (value < 128) return Byte((byte)value);
            Byte(0xcf);
            Span<byte> span = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(span, value);
            _buffer.Write(span);
            return this;
        }

        public byte[] ToArray() => _buffer.ToArray();

        private Writer Header(int count, byte fix, byte code16, byte code32)
        {
            if (count < 16) return Byte((byte)(fix | count));
            if (count <= ushort.MaxValue) return Byte(code16).BigEndian16((ushort)count);
            Byte(code32);
            Span<byte> span = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)count);
            _buffer.Write(span);
            return this;
        }

        private Writer BigEndian16(ushort value)
        {
            Span<byte> span = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
            _buffer.Write(span);
            return this;
        }

        private Writer Byte(byte value)
        {
            _buffer.WriteByte(value);
            return this;
        }
    }

    /// <summary>Reads the string value of <paramref name="key"/> in a top-level map, or null.</summary>
    public static string? ReadMapString(ReadOnlySpan<byte> data, string key)
    {
        var position = 0;
        var count = ReadContainerLength(data, ref position, 0x80, 0xde, 0xdf);
        for (var i = 0; i < count; i++)
        {
            var name = ReadStr(data, ref position);
            if (name == key) return ReadStr(data, ref position);
            Skip(data, ref position);
        }
        return null;
    }

    private static int ReadContainerLength(ReadOnlySpan<byte> data, ref int p, byte fix, byte code16, byte code32)
    {
        var b = data[p++];
        if ((b & 0xf0) == fix) return b & 0x0f;
        if (b == code16) { p += 2; return BinaryPrimitives.ReadUInt16BigEndian(data[(p - 2)..]); }
        if (b == code32) { p += 4; return (int)BinaryPrimitives.ReadUInt32BigEndian(data[(p - 4)..]); }
        throw new InvalidDataException($"msgpack: expected a container, found 0x{b:x2}");
    }

    private static string? ReadStr(ReadOnlySpan<byte> data, ref int p)
    {
        var b = data[p++];
        int length;
        if ((b & 0xe0) == 0xa0) length = b & 0x1f;
        else if (b == 0xd9) length = data[p++];
        else if (b == 0xda) { length = BinaryPrimitives.ReadUInt16BigEndian(data[p..]); p += 2; }
        else { p--; Skip(data, ref p); return null; }
        var text = Encoding.UTF8.GetString(data.Slice(p, length));
        p += length;
        return text;
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int p)
    {
        var b = data[p];
        if (b < 0x80 || b == 0xc0 || b == 0xc2 || b == 0xc3 || b >= 0xe0) { p++; return; }
        if ((b & 0xe0) == 0xa0 || b is 0xd9 or 0xda) { ReadStr(data, ref p); return; }
        if (b == 0xcf) { p += 9; return; }
        if ((b & 0xf0) == 0x90 || b is 0xdc or 0xdd)
        {
            var n = ReadContainerLength(data, ref p, 0x90, 0xdc, 0xdd);
            for (var i = 0; i < n; i++) Skip(data, ref p);
            return;
        }
        if ((b & 0xf0) == 0x80 || b is 0xde or 0xdf)
        {
            var n = ReadContainerLength(data, ref p, 0x80, 0xde, 0xdf);
            for (var i = 0; i < 2 * n; i++) Skip(data, ref p);
            return;
        }
        throw new InvalidDataException($"msgpack: unsupported type 0x{b:x2}");
    }
}
