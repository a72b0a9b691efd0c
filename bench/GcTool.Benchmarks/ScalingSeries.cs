namespace GcTool.Benchmarks;

/// <summary>
/// The scaling series: the large corpus at 1×, 2.5× and 5× the venvs (or the sizes given) (one corpus whose venvs are split over
/// roots, so a bigger point only adds roots), then the first point again in the content-addressed layout.
/// Each point is measured against its own <c>find</c> floor in the same run; corpora are generated once and
/// reused (pass <c>--remove-corpora</c> to delete them after, and the sizes are logged before they go).
/// </summary>
/// <param name="measured">Called after every point with all points so far, so a long run leaves its table and chart as it goes.</param>
public sealed class ScalingSeries(string baseDirectory, IReadOnlyList<int> points, Action<string> log, string gctoolBinary, Action<IReadOnlyList<ScalingPoint>> measured)
{
    /// <summary>The first point, then the content-addressed corpus at that size, then the bigger points (so a run cut short still has both layouts).</summary>
    public List<ScalingPoint> Run(bool removeCorpora)
    {
        var results = new List<ScalingPoint>();
        void Add(ScalingPoint point) { results.Add(point); measured(results); }
        var classicDir = Path.Combine(baseDirectory, "series");
        var classic = CorpusSpec.Series(points);
        var generator = new CorpusGenerator(classicDir, classic);
        foreach (var environments in points)
        {
            var (generated, links) = generator.EnsureGenerated(log, environments);
            if (generated > TimeSpan.Zero) log($"generated up to {environments:N0} venvs in {generated.TotalSeconds:F0}s");
            LogDisk(classicDir);
            var bench = new Bench(classicDir, classic, generator, environments, dropCaches: false, log, gctoolBinary);
            Add(bench.MeasurePoint($"classic {Scale(environments)}", links));
            if (environments == points[0]) MeasureContentAddressed(removeCorpora, Add);
        }
        Remove(classicDir, removeCorpora);
        return results;
    }

    /// <summary>Writes (or completes) the corpora a run with these points measures, and measures nothing.</summary>
    public static void Generate(string baseDirectory, IReadOnlyList<int> points, Action<string> log)
    {
        var classic = new CorpusGenerator(Path.Combine(baseDirectory, "series"), CorpusSpec.Series(points));
        var (classicTime, classicLinks) = classic.EnsureGenerated(log, points[^1]);
        log($"classic corpus up to {points[^1]:N0} venvs: {classicLinks:N0} links, generated in {classicTime.TotalSeconds:F0}s");
        var addressed = new CorpusGenerator(Path.Combine(baseDirectory, "content-addressed"), CorpusSpec.ContentAddressed(points[0]));
        var (addressedTime, addressedLinks) = addressed.EnsureGenerated(log);
        log($"content-addressed corpus of {points[0]:N0} venvs: {addressedLinks:N0} links, generated in {addressedTime.TotalSeconds:F0}s");
    }

    private void MeasureContentAddressed(bool removeCorpora, Action<ScalingPoint> add)
    {

        var addressedDir = Path.Combine(baseDirectory, "content-addressed");
        var addressed = CorpusSpec.ContentAddressed(points[0]);
        var addressedGenerator = new CorpusGenerator(addressedDir, addressed);
        var (addressedTime, addressedLinks) = addressedGenerator.EnsureGenerated(log);
        if (addressedTime > TimeSpan.Zero) log($"generated the content-addressed corpus in {addressedTime.TotalSeconds:F0}s");
        LogDisk(addressedDir);
        var addressedBench = new Bench(addressedDir, addressed, addressedGenerator, addressed.Environments, dropCaches: false, log, gctoolBinary);
        add(addressedBench.MeasurePoint($"content-addressed {Scale(addressed.Environments)}", addressedLinks));
        Remove(addressedDir, removeCorpora);
    }

    /// <summary>A point's size against the large corpus (1× = its 2,000 venvs).</summary>
    private static string Scale(int environments) => $"{environments / (double)CorpusSpec.Large.Environments:0.##}×";

    /// <summary>
    /// What the file system holding the corpus has used and left (df, not du: du walks the whole corpus, minutes
    /// on a loaded machine). On a file system of its own, as the README suggests, "used" is the corpus.
    /// </summary>
    private void LogDisk(string directory)
    {
        var df = Shell.Run("df", "-h", "--output=used,avail,iused,iavail", directory).Stdout.Split('\n')[1];
        log($"file system of {directory}: used, available, inodes used, inodes available: {df.Trim()}");
    }

    private void Remove(string directory, bool remove)
    {
        if (!remove) return;
        log($"removing {directory}");
        Shell.Run("rm", "-rf", "--", directory);
    }
}
