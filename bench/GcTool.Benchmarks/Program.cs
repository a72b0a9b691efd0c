using System.Diagnostics;
using GcTool.Benchmarks;

// Usage: dotnet run -c Release --project bench/GcTool.Benchmarks -- --size small|large [--corpus DIR] [--warm-only] [--jit]
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
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size" when i + 1 < args.Length: size = args[++i]; break;
        case "--corpus" when i + 1 < args.Length: corpusDir = args[++i]; break;
        case "--warm-only": dropCaches = false; break;
        case "--audit-only": auditOnly = true; break;
        case "--jit": jit = true; break;
        default:
            Console.Error.WriteLine("usage: GcTool.Benchmarks --size small|large [--corpus DIR] [--warm-only] [--audit-only] [--jit]");
            return 2;
    }
}
if (CorpusSpec.Parse(size ?? "small") is not { } spec)
{
    Console.Error.WriteLine($"unknown size '{size}': use small or large");
    return 2;
}
corpusDir = Path.GetFullPath(corpusDir ?? Path.Combine("/tmp/gctool-bench", spec.Name));
void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

var generator = new CorpusGenerator(corpusDir, spec);
var (generated, links) = generator.EnsureGenerated(Log);
Log(generated == TimeSpan.Zero ? $"reusing corpus in {corpusDir} ({links:N0} links)" : $"generated {links:N0} links in {generated.TotalSeconds:F1}s");

var gctoolBinary = GcToolBinary.Resolve(jit, Log);
var bench = new Bench(corpusDir, spec, generator, dropCaches, Log, gctoolBinary.Path);
var table = auditOnly ? bench.RunAuditOnly() : bench.RunAll();
Console.WriteLine();
Console.WriteLine($"gctool benchmark, corpus `{spec.Name}`: {spec.Entries:N0} entries, {spec.Environments:N0} envs × {spec.PackagesPerEnvironment} packages, {links:N0} links; " +
                  $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; gctool: {gctoolBinary.Kind}");
Console.WriteLine();
Console.WriteLine(table);
return 0;
