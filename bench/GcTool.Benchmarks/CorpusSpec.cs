namespace GcTool.Benchmarks;

/// <summary>
/// The shape of a generated corpus. The large size is 2,000 environments × 60 packages ≈ 1,000,000
/// links, i.e. about 8 linked files per installed package on average, so entry sizes are skewed the way a
/// real index is: most wheels are small (a module or two plus dist-info), a few are big (50–500 files).
/// </summary>
/// <param name="Entries">Archive entries every environment draws from (each is referenced by some environment).</param>
/// <param name="Environments">Venvs under the registered root.</param>
/// <param name="PackagesPerEnvironment">Entries installed in each venv.</param>
/// <param name="SweepEntries">Unreferenced entries added for the sweep measurement (and the same again for rm -rf).</param>
public sealed record CorpusSpec(string Name, int Entries, int Environments, int PackagesPerEnvironment, int SweepEntries)
{
    /// <summary>Bump when the generated layout changes, so an old corpus directory is regenerated rather than reused.</summary>
    public const int LayoutVersion = 1;

    public static CorpusSpec Small { get; } = new("small", 300, 100, 60, 1_000);
    public static CorpusSpec Large { get; } = new("large", 3_000, 2_000, 60, 10_000);

    public static CorpusSpec? Parse(string name) => name switch
    {
        "small" => Small,
        "large" => Large,
        _ => null,
    };

    public string Stamp => $"gctool-bench corpus v{LayoutVersion} {Name} entries={Entries} envs={Environments} k={PackagesPerEnvironment}";
}
