using System.Security.Cryptography;

namespace GcTool.TestSupport;

/// <summary>How a simulated uv names a new archive entry.</summary>
public enum IdStyle
{
    /// <summary>16 characters of <c>_-0-9a-zA-Z</c> (uv-fastid, uv ≥ 0.11.9).</summary>
    Current = 0,

    /// <summary>21-character nanoid over the same alphabet (uv &lt; 0.11.9).</summary>
    Legacy21,

    /// <summary>A current id that starts with '-', to catch code that parses ids as options.</summary>
    LeadingDash,
}

/// <summary>Random names as uv makes them: archive ids, sdist revisions, tempfile suffixes, 16-hex digests.</summary>
public static class ArchiveIds
{
    /// <summary>uv-fastid's alphabet.</summary>
    public const string Alphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private const string Alphanumeric = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string New(IdStyle style = IdStyle.Current) => style switch
    {
        IdStyle.Current => RandomNumberGenerator.GetString(Alphabet, 16),
        IdStyle.Legacy21 => RandomNumberGenerator.GetString(Alphabet, 21),
        IdStyle.LeadingDash => "-" + RandomNumberGenerator.GetString(Alphabet, 15),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
    };

    /// <summary>The Rust tempfile crate's name: <c>.tmp</c> plus 6 alphanumerics.</summary>
    public static string TempName() => ".tmp" + RandomNumberGenerator.GetString(Alphanumeric, 6);

    /// <summary>16 lowercase hex digits, standing in for uv's seahash digests (D16, IH16, RH16).</summary>
    public static string Hex16() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
