using ScottPlot;

namespace GcTool.Benchmarks;

/// <summary>
/// Draws the series (docs/scaling.png): on the left the cold scan against the <c>find</c> floor, both growing
/// with the links; on the right, in milliseconds, the rescans and gc's time under the lock, which should stay
/// flat. The content-addressed point is drawn as separate markers at its link count.
/// </summary>
public static class ScalingChart
{
    public static void Save(IReadOnlyList<ScalingPoint> points, string path, string caption)
    {
        var classic = points.Where(p => p.Layout == CorpusLayout.Classic).OrderBy(p => p.Links).ToList();
        var addressed = points.Where(p => p.Layout == CorpusLayout.ContentAddressed).ToList();
        double[] Links(IEnumerable<ScalingPoint> ps) => ps.Select(p => p.Links / 1e6).ToArray();

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var grows = multiplot.GetPlot(0);
        grows.Title("Cold scan grows with the links");
        grows.XLabel("links (millions)");
        grows.YLabel("seconds, warm page cache");
        Line(grows, Links(classic), classic.Select(p => p.Floor.TotalSeconds), "find floor", Colors.Gray);
        Line(grows, Links(classic), classic.Select(p => p.ColdScan.TotalSeconds), "gctool cold scan", Colors.Blue);
        Line(grows, Links(classic), classic.Select(p => p.Floor.TotalSeconds * 0.75), "target: 0.75× floor", Colors.Gray, dashed: true);
        foreach (var p in addressed)
        {
            Marker(grows, p.Links / 1e6, p.Floor.TotalSeconds, Colors.Gray, "find floor, content-addressed");
            Marker(grows, p.Links / 1e6, p.ColdScan.TotalSeconds, Colors.Blue, "cold scan, content-addressed");
        }
        grows.Axes.SetLimitsY(0, points.Max(p => Math.Max(p.Floor.TotalSeconds, p.ColdScan.TotalSeconds)) * 1.15);
        grows.ShowLegend(Alignment.UpperLeft);

        var flat = multiplot.GetPlot(1);
        flat.Title("Rescans and time under the lock stay flat");
        flat.XLabel("links (millions)");
        flat.YLabel("milliseconds");
        Line(flat, Links(classic), classic.Select(p => p.NoChangeRescan.TotalMilliseconds), "rescan, nothing changed", Colors.Green);
        Line(flat, Links(classic), classic.Select(p => p.OnePercentRescan.TotalMilliseconds), "rescan, 1% of venvs changed", Colors.Orange);
        Line(flat, Links(classic), classic.Select(p => p.LockHeldNothingChanged.TotalMilliseconds), "gc lock held, nothing changed", Colors.Red);
        Line(flat, Links(classic), classic.Select(p => p.LockHeldOnePercent.TotalMilliseconds), "gc lock held, 1% changed", Colors.Purple);
        foreach (var p in addressed)
        {
            Marker(flat, p.Links / 1e6, p.NoChangeRescan.TotalMilliseconds, Colors.Green, "content-addressed (diamonds)");
            Marker(flat, p.Links / 1e6, p.OnePercentRescan.TotalMilliseconds, Colors.Orange, null);
            Marker(flat, p.Links / 1e6, p.LockHeldNothingChanged.TotalMilliseconds, Colors.Red, null);
            Marker(flat, p.Links / 1e6, p.LockHeldOnePercent.TotalMilliseconds, Colors.Purple, null);
        }
        // The same vertical room as the cold scan's scale would flatten everything; 1 s is the lock target.
        flat.Axes.SetLimitsY(0, Math.Max(1000, points.Max(p => new[] { p.NoChangeRescan, p.OnePercentRescan, p.LockHeldNothingChanged, p.LockHeldOnePercent }.Max().TotalMilliseconds) * 1.15));
        var target = flat.Add.HorizontalLine(1000, 1, Colors.Red, LinePattern.Dashed);
        target.LegendText = "target: lock held < 1 s";
        flat.ShowLegend(Alignment.UpperLeft);

        foreach (var plot in new[] { grows, flat })
        {
            plot.Axes.SetLimitsX(0, points.Max(p => p.Links) / 1e6 * 1.08);
            plot.Axes.Bottom.Label.FontSize = 13;
        }
        grows.Axes.Title.Label.FontSize = 15;
        flat.Axes.Title.Label.FontSize = 15;
        var captionText = grows.Add.Annotation(caption, Alignment.LowerRight);
        captionText.LabelFontSize = 10;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, 1400, 560);
    }

    private static void Line(Plot plot, double[] xs, IEnumerable<double> ys, string label, Color color, bool dashed = false)
    {
        var scatter = plot.Add.Scatter(xs, ys.ToArray(), color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = dashed ? 0 : 7;
        if (dashed) scatter.LinePattern = LinePattern.Dashed;
    }

    private static void Marker(Plot plot, double x, double y, Color color, string? label)
    {
        var marker = plot.Add.Marker(x, y, MarkerShape.OpenDiamond, 14, color);
        if (label is not null) marker.LegendText = label;
    }
}
