using System.Text;
using System.Text.Unicode;

namespace GcTool.Core.Platform;

/// <summary>
/// The one lossless mapping between file-system bytes and .NET strings, applied wherever a name or
/// path crosses the native boundary: Python's <c>surrogateescape</c> (PEP 383). Valid UTF-8 decodes as
/// usual; every byte 0x80-0xFF that is not part of valid UTF-8 becomes the lone surrogate
/// U+DC80..U+DCFF, and encoding turns such a surrogate back into exactly that byte.
/// </summary>
/// <remarks>
/// Linux names are bytes, not text: a user can create <c>b"\xff"</c>. .NET's own marshalling
/// (<c>StringMarshalling.Utf8</c>, <c>Encoding.UTF8</c>) replaces such bytes with U+FFFD, so the string no
/// longer addresses the file, and a venv or link behind it became invisible to the scan, and its
/// entries were deleted. With this mapping <c>Encode(Decode(bytes)) == bytes</c> for every name, and
/// <c>Decode(Encode(s)) == s</c> for every string <see cref="Decode"/> made. A lone surrogate that did not
/// come from here (never produced by the file system) encodes as U+FFFD, as .NET would. Strings with
/// escaped bytes cannot go to PostgreSQL or JSON as they are: see <c>StoredText</c> and the CLI's JSON writer.
/// </remarks>
public static class OsPath
{
    private const char EscapeBase = '\uDC00';
    private static readonly byte[] Replacement = [0xEF, 0xBF, 0xBD];

    /// <summary>The string for raw bytes (no NUL): UTF-8, with each undecodable byte as U+DC80..U+DCFF.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var chars = new char[bytes.Length];
        var written = 0;
        while (!bytes.IsEmpty)
        {
            Utf8.ToUtf16(bytes, chars.AsSpan(written), out var read, out var produced, replaceInvalidSequences: false, isFinalBlock: true);
            written += produced;
            bytes = bytes[read..];
            if (bytes.IsEmpty) break;
            // An invalid sequence starts here: escape its first byte and decode on from the next one.
            chars[written++] = (char)(EscapeBase + bytes[0]);
            bytes = bytes[1..];
        }
        return new string(chars, 0, written);
    }

    /// <summary>The exact bytes <paramref name="text"/> stands for (no NUL).</summary>
    public static byte[] Encode(string text)
    {
        if (!HasSurrogates(text)) return Encoding.UTF8.GetBytes(text);
        var bytes = new byte[GetByteCount(text)];
        Encode(text, bytes);
        return bytes;
    }

    /// <summary>The bytes followed by a NUL, for the *at(2) calls that take a C string.</summary>
    public static byte[] EncodeZ(string text)
    {
        var bytes = new byte[GetByteCount(text) + 1];
        Encode(text, bytes);
        return bytes;
    }

    /// <summary>How many bytes <see cref="Encode(string)"/> gives.</summary>
    public static int GetByteCount(ReadOnlySpan<char> text)
    {
        if (!HasSurrogates(text)) return Encoding.UTF8.GetByteCount(text);
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsEscapedByte(text, i)) count++;
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { count += 4; i++; }
            else if (char.IsSurrogate(c)) count += Replacement.Length;
            else count += Encoding.UTF8.GetByteCount([c]);
        }
        return count;
    }

    /// <summary>Writes the bytes of <paramref name="text"/> to <paramref name="destination"/> (at least <see cref="GetByteCount"/> long); returns how many.</summary>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (!HasSurrogates(text)) return Encoding.UTF8.GetBytes(text, destination);
        var at = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (!char.IsSurrogate(c)) continue;
            at += Encoding.UTF8.GetBytes(text[start..i], destination[at..]);
            if (IsEscapedByte(text, i)) destination[at++] = (byte)(c - EscapeBase);
            else { Replacement.CopyTo(destination[at..]); at += Replacement.Length; }
            start = i + 1;
        }
        at += Encoding.UTF8.GetBytes(text[start..], destination[at..]);
        return at;
    }

    /// <summary>True when <paramref name="text"/> holds at least one byte that is not valid UTF-8 (an escaped byte).</summary>
    public static bool HasEscapedBytes(ReadOnlySpan<char> text)
    {
        if (!HasSurrogates(text)) return false;
        for (var i = 0; i < text.Length; i++)
            if (IsEscapedByte(text, i)) return true;
        return false;
    }

    /// <summary>The byte that <c>text[i]</c> escapes, when it is an escaped byte (a lone U+DC80..U+DCFF).</summary>
    public static bool TryGetEscapedByte(ReadOnlySpan<char> text, int i, out byte value)
    {
        value = 0;
        if (!IsEscapedByte(text, i)) return false;
        value = (byte)(text[i] - EscapeBase);
        return true;
    }

    private static bool IsEscapedByte(ReadOnlySpan<char> text, int i) =>
        text[i] is >= '\uDC80' and <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(text[i - 1]));

    private static bool HasSurrogates(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;
}
