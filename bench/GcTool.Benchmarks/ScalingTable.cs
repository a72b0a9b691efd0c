using System.Text;

namespace GcTool.Benchmarks;

/// <summary>The series as a markdown table, one row per point, with the targets in the header.</summary>
public static class ScalingTable
{
    public static string Render(IReadOnlyList<ScalingPoint> points)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Corpus | Venvs | Links | `find` floor | Cold scan (≤ 0.75× floor) | Rescan, nothing changed (≤ 2% of cold) | Rescan, 1% changed | gc lock held, nothing / 1% changed (< 1 s) | Peak RSS (< 300 MB) | Database | Load before → after | Targets |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var p in points)
        {
            var misses = p.Misses().ToList();
            sb.AppendLine($"| {p.Name} | {p.Environments:N0} | {p.Links:N0} | {Seconds(p.Floor)} | {Seconds(p.ColdScan)} = **{p.ColdScanOfFloor:F2}×** | " +
                          $"{ResultTable.Ms(p.NoChangeRescan)} = **{p.NoChangeOfColdScan * 100:F1}%** | {ResultTable.Ms(p.OnePercentRescan)} | " +
                          $"{ResultTable.Ms(p.LockHeldNothingChanged)} / {ResultTable.Ms(p.LockHeldOnePercent)} | {p.PeakRssKb / 1024} MB | " +
                          $"{p.DatabaseBytes / 1024.0 / 1024.0:F1} MB | {p.LoadBefore:F1} → {p.LoadAfter:F1} | {(misses.Count == 0 ? "all met" : "missed: " + string.Join("; ", misses))} |");
        }
        return sb.ToString();
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:F2} s";
}
