using System.Text.Json.Nodes;
using GcTool.Core.Environments;
using GcTool.IntegrationTests.EndToEnd;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Report;

/// <summary>
/// <c>gctool report --html</c> opened in a real headless Chromium: the page renders offline, and
/// what a person sees (read through the DOM the browser built, not the HTML text) matches the cache.
/// The screenshot is kept in the test output directory as <c>report-screenshot.png</c>.
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>
    /// numpy (big) is shared by two projects, requests by one; two orphans are collected by a
    /// first gc and one by a second; a later orphan is left for "reclaimable now".
    /// </summary>
    private (ArchiveEntry Numpy, ArchiveEntry Requests, ArchiveEntry Late) BuildCacheWithHistory()
    {
        var numpy = _world.Cache.PersistWheel(Wheel.WithSubmodule("numpy", "2.1.0").WithFile("numpy/_core.so", new string('n', 300_000)));
        var requests = _world.Cache.PersistWheel(Wheel.WithSubmodule("requests", "2.32.3").WithFile("requests/big.py", new string('r', 40_000)));
        _world.Cache.PersistWheel(Wheel.WithSubmodule("old-lib", "0.1").WithFile("old_lib/blob.bin", new string('o', 120_000)));
        _world.Cache.PersistWheel(Wheel.WithSubmodule("stale", "1.0"));
        var web = _world.Venv("web");
        web.Install(numpy, LinkMode.Symlink);
        web.Install(requests, LinkMode.Hardlink);
        _world.Venv("ml").Install(numpy, LinkMode.Symlink);
        _world.ScanProjects();
        _world.Gc().AssertExit(0);
        _world.Cache.PersistWheel(Wheel.WithSubmodule("pandas", "2.2.0").WithFile("pandas/_libs.so", new string('p', 200_000)));
        _world.ScanProjects();
        _world.Gc().AssertExit(0);
        var late = _world.Cache.PersistWheel(Wheel.WithSubmodule("unused", "3.0").WithFile("unused/data.bin", new string('u', 80_000)));
        _world.ScanProjects();
        return (numpy, requests, late);
    }

    [ChromiumFact]
    public async Task Report_RendersOffline_AndShowsBucketsEntriesEnvironmentsReclaimableAndHistory()
    {
        var (numpy, requests, late) = BuildCacheWithHistory();
        var file = _world.PathOf("report.html");

        var run = _world.Run("report", "--html", file).AssertExit(0);
        Assert.Contains("Wrote ", run.Stdout);

        using var chromium = await HeadlessChromium.Launch(HeadlessChromium.Find()!);
        await chromium.Navigate(new Uri(file).AbsoluteUri);
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "report-screenshot.png"), await chromium.Screenshot());

        // Self-contained: the page asked for nothing but itself, and its script ran.
        Assert.Equal([new Uri(file).AbsoluteUri], chromium.Requests);
        Assert.Equal("1", await chromium.Evaluate<string>("document.documentElement.dataset.ready"));
        Assert.Equal("uv cache report", await chromium.Evaluate<string>("document.querySelector('h1').innerText"));

        // Every section is there and visible.
        var sections = await chromium.Evaluate<string[]>(
            "Array.from(document.querySelectorAll('section[data-section]')).filter(s => s.offsetHeight > 0).map(s => s.dataset.section)");
        Assert.Equal(["summary", "buckets", "largest", "usage", "distributions", "environments", "history"], sections);

        // Buckets: archive-v0 is the largest, measured on disk.
        var buckets = await chromium.Evaluate<string[]>("Array.from(document.querySelectorAll('tr[data-bucket]')).map(r => r.dataset.bucket)");
        Assert.Equal("archive-v0", buckets[0]);
        Assert.Contains("wheels-v6", buckets);

        // Largest entries: numpy first, used by both environments; the late orphan by nobody.
        var first = await chromium.Evaluate("(r => ({ entry: r.dataset.entry, users: r.dataset.users, text: r.innerText }))(document.querySelector('tr[data-entry]'))");
        Assert.Equal(numpy.Key.RelativePath, (string?)first!["entry"]);
        Assert.Equal("2", (string?)first["users"]);
        Assert.Contains("numpy", (string?)first["text"]);
        Assert.Contains("nobody", await chromium.Evaluate<string>($"document.querySelector('tr[data-entry=\"{late.Key.RelativePath}\"]').innerText"));

        // Entries by users: one unused (late), one used once (requests), one used twice (numpy).
        var bands = await chromium.Evaluate("Object.fromEntries(Array.from(document.querySelectorAll('tr[data-users][data-entries]')).map(r => [r.dataset.users, Number(r.dataset.entries)]))");
        Assert.Equal(1, (int)bands!["0"]!);
        Assert.Equal(1, (int)bands["1"]!);
        Assert.Equal(1, (int)bands["2"]!);

        // Environments by footprint: web links to numpy and requests, so it comes before ml.
        var envs = await chromium.Evaluate<string[]>("Array.from(document.querySelectorAll('tr[data-env]')).map(r => r.dataset.env)");
        Assert.Equal(2, envs.Length);
        Assert.EndsWith(Path.Combine("web", ".venv"), envs[0]);
        // "Only here": requests is web's alone; everything ml uses, web uses too.
        var exclusive = await chromium.Evaluate<long[]>("Array.from(document.querySelectorAll('tr[data-env]')).map(r => Number(r.dataset.exclusiveBytes))");
        var requestsBytes = await chromium.Evaluate<long>($"Number(document.querySelector('tr[data-entry=\"{requests.Key.RelativePath}\"]').dataset.bytes)");
        Assert.Equal([requestsBytes, 0], exclusive);

        // Reclaimable now: the late orphan, as the status command says.
        var status = _world.Json("status").AssertExit(0).Json;
        Assert.Equal(status.GetProperty("reclaimable_bytes").GetInt64(),
            await chromium.Evaluate<long>("Number(document.querySelector('[data-testid=reclaimable-bytes]').dataset.value)"));
        Assert.True(status.GetProperty("reclaimable_bytes").GetInt64() > 0);

        // gc history: two real runs, drawn as bars in an SVG chart that has a size on screen.
        var chart = await chromium.Evaluate("(s => ({ w: s.getBoundingClientRect().width, runs: s.querySelectorAll('rect.run').length, legend: document.querySelector('[data-testid=history-total]').innerText }))(document.querySelector('[data-testid=history-chart]'))");
        Assert.True((double)chart!["w"]! > 300);
        Assert.Equal(2, (int)chart["runs"]!);
        Assert.StartsWith("Freed ", (string?)chart["legend"]);
        Assert.Contains("in 2 runs", (string?)chart["legend"]);

        // The page was written for a person: no horizontal scrolling at 1100 px.
        Assert.True(await chromium.Evaluate<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [ChromiumFact]
    public async Task Report_SaysHowManyEntriesTheLastScanDidNotSee_AndShowsDistributionsAndFreeSpace()
    {
        BuildCacheWithHistory();
        _world.Cache.PersistWheel(Wheel.WithSubmodule("numpy", "2.2.0"));       // uv added these after the last scan
        _world.Cache.PersistWheel(Wheel.WithSubmodule("brand-new", "0.1"));
        var file = _world.PathOf("report.html");
        _world.Run("report", "--html", file).AssertExit(0);

        using var chromium = await HeadlessChromium.Launch(HeadlessChromium.Find()!);
        await chromium.Navigate(new Uri(file).AbsoluteUri);

        var notice = await chromium.Evaluate("(p => ({ n: p.dataset.entries, text: p.innerText, visible: p.offsetHeight > 0 }))(document.querySelector('[data-testid=unscanned]'))");
        Assert.Equal("2", notice!["n"]!.GetValue<string>());
        Assert.True(notice["visible"]!.GetValue<bool>());
        Assert.Contains("gctool scan", notice["text"]!.GetValue<string>());
        Assert.Contains("the last scan did not see", notice["text"]!.GetValue<string>());

        var numpyRow = await chromium.Evaluate("(r => ({ versions: r.dataset.versions, bytes: Number(r.dataset.bytes), inUse: Number(r.dataset.inUseBytes), text: r.innerText }))(document.querySelector('tr[data-dist=numpy]'))");
        Assert.Equal("1", numpyRow!["versions"]!.GetValue<string>()); // 2.2.0 is not scanned yet
        Assert.Equal(numpyRow["bytes"]!.GetValue<long>(), numpyRow["inUse"]!.GetValue<long>());
        Assert.Contains("2.1.0", numpyRow["text"]!.GetValue<string>());
        Assert.True(await chromium.Evaluate<long>("Number(document.querySelector('[data-testid=free-bytes]').dataset.value)") > 0);
    }

    [ChromiumFact]
    public async Task Report_AfterAScan_SaysNothingAboutUnseenEntries()
    {
        BuildCacheWithHistory();
        var file = _world.PathOf("report.html");
        _world.Run("report", "--html", file).AssertExit(0);

        using var chromium = await HeadlessChromium.Launch(HeadlessChromium.Find()!);
        await chromium.Navigate(new Uri(file).AbsoluteUri);

        Assert.Equal(0, await chromium.Evaluate<int>("document.querySelectorAll('[data-testid=unscanned]').length"));
    }

    [ChromiumFact]
    public async Task Report_OnAFreshCache_SaysWhatToRun_InsteadOfEmptyCharts()
    {
        var file = _world.PathOf("empty.html");
        _world.Run("report", "--html", file).AssertExit(0);

        using var chromium = await HeadlessChromium.Launch(HeadlessChromium.Find()!);
        await chromium.Navigate(new Uri(file).AbsoluteUri);

        var empty = await chromium.Evaluate<string[]>("Array.from(document.querySelectorAll('.empty')).map(e => e.innerText)");
        Assert.Contains(empty, t => t.Contains("gctool scan", StringComparison.Ordinal));
        Assert.Contains(empty, t => t.Contains("No gc has run yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_EscapesPathsFromTheCache()
    {
        var venv = VenvBuilder.Create(Path.Combine(_world.Projects, "<script>alert(1)</script>", ".venv"));
        venv.Install(_world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0")), LinkMode.Symlink);
        _world.ScanProjects();
        var file = _world.PathOf("escaped.html");

        _world.Run("report", "--html", file).AssertExit(0);

        var html = File.ReadAllText(file);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void Report_MeasuresBucketsOnDisk_CountingHardlinksOnce_AndNeverFollowingSymlinksOut()
    {
        _world.ScanProjects();
        var empty = _world.Json("report", "--html", _world.PathOf("before.html")).AssertExit(0).Json.GetProperty("disk_bytes").GetInt64();
        var bucket = Directory.CreateDirectory(Path.Combine(_world.Cache.RealRoot, "git-v0")).FullName;
        File.WriteAllText(Path.Combine(bucket, "a"), new string('a', 10_000));
        File.CreateSymbolicLink(Path.Combine(bucket, "b"), Path.Combine(bucket, "a")); // counts as a link, not 10 000 bytes
        var outside = Directory.CreateDirectory(_world.PathOf("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "big"), new string('x', 50_000));
        Directory.CreateSymbolicLink(Path.Combine(bucket, "out"), outside);
        ProcessRunner.RunChecked("ln", Path.Combine(bucket, "a"), Path.Combine(bucket, "a2")); // a hardlink: same inode, counted once

        var after = _world.Json("report", "--html", _world.PathOf("after.html")).AssertExit(0).Json.GetProperty("disk_bytes").GetInt64();

        Assert.Equal(10_000, after - empty);
    }

    [Fact]
    public void Report_IsAUsageError_WhenTheFilesDirectoryDoesNotExist()
    {
        var result = _world.Run("report", "--html", _world.PathOf("missing", "r.html")).AssertExit(2);

        Assert.Contains("does not exist", result.Stderr);
        Assert.False(Directory.Exists(_world.PathOf("missing")));
    }

    [Fact]
    public void Report_Json_NamesTheFileAndTheHeadlineNumbers()
    {
        _world.ScanProjects();
        var file = _world.PathOf("r.html");

        var json = _world.Json("report", "--html", file).AssertExit(0).Json;

        Assert.Equal(file, json.GetProperty("path").GetString());
        Assert.Equal(new FileInfo(file).Length, json.GetProperty("file_bytes").GetInt64());
    }
}
