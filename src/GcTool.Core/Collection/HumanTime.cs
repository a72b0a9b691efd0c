namespace GcTool.Core.Collection;

/// <summary>Durations in the units people read: "45s", "12m", "3h", "4d".</summary>
public static class HumanTime
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalSeconds < 90) return $"{(long)span.TotalSeconds}s";
        if (span.TotalMinutes < 90) return $"{(long)span.TotalMinutes}m";
        if (span.TotalHours < 48) return $"{(long)span.TotalHours}h";
        return $"{(long)span.TotalDays}d";
    }
}
