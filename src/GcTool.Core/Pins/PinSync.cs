namespace GcTool.Core.Pins;

/// <summary>What one pass over gctool's pins directory found and did.</summary>
/// <param name="Pins">Pins in place afterwards.</param>
/// <param name="Added">Pins written (each to a temp name, then renamed into place).</param>
/// <param name="Removed">Pins (and leftover temp names) removed.</param>
/// <param name="Failed">Pins that could not be written or removed (left as they were).</param>
/// <param name="Skipped">Why nothing was done (no sdists bucket, a pins directory gctool will not trust, the lock busy); null when the pass ran.</param>
public sealed record PinSync(long Pins, long Added, long Removed, long Failed, string? Skipped)
{
    public static PinSync NotRun(string why) => new(0, 0, 0, 0, why);

    public bool Changed => Added > 0 || Removed > 0;
}

/// <summary>What scan and gc do with the pins.</summary>
public enum PinMode
{
    /// <summary>Leave them as they are (a gc's own inner scans, tests of other behaviour).</summary>
    Leave,
    /// <summary>Make them exactly the referenced entries (the default).</summary>
    Maintain,
    /// <summary>Remove every pin (config <c>pins = false</c>).</summary>
    Remove,
}
