using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

/// <summary>Per-test scratch space: a temp directory, a cache in it, and helpers to make venvs.</summary>
public abstract class SimulatorTest : IDisposable
{
    protected TempDirectory Temp { get; } = TempDirectory.Create();

    private UvCacheBuilder? _cache;

    protected UvCacheBuilder Cache => _cache ??= UvCacheBuilder.Create(Temp.Combine("cache"));

    protected VenvBuilder NewVenv(string name = "venv") => VenvBuilder.Create(Temp.Combine(name));

    protected static FileStatus LStat(string path) => FileTree.LStat(path);

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
