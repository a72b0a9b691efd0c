using System.Diagnostics;
using GcTool.Benchmarks;

// Usage: dotnet run -c Release --project bench/GcTool.Benchmarks -- --size small|large [--corpus DIR] [--warm-only] [--jit]
//        dotnet run -c Release --project bench/GcTool.Benchmarks -- --series [--series-envs 2000,5000,10000] [--corpus DIR] [--remove-corpora] [--chart PNG] [--gctool PATH] [--generate-only]
// Times the shipped build: the Native AOT gctool, published once into artifacts/bench-native
// (--jit, or a failed publish, times the JIT gctool built next to the harness instead).
// (--warm-only skips the runs with the page cache dropped, which take minutes on the large corpus;
// --audit-only re-measures only database size and audit against the database the last full run left)
// Generates (or reuses) a corpus in DIR (default /tmp/gctool-bench/<size>), runs every measurement
// once against a fresh database, and prints a markdown table. See README "Performance".
string? size = null, corpusDir = null;
var dropCaches = true;
var auditOnly = false;
var jit = false;
var series = false;
var generateOnly = false;
var removeCorpora = false;
int[] seriesEnvs = [2_000, 5_000, 10_000];
string? chart = null;
string? gctoolPath = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size" when i + 1 < args.Length: size = args[++i]; break;
        case "--corpus" when i + 1 < args.Length: corpusDir = args[++i]; break;
        case "--warm-only": dropCaches = false; break;
        case "--audit-only": auditOnly = true; break;
        case "--jit": jit = true; break;
        case "--series": series = true; break;
        case "--series-envs" when i + 1 < args.Length: seriesEnvs = args[++i].Split(',').Select(int.Parse).ToArray(); break;
        case "--remove-corpora": removeCorpora = true; break;
        case "--generate-only": generateOnly = true; break;
        case "--chart" when i + 1 < args.Length: chart = args[++i]; break;
        case "--gctool" when i + 1 < args.Length: gctoolPath = Path.GetFullPath(args[++i]); break;
        default:
            Console.Error.WriteLine("usage: GcTool.Benchmarks --size small|large [--corpus DIR] [--warm-only] [--audit-only] [--jit]\n" +
                                    "       GcTool.Benchmarks --series [--series-envs 2000,5000,10000] [--corpus DIR] [--remove-corpora] [--chart PNG] [--jit | --gctool PATH] [--generate-only]");
            return 2;
    }
}
void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

if (series)
{
    // The scaling series: corpora under DIR (default /tmp/gctool-bench), a table on stdout, the chart in docs/.
    if (seriesEnvs.Length == 0 || seriesEnvs.Zip(seriesEnvs.Skip(1)).Any(pair => pair.First >= pair.Second))
    {
        Console.Error.WriteLine("--series-envs wants ascending venv counts, e.g. 2000,5000,10000");
        return 2;
    }
    var baseDirectory = Path.GetFullPath(corpusDir ?? "/tmp/gctool-bench");
    if (generateOnly)
    {
        // The 5x corpus (5 M links) takes minutes on every core: write it ahead, while nothing is being timed.
        ScalingSeries.Generate(baseDirectory, seriesEnvs, Log);
        return 0;
    }
    // --gctool times a binary published earlier (say, by the last run) instead of publishing again: minutes on a loaded machine.
    var seriesBinary = gctoolPath is not null ? new GcToolBinary(gctoolPath, "given with --gctool") : GcToolBinary.Resolve(jit, Log);
    chart = Path.GetFullPath(chart ?? Path.Combine(GcToolBinary.FindRepository() ?? ".", "docs", "scaling.png"));
    string Caption(IReadOnlyList<ScalingPoint> points) =>
        $"gctool {seriesBinary.Kind}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, load {points.Min(p => Math.Min(p.LoadBefore, p.LoadAfter)):F1}–{points.Max(p => Math.Max(p.LoadBefore, p.LoadAfter)):F1}";
    // Table (stderr) and chart after every point, so a run cut short still leaves what it measured.
    void Measured(IReadOnlyList<ScalingPoint> points)
    {
        ScalingChart.Save(points, chart, Caption(points));
        Log($"table so far (chart: {chart}):\n{ScalingTable.Render(points)}");
    }
    var points = new ScalingSeries(baseDirectory, seriesEnvs, Log, seriesBinary.Path, Measured).Run(removeCorpora);
    Console.WriteLine();
    Console.WriteLine($"gctool scaling series: {Caption(points)}; chart: {chart}");
    Console.WriteLine();
    Console.WriteLine(ScalingTable.Render(points));
    return 0;
}
if (CorpusSpec.Parse(size ?? "small") is not { } spec)
{
    Console.Error.WriteLine($"unknown size '{size}': use small or large");
    return 2;
}
corpusDir = Path.GetFullPath(corpusDir ?? Path.Combine("/tmp/gctool-bench", spec.Name));

var generator = new CorpusGenerator(corpusDir, spec);
var (generated, links) = generator.EnsureGenerated(Log);
Log(generated == TimeSpan.Zero ? $"reusing corpus in {corpusDir} ({links:N0} links)" : $"generated {links:N0} links in {generated.TotalSeconds:F1}s");

var gctoolBinary = GcToolBinary.Resolve(jit, Log);
var bench = new Bench(corpusDir, spec, generator, spec.Environments, dropCaches, Log, gctoolBinary.Path);
var table = auditOnly ? bench.RunAuditOnly() : bench.RunAll();
Console.WriteLine();
Console.WriteLine($"gctool benchmark, corpus `{spec.Name}`: {spec.Entries:N0} entries, {spec.Environments:N0} envs × {spec.PackagesPerEnvironment} packages, {links:N0} links; " +
                  $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; gctool: {gctoolBinary.Kind}");
Console.WriteLine();
Console.WriteLine(table);
return 0;
