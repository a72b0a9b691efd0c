using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GcTool.Core.Collection;

/// <summary>
/// Sizes as <c>--max-size</c> takes them: a number, optionally with a fraction, and a binary unit
/// <c>B</c>, <c>K</c>, <c>M</c>, <c>G</c> or <c>T</c> (powers of 1024; <c>KiB</c>/<c>KB</c> spellings are
/// accepted and mean the same): <c>20G</c>, <c>500M</c>, <c>1.5T</c>, <c>0</c>.
/// </summary>
/// <remarks>Binary like ccache's and du's units, so <c>20G</c> matches what <c>du -sh</c> prints.</remarks>
public static class ByteSize
{
    public const string AcceptedForms = "a number with a binary unit B, K, M, G or T (1K = 1024 bytes), e.g. 500M, 20G or 1.5T";

    private static readonly (string Unit, long Bytes)[] Units =
        [("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1)];

    public static bool TryParse(string? text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        error = null;
        var s = text?.Trim() ?? "";
        if (s.Length == 0) { error = "it is empty"; return false; }
        if (s[0] is '-' or '+') { error = "sizes cannot be signed"; return false; }
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.')) end++;
        if (end == 0) { error = $"expected a number at '{s}'"; return false; }
        if (!decimal.TryParse(s.AsSpan(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        { error = $"'{s[..end]}' is not a number"; return false; }
        var unitText = s[end..].ToUpperInvariant();
        long multiplier;
        if (unitText.Length == 0) multiplier = number == 0 ? 1 : -1;
        else
        {
            var letter = unitText[..1];
            var rest = unitText[1..];
            var unit = Array.FindIndex(Units, u => u.Unit == letter);
            if (unit < 0 || (letter != "B" && rest is not ("" or "B" or "IB")) || (letter == "B" && rest != ""))
            { error = $"unknown unit '{s[end..]}'"; return false; }
            multiplier = Units[unit].Bytes;
        }
        if (multiplier < 0) { error = "the number has no unit"; return false; }
        try
        {
            var value = decimal.Floor(number * multiplier);
            if (value > long.MaxValue) { error = "it is too large"; return false; }
            bytes = (long)value;
            return true;
        }
        catch (OverflowException)
        {
            error = "it is too large";
            return false;
        }
    }

    /// <summary>Binary units with one decimal: "512 B", "1.5 KiB", "20.0 GiB" (as the tables print them).</summary>
    public static string Format(long bytes)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        if (bytes < 1024) return $"{bytes} B";
        double value = bytes;
        var i = 0;
        while (Math.Round(value, 1) >= 1024 && i < names.Length - 1) { value /= 1024; i++; }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {names[i]}");
    }
}
