namespace GcTool.Benchmarks;

/// <summary>One point of the scaling series: one corpus at one size, every figure from the same run.</summary>
public sealed record ScalingPoint(
    string Name,
    CorpusLayout Layout,
    int Environments,
    long Links,
    TimeSpan Floor,
    TimeSpan ColdScan,
    TimeSpan NoChangeRescan,
    TimeSpan OnePercentRescan,
    TimeSpan LockHeldNothingChanged,
    TimeSpan LockHeldOnePercent,
    long PeakRssKb,
    long DatabaseBytes,
    double LoadBefore,
    double LoadAfter)
{
    public double ColdScanOfFloor => ColdScan / Floor;
    public double NoChangeOfColdScan => NoChangeRescan / ColdScan;

    /// <summary>The targets at every point; the names of those missed.</summary>
    public IEnumerable<string> Misses()
    {
        if (ColdScanOfFloor > 0.75) yield return "cold scan > 0.75× floor";
        if (NoChangeOfColdScan > 0.02) yield return "no-change rescan > 2%";
        if (LockHeldNothingChanged >= TimeSpan.FromSeconds(1) || LockHeldOnePercent >= TimeSpan.FromSeconds(1)) yield return "lock held ≥ 1 s";
        if (PeakRssKb >= 300 * 1024) yield return "RSS ≥ 300 MB";
    }
}
