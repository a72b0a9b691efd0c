namespace GcTool.Benchmarks;

/// <summary>
/// The shape of a generated corpus. The large size is 2,000 environments × 60 packages ≈ 1,000,000
/// links, i.e. about 8 linked files per installed package on average, so entry sizes are skewed the way a
/// real index is: most wheels are small (a module or two plus dist-info), a few are big (50–500 files).
/// </summary>
/// <param name="Entries">Archive entries every environment draws from (each is referenced by some environment).</param>
/// <param name="Environments">Venvs in all roots together.</param>
/// <param name="PackagesPerEnvironment">Entries installed in each venv.</param>
/// <param name="SweepEntries">Unreferenced entries added for the sweep measurement (and the same again for rm -rf).</param>
/// <param name="Layout">How the cache stores archives: uv's classic random ids, or the content-addressed preview.</param>
/// <param name="RootEnds">
/// The venvs are split over roots (directories gctool registers): root <c>r</c> holds venvs
/// <c>RootEnds[r-1] … RootEnds[r]-1</c>. A series point of N venvs scans the roots that end at N, so one
/// corpus serves every point and a bigger point only adds roots. Null: one root of every venv.
/// </param>
public sealed record CorpusSpec(string Name, int Entries, int Environments, int PackagesPerEnvironment, int SweepEntries,
    CorpusLayout Layout = CorpusLayout.Classic, IReadOnlyList<int>? RootEnds = null)
{
    /// <summary>Bump when the generated layout changes, so an old corpus directory is regenerated rather than reused.</summary>
    public const int LayoutVersion = 2;

    public static CorpusSpec Small { get; } = new("small", 300, 100, 60, 1_000);
    public static CorpusSpec Large { get; } = new("large", 3_000, 2_000, 60, 10_000);

    /// <summary>The large corpus with its venvs split into roots ending at each of <paramref name="points"/> (ascending).</summary>
    public static CorpusSpec Series(IReadOnlyList<int> points) =>
        Large with { Name = "series", Environments = points[^1], RootEnds = points };

    /// <summary>The large corpus with <paramref name="environments"/> venvs in uv's content-addressed layout: archives whose files are hardlinks to <c>files-v0</c> objects.</summary>
    public static CorpusSpec ContentAddressed(int environments) =>
        Large with { Name = "content-addressed", Environments = environments, Layout = CorpusLayout.ContentAddressed };

    public static CorpusSpec? Parse(string name) => name switch
    {
        "small" => Small,
        "large" => Large,
        _ => null,
    };

    /// <summary>Where each root ends (one root of every venv unless split).</summary>
    public IReadOnlyList<int> Ends => RootEnds ?? [Environments];

    /// <summary>What the cache (archive entries and pointers) was generated as; the roots carry stamps of their own.</summary>
    public string Stamp => $"gctool-bench corpus v{LayoutVersion} {Layout} entries={Entries} k={PackagesPerEnvironment}";
}
