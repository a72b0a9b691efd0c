namespace GcTool.Core.Store;

/// <summary>
/// How stale an environment's <c>last_scanned_at</c> may be before a scan that found it unchanged
/// rewrites it. Like cargo's global cache tracker (UPDATE_RESOLUTION), a scan does not rewrite every
/// row just to move a timestamp a few seconds: the rescan gc runs under uv's lock follows its first
/// scan by seconds, and rewriting 2,000 unchanged rows there only lengthens the time uv waits.
/// </summary>
/// <remarks>
/// Only for <c>last_scanned_at</c>, which is shown ("confirmed ... ago") and never decides a deletion.
/// An entry's <c>last_referenced_at</c> does decide (--keep-unused-for, --max-size order), so it is
/// written exactly, whenever it moves forward.
/// </remarks>
public static class TouchResolution
{
    public const long Seconds = 300;
}
