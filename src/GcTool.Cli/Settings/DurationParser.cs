using System.Diagnostics.CodeAnalysis;

namespace GcTool.Cli.Settings;

/// <summary>
/// Durations as gctool's options take them: whole numbers with a unit, s, m, h, d or w (7 days),
/// largest unit first, each unit at most once: <c>0s</c>, <c>90s</c>, <c>5m</c>, <c>12h</c>, <c>7d</c>,
/// <c>2w</c>, <c>1h30m</c>.
/// </summary>
/// <remarks>
/// Deliberately strict: a bare number, a fraction, a sign, spaces or an unknown unit (<c>1y</c>,
/// <c>5x</c>) is an error rather than a guess, because a misread <c>--min-age</c> decides what gets
/// deleted.
/// </remarks>
internal static class DurationParser
{
    public const string AcceptedForms = "a whole number with a unit s, m, h, d or w, e.g. 0s, 90s, 5m, 12h, 7d, 2w or 1h30m";

    /// <remarks>Weeks are read (systemd and Go's humanize accept them) but never written: "14d" reads plainer in a report than "2w".</remarks>
    private static readonly (char Unit, long Seconds)[] Units = [('w', 604_800), ('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

    private static readonly (char Unit, long Seconds)[] FormatUnits = Units[1..];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, in a phrase that follows "invalid duration 'x':".</summary>
    public static bool TryParse(string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (string.IsNullOrEmpty(text)) return Fail("it is empty", out error);
        if (text[0] is '-' or '+') return Fail("durations cannot be signed", out error);

        long totalSeconds = 0;
        var nextUnitIndex = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) return Fail($"expected a number at '{text[start..]}'", out error);
            if (i == text.Length) return Fail("the number has no unit", out error);

            var unit = text[i++];
            var unitIndex = Array.FindIndex(Units, u => u.Unit == unit);
            if (unitIndex < 0) return Fail($"unknown unit '{unit}'", out error);
            if (unitIndex < nextUnitIndex) return Fail("units must go from largest to smallest, each once (w, d, h, m, s)", out error);
            nextUnitIndex = unitIndex + 1;

            if (!long.TryParse(text.AsSpan(start, i - 1 - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                return Fail("it is too large", out error);
            try
            {
                totalSeconds = checked(totalSeconds + checked(number * Units[unitIndex].Seconds));
            }
            catch (OverflowException)
            {
                return Fail("it is too large", out error);
            }
        }

        if (totalSeconds > (long)TimeSpan.MaxValue.TotalSeconds) return Fail("it is too large", out error);
        value = TimeSpan.FromSeconds(totalSeconds);
        error = null;
        return true;
    }

    /// <summary>The canonical spelling, e.g. 1d, 5m, 1h30m, 0s (for help text and reports).</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds <= 0) return "0s";
        var parts = new System.Text.StringBuilder();
        foreach (var (unit, size) in FormatUnits)
        {
            if (seconds >= size)
            {
                parts.Append(seconds / size).Append(unit);
                seconds %= size;
            }
        }
        return parts.ToString();
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
