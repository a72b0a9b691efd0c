namespace GcTool.TestSupport;

/// <summary>
/// A clock that always reads <paramref name="now"/>: a gctool run under test sees the same instant
/// however long a loaded machine makes it take, so an age compared with <c>--min-age</c> cannot
/// cross the bound while the run is under way.
/// </summary>
public sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
