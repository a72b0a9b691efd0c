using GcTool.Core.Environments;
using GcTool.Core.Scanning;

namespace GcTool.Core.Doctor;

/// <summary>How to repair a broken environment. Stable names: they appear in <c>--json</c>.</summary>
public static class RepairKind
{
    /// <summary>A project <c>.venv</c> whose broken files all belong to known distributions: <c>uv sync --reinstall-package NAME</c>.</summary>
    public const string ReinstallPackages = "sync_reinstall_packages";
    /// <summary>A project venv with files no distribution claims: <c>rm -rf .venv &amp;&amp; uv sync</c>.</summary>
    public const string RecreateProjectVenv = "recreate_project_venv";
    /// <summary>A venv outside a uv project: <c>uv pip install --python ENV --reinstall NAME</c>.</summary>
    public const string PipReinstall = "pip_reinstall";
    /// <summary>A venv outside a project with files no distribution claims: recreate it.</summary>
    public const string RecreateVenv = "recreate_venv";
}

/// <summary>A distribution with files that link into cache entries that are gone.</summary>
/// <param name="Name">The distribution name as its <c>.dist-info</c> directory spells it.</param>
/// <param name="DanglingFiles">Its broken files, relative to the environment, sorted.</param>
/// <param name="MissingEntries">The cache entries those files pointed into (<c>archive-v0/ID</c>).</param>
public sealed record BrokenDistribution(string Name, string? Version, IReadOnlyList<string> DanglingFiles, IReadOnlyList<string> MissingEntries);

/// <summary>One broken environment and how to repair it.</summary>
/// <param name="ProjectDirectory">The directory holding pyproject.toml or uv.lock beside the venv; null for a plain venv.</param>
/// <param name="UnattributedFiles">Broken files that no distribution's RECORD or dist-info directory claims.</param>
/// <param name="RepairCommand">A shell command line that repairs it.</param>
public sealed record EnvironmentDiagnosis(
    EnvPath Environment,
    string? ProjectDirectory,
    long DanglingLinks,
    IReadOnlyList<BrokenDistribution> Distributions,
    IReadOnlyList<string> UnattributedFiles,
    string Repair,
    string RepairCommand);

/// <summary>The result of <c>gctool doctor</c>: every environment checked, the broken ones with their repair.</summary>
public sealed record DoctorReport(
    IReadOnlyList<RootPath> Roots,
    long EnvironmentsChecked,
    IReadOnlyList<EnvironmentDiagnosis> Broken,
    IReadOnlyList<SkippedPath> Skipped);
