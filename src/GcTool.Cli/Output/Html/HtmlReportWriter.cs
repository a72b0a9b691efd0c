using System.Globalization;
using System.Net;
using System.Text;
using GcTool.Cli.Output.Human;
using GcTool.Core.Reporting;
using GcTool.Core.Store;

namespace GcTool.Cli.Output.Html;

/// <summary>
/// <c>gctool report --html FILE</c>: one self-contained page (inline CSS, SVG and a few lines of
/// script; no fonts, images or scripts from the network) that a person can mail or archive.
/// </summary>
/// <remarks>
/// Every section carries a <c>data-section</c> attribute and every figure a <c>data-*</c> value in
/// bytes, so tests (and people scripting a browser) read numbers without parsing "1.2 GiB".
/// Every text from the cache or the database (paths, names) goes through <see cref="E"/>.
/// </remarks>
internal static class HtmlReportWriter
{
    public static string Render(CacheReport report)
    {
        var html = new StringBuilder(64 * 1024);
        var generated = DateTimeOffset.FromUnixTimeSeconds(report.GeneratedAt);
        var format = new HumanFormat(generated);
        var stats = report.Statistics;
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <title>gctool report: {{E(report.CacheRoot)}}</title>
            <style>{{Css}}</style>
            </head>
            <body>
            <header>
            <h1>uv cache report</h1>
            <p class="meta"><code data-testid="cache-root">{{E(report.CacheRoot)}}</code> · generated {{Utc(report.GeneratedAt)}} by gctool</p>
            </header>
            {{Unscanned(report)}}
            <section data-section="summary" class="cards">
            {{Card("On disk", HumanFormat.Size(report.DiskBytes), "disk-bytes", report.DiskBytes, $"{HumanFormat.Plural(report.Buckets.Count, "bucket", "buckets")}")}}
            {{Card("Reclaimable now", HumanFormat.Size(stats.ReclaimableBytes), "reclaimable-bytes", stats.ReclaimableBytes, $"{HumanFormat.Plural(stats.UnreferencedEntries, "unreferenced entry", "unreferenced entries")}; run <code>gctool gc</code>", highlight: true)}}
            {{Card("Referenced", HumanFormat.Size(stats.ReferencedBytes), "referenced-bytes", stats.ReferencedBytes, $"of {HumanFormat.Size(stats.CacheBytes)} in archive entries")}}
            {{Card("Entries", HumanFormat.Count(stats.Entries), "entries", stats.Entries, HumanFormat.Plural(stats.References, "reference", "references"))}}
            {{Card("Environments", HumanFormat.Count(stats.Environments), "environments", stats.Environments, $"last scan {format.Ago(stats.LastScanAt)}, last gc {format.Ago(stats.LastGcAt)}")}}
            {{Card("Pins", HumanFormat.Count(report.Pins), "pins", report.Pins, "entries a plain <code>uv cache prune</code> keeps for known environments")}}
            {{ReclaimCards(report)}}{{FreeCard(report)}}
            </section>
            """);
        html.Append('\n');
        Buckets(html, report);
        Largest(html, report);
        Usage(html, report);
        Distributions(html, report);
        Environments(html, report);
        History(html, report, format);
        html.Append($$"""
            <footer>Sizes in binary units (1 KiB = 1024 bytes); hardlinked files count once. Entries, environments and history come from the last <code>gctool scan</code> or <code>gc</code>; bucket sizes were measured on disk when this page was written.</footer>
            <script>{{Script}}</script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Buckets(StringBuilder html, CacheReport report)
    {
        html.Append("<section data-section=\"buckets\">\n<h2>Cache size by bucket</h2>\n");
        if (report.Buckets.Count == 0)
        {
            html.Append("<p class=\"empty\">The cache is empty.</p>\n</section>\n");
            return;
        }
        html.Append(BarChart("Bytes per bucket", report.Buckets.Select(b => (b.Name, b.Bytes, HumanFormat.Size(b.Bytes))).ToList()));
        html.Append("<table class=\"sortable\"><thead><tr><th>Bucket</th><th class=\"n\">Size</th><th class=\"n\">Files</th><th class=\"n\">Share</th></tr></thead><tbody>\n");
        var total = Math.Max(1, report.DiskBytes);
        foreach (var b in report.Buckets)
            html.Append(CultureInfo.InvariantCulture, $"<tr data-bucket=\"{E(b.Name)}\" data-bytes=\"{b.Bytes}\"><td><code>{E(b.Name)}</code></td><td class=\"n\" data-sort=\"{b.Bytes}\">{HumanFormat.Size(b.Bytes)}</td><td class=\"n\" data-sort=\"{b.Files}\">{HumanFormat.Count(b.Files)}</td><td class=\"n\" data-sort=\"{b.Bytes}\">{100.0 * b.Bytes / total:0.0}%</td></tr>\n");
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Largest(StringBuilder html, CacheReport report)
    {
        html.Append("<section data-section=\"largest\">\n<h2>Largest entries</h2>\n");
        if (report.LargestEntries.Count == 0)
        {
            html.Append("<p class=\"empty\">No entries recorded; run <code>gctool scan</code>.</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"sortable\"><thead><tr><th>Distribution</th><th>Entry</th><th class=\"n\">Size</th><th class=\"n\">Used by</th></tr></thead><tbody>\n");
        foreach (var e in report.LargestEntries)
        {
            var name = e.DistName is null ? "<span class=\"dim\">unknown</span>" : $"{E(e.DistName)} <span class=\"dim\">{E(e.DistVersion ?? "")}</span>";
            var users = e.Users == 0 ? "<span class=\"free\">nobody</span>" : HumanFormat.Plural(e.Users, "environment", "environments");
            html.Append(CultureInfo.InvariantCulture, $"<tr data-entry=\"{E(e.Entry.RelativePath)}\" data-bytes=\"{e.Bytes}\" data-users=\"{e.Users}\"><td>{name}</td><td><code>{E(HumanFormat.Entry(e.Entry))}</code></td><td class=\"n\" data-sort=\"{e.Bytes}\">{HumanFormat.Size(e.Bytes)}</td><td class=\"n\" data-sort=\"{e.Users}\">{users}</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Usage(StringBuilder html, CacheReport report)
    {
        html.Append("<section data-section=\"usage\">\n<h2>Entries by how many environments use them</h2>\n");
        html.Append("<p class=\"note\">Entries no environment uses (0) are what <code>gctool gc</code> deletes once they are older than <code>--min-age</code>.</p>\n");
        html.Append(BarChart("Entries per number of environments", report.EntriesByUsers.Select(b => ($"{b.Label} env", b.Entries, $"{HumanFormat.Count(b.Entries)} · {HumanFormat.Size(b.Bytes)}")).ToList()));
        html.Append("<table><thead><tr><th>Environments</th><th class=\"n\">Entries</th><th class=\"n\">Size</th></tr></thead><tbody>\n");
        foreach (var b in report.EntriesByUsers)
            html.Append(CultureInfo.InvariantCulture, $"<tr data-users=\"{E(b.Label)}\" data-entries=\"{b.Entries}\" data-bytes=\"{b.Bytes}\"><td>{E(b.Label)}</td><td class=\"n\">{HumanFormat.Count(b.Entries)}</td><td class=\"n\">{HumanFormat.Size(b.Bytes)}</td></tr>\n");
        html.Append("</tbody></table>\n</section>\n");
    }

    /// <summary>
    /// Said before any figure when the disk holds entries the last scan did not record: the page
    /// mixes bucket sizes measured now with everything else from that scan.
    /// </summary>
    private static string Unscanned(CacheReport report) => report.UnscannedEntries == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"<p class=\"warn\" data-testid=\"unscanned\" data-entries=\"{report.UnscannedEntries}\">The cache holds {HumanFormat.Plural(report.UnscannedEntries, "entry", "entries")} the last scan did not see: bucket sizes below are measured now, every other figure is from the last scan. Run <code>gctool scan</code> for figures that agree.</p>");

    /// <summary>One card per reclaim category gc would free now; none when there is nothing of the kind.</summary>
    private static string ReclaimCards(CacheReport report) => report.Reclaim is not { Items.Count: > 0 } reclaim ? "" : string.Join("\n",
        reclaim.BytesByCategory.Where(c => c.Value > 0).Select(c => Card(
            $"Reclaimable: {ReclaimText.Title(c.Key)}s", HumanFormat.Size(c.Value), $"reclaimable-{ReclaimText.Name(c.Key).Replace('_', '-')}", c.Value,
            $"{HumanFormat.Plural(reclaim.Items.Count(i => i.Category == c.Key), "directory", "directories")} <code>uv cache prune</code> removes too; run <code>gctool gc</code>")));

    private static string FreeCard(CacheReport report) =>
        report.FreeBytes is { } free ? Card("Free on its file system", HumanFormat.Size(free), "free-bytes", free, "measured now, for unprivileged users") : "";

    private static void Distributions(StringBuilder html, CacheReport report)
    {
        var rows = report.Distributions ?? [];
        if (rows.Count == 0) return;
        html.Append("<section data-section=\"distributions\">\n<h2>By distribution</h2>\n<p class=\"note\">From the last scan: the versions of each distribution in the cache, their bytes, and how much of that environments use.</p>\n");
        html.Append("<table class=\"sortable\"><thead><tr><th>Distribution</th><th>Versions</th><th class=\"n\">Entries</th><th class=\"n\">Size</th><th class=\"n\">In use</th></tr></thead><tbody>\n");
        foreach (var d in rows)
        {
            var name = d.Name.Length == 0 ? "(no dist-info)" : d.Name;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-dist=\"{E(d.Name)}\" data-versions=\"{d.Versions.Count}\" data-bytes=\"{d.Bytes}\" data-in-use-bytes=\"{d.BytesInUse}\"><td><code>{E(name)}</code></td><td>{E(string.Join(", ", d.Versions))}</td><td class=\"n\" data-sort=\"{d.Entries}\">{HumanFormat.Count(d.Entries)}</td><td class=\"n\" data-sort=\"{d.Bytes}\">{HumanFormat.Size(d.Bytes)}</td><td class=\"n\" data-sort=\"{d.BytesInUse}\">{HumanFormat.Size(d.BytesInUse)} ({HumanFormat.Count(d.EntriesInUse)})</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Environments(StringBuilder html, CacheReport report)
    {
        html.Append("<section data-section=\"environments\">\n<h2>Environments by cache footprint</h2>\n");
        if (report.Environments.Count == 0)
        {
            html.Append("<p class=\"empty\">No environment links into the cache; register one with <code>gctool scan ROOT</code>.</p>\n</section>\n");
            return;
        }
        html.Append("<p class=\"note\"><em>Only here</em> is what no other environment shares: what deleting that environment would make reclaimable.</p>\n");
        html.Append("<table class=\"sortable\"><thead><tr><th>Environment</th><th>Kind</th><th class=\"n\">Entries</th><th class=\"n\">Footprint</th><th class=\"n\">Only here</th></tr></thead><tbody>\n");
        var max = Math.Max(1, report.Environments.Max(e => e.Bytes));
        foreach (var env in report.Environments)
        {
            var width = 100.0 * env.Bytes / max;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-env=\"{E(env.Path.Value)}\" data-bytes=\"{env.Bytes}\" data-exclusive-bytes=\"{env.ExclusiveBytes}\"><td><code>{E(env.Path.Value)}</code><div class=\"meter\"><span style=\"width:{width:0.#}%\"></span></div></td><td>{E(Kind(env.Kind))}</td><td class=\"n\" data-sort=\"{env.Entries}\">{HumanFormat.Count(env.Entries)}</td><td class=\"n\" data-sort=\"{env.Bytes}\">{HumanFormat.Size(env.Bytes)}</td><td class=\"n\" data-sort=\"{env.ExclusiveBytes}\">{HumanFormat.Size(env.ExclusiveBytes)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void History(StringBuilder html, CacheReport report, HumanFormat format)
    {
        html.Append("<section data-section=\"history\">\n<h2>gc history</h2>\n");
        var runs = report.GcHistory.Where(r => !r.DryRun).OrderBy(r => r.StartedAt).ThenBy(r => r.Id).ToList();
        if (runs.Count == 0)
        {
            html.Append("<p class=\"empty\">No gc has run yet; <code>gctool gc --dry-run</code> shows what one would delete.</p>\n</section>\n");
            return;
        }
        var freed = runs.Sum(r => r.BytesFreed);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\" data-testid=\"history-total\" data-total-bytes=\"{freed}\">Freed {HumanFormat.Size(freed)} in {HumanFormat.Plural(runs.Count, "run", "runs")} since {Utc(runs[0].StartedAt)}. <span class=\"key run\"></span> freed by each run · <span class=\"key total\"></span> running total</p>\n");
        html.Append(HistoryChart(runs));
        var sized = runs.Where(r => r.CacheBytesBefore is not null && r.CacheBytesAfter is not null).ToList();
        if (sized.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>Cache size before and after each gc</h3>\n<p class=\"note\">Archive entries' bytes as <code>gctool status</code> counts them; {HumanFormat.Plural(sized.Count, "run", "runs")} recorded it (runs before gctool kept it are left out). <span class=\"key total\"></span> cache size</p>\n");
            html.Append(CacheSizeChart(sized));
        }
        html.Append("<table class=\"sortable\"><thead><tr><th>Run</th><th>Started</th><th>Status</th><th class=\"n\">Deleted</th><th class=\"n\">Freed</th><th class=\"n\">Cache before</th><th class=\"n\">Cache after</th><th class=\"n\">Lock held</th></tr></thead><tbody>\n");
        foreach (var r in Enumerable.Reverse(runs).Take(30))
            html.Append(CultureInfo.InvariantCulture, $"<tr data-run=\"{r.Id}\" data-bytes=\"{r.BytesFreed}\"><td class=\"n\">{r.Id}</td><td data-sort=\"{r.StartedAt}\">{Utc(r.StartedAt)} <span class=\"dim\">({format.Ago(r.StartedAt)})</span></td><td>{E(Status(r.Status))}</td><td class=\"n\" data-sort=\"{r.EntriesDeleted}\">{HumanFormat.Count(r.EntriesDeleted)}</td><td class=\"n\" data-sort=\"{r.BytesFreed}\">{HumanFormat.Size(r.BytesFreed)}</td><td class=\"n\" data-sort=\"{r.CacheBytesBefore ?? -1}\">{HumanFormat.Size(r.CacheBytesBefore)}</td><td class=\"n\" data-sort=\"{r.CacheBytesAfter ?? -1}\">{HumanFormat.Size(r.CacheBytesAfter)}</td><td class=\"n\" data-sort=\"{r.LockHeldMs}\">{HumanFormat.Duration(TimeSpan.FromMilliseconds(r.LockHeldMs))}</td></tr>\n");
        html.Append("</tbody></table>\n</section>\n");
    }

    /// <summary>Horizontal bars, one per row, scaled to the largest value; labels and values as SVG text.</summary>
    private static string BarChart(string title, IReadOnlyList<(string Label, long Value, string Shown)> rows)
    {
        const int width = 760, labelWidth = 170, valueWidth = 150, rowHeight = 24;
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var height = rows.Count * rowHeight + 8;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value, shown) = rows[i];
            var y = 4 + i * rowHeight;
            var bar = value == 0 ? 0 : Math.Max(2.0, (width - labelWidth - valueWidth) * (double)value / max);
            svg.Append(CultureInfo.InvariantCulture,
                $"<g data-label=\"{E(label)}\" data-value=\"{value}\"><text x=\"{labelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{E(Shorten(label, 24))}</text><rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{bar:0.#}\" height=\"{rowHeight - 8}\" rx=\"3\"/><text x=\"{labelWidth + bar + 6:0.#}\" y=\"{y + 16}\" class=\"v\">{E(shown)}</text></g>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Bytes freed per run (bars) and in total (line) over time; the x axis is real time, not run number.</summary>
    private static string HistoryChart(IReadOnlyList<GcRunRecord> runs)
    {
        const int width = 760, height = 240, left = 70, right = 20, top = 16, bottom = 36;
        var t0 = runs[0].StartedAt;
        var t1 = Math.Max(runs[^1].StartedAt, t0 + 1);
        var cumulative = 0L;
        var points = runs.Select(r => (Run: r, Total: cumulative += r.BytesFreed)).ToList();
        var maxY = Math.Max(1, cumulative);
        // Runs minutes apart or less (a first day, a test) would sit on one pixel: space them evenly instead.
        var byIndex = t1 - t0 < 60L * runs.Count;
        var index = runs.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        const int inset = 12; // keep the first and last bars off the axis labels
        double X(GcRunRecord run) => runs.Count == 1
            ? left + (width - left - right) / 2.0
            : left + inset + (width - left - right - 2 * inset) * (byIndex ? (double)index[run.Id] / (runs.Count - 1) : (double)(run.StartedAt - t0) / (t1 - t0));
        double Y(long bytes) => top + (height - top - bottom) * (1 - (double)bytes / maxY);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart history\" data-testid=\"history-chart\" role=\"img\" aria-label=\"Bytes freed by gc over time\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">\n");
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var value = (long)(maxY * fraction);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(value):0.#}\" y2=\"{Y(value):0.#}\"/><text x=\"{left - 6}\" y=\"{Y(value) + 4:0.#}\" text-anchor=\"end\" class=\"axis\">{HumanFormat.Size(value)}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 10}\" class=\"axis\">{Day(t0)}</text><text x=\"{width - right}\" y=\"{height - 10}\" text-anchor=\"end\" class=\"axis\">{Day(t1)}</text>\n");
        foreach (var (run, _) in points)
        {
            var x = X(run);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"run\" data-run=\"{run.Id}\" data-bytes=\"{run.BytesFreed}\" x=\"{x - 3:0.#}\" y=\"{Y(run.BytesFreed):0.#}\" width=\"6\" height=\"{Y(0) - Y(run.BytesFreed):0.#}\"><title>run {run.Id}, {Utc(run.StartedAt)}: freed {HumanFormat.Size(run.BytesFreed)}</title></rect>\n");
        }
        var line = string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Run):0.#},{Y(p.Total):0.#}")));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"total\" points=\"{line}\"/>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>
    /// The cache's size over time: at each run a vertical step from its size before to its size after,
    /// joined by the growth between runs (uv adding entries), so a graph of a growing cache shows both.
    /// </summary>
    private static string CacheSizeChart(IReadOnlyList<GcRunRecord> runs)
    {
        const int width = 760, height = 200, left = 70, right = 20, top = 16, bottom = 36, inset = 12;
        var t0 = runs[0].StartedAt;
        var t1 = Math.Max(runs[^1].StartedAt, t0 + 1);
        var byIndex = t1 - t0 < 60L * runs.Count;
        var maxY = Math.Max(1, runs.Max(r => Math.Max(r.CacheBytesBefore!.Value, r.CacheBytesAfter!.Value)));
        double X(int i) => runs.Count == 1
            ? left + (width - left - right) / 2.0
            : left + inset + (width - left - right - 2 * inset) * (byIndex ? (double)i / (runs.Count - 1) : (double)(runs[i].StartedAt - t0) / (t1 - t0));
        double Y(long bytes) => top + (height - top - bottom) * (1 - (double)bytes / maxY);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart history\" data-testid=\"cache-size-chart\" role=\"img\" aria-label=\"Cache size before and after each gc, over time\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">\n");
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var value = (long)(maxY * fraction);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(value):0.#}\" y2=\"{Y(value):0.#}\"/><text x=\"{left - 6}\" y=\"{Y(value) + 4:0.#}\" text-anchor=\"end\" class=\"axis\">{HumanFormat.Size(value)}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 10}\" class=\"axis\">{Day(t0)}</text><text x=\"{width - right}\" y=\"{height - 10}\" text-anchor=\"end\" class=\"axis\">{Day(t1)}</text>\n");
        var points = new List<string>();
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            points.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(r.CacheBytesBefore!.Value):0.#}"));
            points.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(r.CacheBytesAfter!.Value):0.#}"));
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"size\" data-run=\"{r.Id}\" data-cache-before=\"{r.CacheBytesBefore}\" data-cache-after=\"{r.CacheBytesAfter}\" cx=\"{X(i):0.#}\" cy=\"{Y(r.CacheBytesAfter!.Value):0.#}\" r=\"3\"><title>run {r.Id}, {Utc(r.StartedAt)}: {HumanFormat.Size(r.CacheBytesBefore)} → {HumanFormat.Size(r.CacheBytesAfter)}</title></circle>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"total\" points=\"{string.Join(' ', points)}\"/>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Card(string title, string value, string id, long raw, string detail, bool highlight = false) =>
        string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"card{(highlight ? " hl" : "")}\" data-testid=\"{id}\" data-value=\"{raw}\"><div class=\"t\">{E(title)}</div><div class=\"v\">{E(value)}</div><div class=\"d\">{detail}</div></div>");

    private static string Kind(Core.Environments.EnvironmentKind kind) => kind switch
    {
        Core.Environments.EnvironmentKind.Venv => "venv",
        Core.Environments.EnvironmentKind.CacheEnvironment => "uv run --with",
        Core.Environments.EnvironmentKind.CachedVenvArchive => "cached venv",
        _ => kind.ToString(),
    };

    private static string Status(GcRunStatus status) => status switch
    {
        GcRunStatus.Completed => "completed",
        GcRunStatus.CompletedWithErrors => "completed with errors",
        GcRunStatus.Interrupted => "interrupted",
        GcRunStatus.Failed => "failed",
        GcRunStatus.Running => "running",
        GcRunStatus.DryRun => "dry run",
        _ => status.ToString(),
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
    private static string Utc(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    private static string Day(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        :root{--fg:#1d2430;--dim:#667085;--bg:#f7f8fa;--card:#fff;--accent:#2f6fdf;--free:#1a7f4b;--line:#e3e6eb}
        *{box-sizing:border-box}body{margin:0 auto;max-width:1000px;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        h1{margin:0 0 4px;font-size:24px}h2{font-size:17px;margin:0 0 10px}.meta,.note,footer,.dim{color:var(--dim)}.note{margin:0 0 10px}
        code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
        section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:16px 0}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;background:none;border:0;padding:0}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}.card .t{color:var(--dim);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .card .v{font-size:24px;font-weight:600;margin:2px 0}.card .d{color:var(--dim);font-size:12px}.card.hl{border-color:var(--free)}.card.hl .v{color:var(--free)}
        table{width:100%;border-collapse:collapse;margin-top:8px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-size:12px;color:var(--dim);font-weight:600}.sortable th{cursor:pointer;user-select:none}.n{text-align:right;white-space:nowrap}.free{color:var(--free);font-weight:600}
        .chart{max-width:100%;height:auto;display:block}.chart text{font-size:12px;fill:var(--fg)}.chart text.v,.chart .axis,.chart .legend{fill:var(--dim)}.chart rect{fill:var(--accent)}
        .warn{background:#fff4e5;border:1px solid #f5c27a;border-radius:10px;padding:10px 14px}.chart .grid{stroke:var(--line)}.chart circle.size{fill:var(--accent)}.chart rect.run{fill:var(--free)}.chart .total{fill:none;stroke:var(--accent);stroke-width:2}
        .meter{height:4px;background:var(--line);border-radius:2px;margin-top:4px}.meter span{display:block;height:4px;background:var(--accent);border-radius:2px}
        .empty{color:var(--dim);font-style:italic}.key{display:inline-block;width:12px;height:10px;margin:0 2px 0 6px;vertical-align:baseline}.key.run{background:var(--free)}.key.total{height:2px;background:var(--accent);vertical-align:middle}footer{font-size:12px;margin-top:20px}
        """;

    /// <summary>Click a header to sort its table (numbers by their raw data-sort value); nothing else.</summary>
    private const string Script = """
        document.querySelectorAll('table.sortable th').forEach(function(th, _){th.addEventListener('click',function(){
          var table=th.closest('table'),body=table.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
          var dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir===1?'asc':'desc';
          var key=function(r){var c=r.children[i];return c.dataset.sort!==undefined?Number(c.dataset.sort):c.textContent.toLowerCase();};
          Array.from(body.rows).sort(function(a,b){var x=key(a),y=key(b);return (x>y?1:x<y?-1:0)*dir;}).forEach(function(r){body.appendChild(r);});
        });});
        document.documentElement.dataset.ready='1';
        """;
}
