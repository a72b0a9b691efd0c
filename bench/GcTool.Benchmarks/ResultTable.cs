using System.Text;

namespace GcTool.Benchmarks;

/// <summary>The markdown table the benchmark prints: each gctool figure next to its in-run baseline.</summary>
public sealed class ResultTable
{
    private readonly List<(string Measure, string Value, string Baseline, string Ratio, string Target)> _rows = [];

    public void Add(string measure, string value, string baseline = "", string ratio = "", string target = "") =>
        _rows.Add((measure, value, baseline, ratio, target));

    public void AddTime(string measure, TimeSpan value, string baselineName, TimeSpan baseline, string target) =>
        Add(measure, Ms(value), $"{baselineName} {Ms(baseline)}", Ratio(value / baseline), target);

    /// <summary>Ratios below 0.1 read better as a percentage of the baseline.</summary>
    private static string Ratio(double r) => r < 0.1 ? $"{r * 100:F1}%" : $"{r:F2}×";

    public static string Ms(TimeSpan t) => t.TotalMilliseconds >= 10_000 ? $"{t.TotalSeconds:F1} s" : $"{t.TotalMilliseconds:F0} ms";

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Measure | gctool | Baseline (same run) | Ratio | Target |");
        sb.AppendLine("|---|---:|---|---:|---|");
        foreach (var r in _rows) sb.AppendLine($"| {r.Measure} | {r.Value} | {r.Baseline} | {r.Ratio} | {r.Target} |");
        return sb.ToString();
    }
}
