namespace GcTool.Benchmarks;

/// <summary>The gctool the benchmark times, and what kind of build it is (printed under the table).</summary>
public sealed record GcToolBinary(string Path, string Kind)
{
    /// <summary>The JIT build MSBuild copies next to this harness (the project reference).</summary>
    public static GcToolBinary Jit => new(System.IO.Path.Combine(AppContext.BaseDirectory, "gctool"), "JIT (framework-dependent)");

    /// <summary>
    /// The shipped build: publishes the Native AOT gctool of this checkout into artifacts/bench-native
    /// (an unchanged checkout republishes in seconds). Falls back to the JIT build, saying why, when
    /// asked to (--jit) or when publishing fails (no native toolchain, say: clang and zlib are needed).
    /// </summary>
    public static GcToolBinary Resolve(bool jit, Action<string> log)
    {
        if (jit) return Jit;
        if (FindRepository() is not { } repository)
        {
            log($"cannot find GcTool.sln above {AppContext.BaseDirectory}; timing the JIT gctool instead of the native one");
            return Jit;
        }
        var output = System.IO.Path.Combine(repository, "artifacts", "bench-native");
        log($"publishing the Native AOT gctool into {output} (dotnet publish -p:PublishAot=true)");
        var (elapsed, stdout, stderr, code) = Shell.Run("dotnet", "publish", System.IO.Path.Combine(repository, "src", "GcTool.Cli"),
            "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo", "-v", "quiet");
        var binary = System.IO.Path.Combine(output, "gctool");
        if (code != 0 || !File.Exists(binary))
        {
            var why = string.Join('\n', (stdout + stderr).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(5));
            log($"publishing the native gctool FAILED (exit {code}); timing the JIT gctool instead. Re-run with --jit to skip this.\n{why}");
            return Jit;
        }
        log($"published in {elapsed.TotalSeconds:F0}s");
        return new GcToolBinary(binary, "Native AOT");
    }

    public static string? FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GcTool.sln"))) return dir.FullName;
        return null;
    }
}
