using System.Diagnostics;

namespace GcTool.Store.Sql;

/// <summary>
/// Re-runs a unit of work (a whole transaction, rolled back on failure) while it fails in a way the
/// backend calls transient, with a randomized, doubling back-off, for at most a budget of time.
/// </summary>
internal static class TransientRetry
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(500);

    /// <param name="stayedBusy">The error for the user when the budget is spent: how long it waited, and the last failure.</param>
    public static T Run<T>(Func<T> work, Func<Exception, bool> isTransient, TimeSpan budget, TimeSpan firstDelay, Func<TimeSpan, Exception, Exception> stayedBusy)
    {
        var clock = Stopwatch.StartNew();
        var delay = firstDelay;
        while (true)
        {
            try
            {
                return work();
            }
            catch (Exception e) when (isTransient(e))
            {
                if (clock.Elapsed + delay > budget) throw stayedBusy(clock.Elapsed, e);
                Thread.Sleep(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)delay.TotalMilliseconds + 1)));
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
        }
    }
}
