using GcTool.Core.Platform;

namespace GcTool.Core.Store;

/// <summary>
/// The storage form of paths and other file-system text, applied by both stores at their boundary: a
/// path with bytes that are not valid UTF-8 (held as <see cref="OsPath"/> escapes, lone surrogates) becomes
/// valid Unicode that SQLite and PostgreSQL TEXT keep exactly, and comes back identical.
/// </summary>
/// <remarks>
/// PostgreSQL rejects lone surrogates and SQLite's driver turns them into U+FFFD, which would record a venv
/// under a path that no longer addresses it. The escape uses U+FFFF, a Unicode noncharacter (reserved for
/// internal use, never in a real file name written by tools, but a hostile one is still escaped):
/// an escaped byte 0xNN is U+FFFF followed by U+00NN, a literal U+FFFF is U+FFFF U+FFFF. Everything else is
/// unchanged, so every path ever stored before reads back as it was, and the mapping works character by
/// character: a root's stored form is a prefix of its environments' stored forms, and equality and ordering
/// queries keep working on stored values. Decoding text that holds no U+FFFF costs one scan.
/// </remarks>
public static class StoredText
{
    private const char Escape = '\uFFFF';

    /// <summary>The form to store.</summary>
    public static string Encode(string text)
    {
        if (!OsPath.HasEscapedBytes(text) && text.IndexOf(Escape) < 0) return text;
        var stored = new System.Text.StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            if (OsPath.TryGetEscapedByte(text, i, out var b)) stored.Append(Escape).Append((char)b);
            else if (text[i] == Escape) stored.Append(Escape).Append(Escape);
            else stored.Append(text[i]);
        }
        return stored.ToString();
    }

    /// <summary>The form to store, for nullable columns.</summary>
    public static string? EncodeOrNull(string? text) => text is null ? null : Encode(text);

    /// <summary>The text a stored value stands for.</summary>
    public static string Decode(string stored)
    {
        var at = stored.IndexOf(Escape);
        if (at < 0) return stored;
        var text = new System.Text.StringBuilder(stored.Length).Append(stored, 0, at);
        for (var i = at; i < stored.Length; i++)
        {
            if (stored[i] != Escape || i + 1 == stored.Length) { text.Append(stored[i]); continue; }
            var next = stored[++i];
            text.Append(next == Escape ? Escape : next is >= '\u0080' and <= '\u00FF' ? (char)(0xDC00 + next) : next);
        }
        return text.ToString();
    }

    /// <summary>The text a stored value stands for, for nullable columns.</summary>
    public static string? DecodeOrNull(string? stored) => stored is null ? null : Decode(stored);
}
