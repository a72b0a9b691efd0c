using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace GcTool.Benchmarks;

/// <summary>Archive ids per layout, deterministic in the entry index (and a salt for fresh sweep entries).</summary>
public static class CorpusArchiveIds
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string For(CorpusLayout layout, int index, int salt = 0) => layout switch
    {
        CorpusLayout.ContentAddressed => ContentStyle(index, salt),
        _ => Classic(index, salt),
    };

    private static string Classic(int index, int salt)
    {
        var random = new Random(index * 104729 + salt * 7 + 3);
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++) chars[i] = IdAlphabet[random.Next(i == 0 ? 62 : IdAlphabet.Length)];
        return new string(chars);
    }

    /// <summary>24 base-36 digits of a digest (uv digests the extracted tree; any digest has the same shape).</summary>
    private static string ContentStyle(int index, int salt)
    {
        var value = new BigInteger(SHA256.HashData(Encoding.UTF8.GetBytes($"{index}/{salt}"))[..15], isUnsigned: true, isBigEndian: true);
        var digits = new char[24];
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = Base36[(int)(value % 36)];
            value /= 36;
        }
        return new string(digits);
    }
}
