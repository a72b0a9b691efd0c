using System.Text.RegularExpressions;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;

namespace GcTool.Core.Doctor;

/// <summary>
/// <c>gctool doctor</c>: finds environments an earlier <c>uv cache prune</c> or <c>uv cache clean</c>
/// already broke — symlinks into a uv cache (<c>…/archive-vN/ID/…</c>) whose target is gone — names
/// the distributions they belong to and says how to repair each environment.
/// </summary>
/// <remarks>
/// Needs neither the cache nor the database: a link is "into a uv cache" by the shape of its target,
/// so environments broken by <c>uv cache clean</c> (which removes the whole cache) are found too, and
/// so are links written through another mount of the cache. Files map to distributions through each
/// <c>*.dist-info/RECORD</c> (uv writes RECORD as a real file even in symlink mode) and, for files
/// inside a dist-info directory, through that directory's name. Hardlinked and copied files cannot
/// dangle: their bytes live in the environment.
/// </remarks>
public sealed partial class EnvironmentDoctor(DirectoryReader reader)
{
    public DoctorReport Examine(IReadOnlyList<RootPath> roots, IReadOnlySet<string> excluded, CancellationToken cancellation)
    {
        var broken = new List<EnvironmentDiagnosis>();
        var skipped = new List<SkippedPath>();
        long checkedCount = 0;
        var discovery = new EnvironmentDiscovery(reader, excluded);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            var found = discovery.Walk(root, null, 0, full: true, cancellation);
            skipped.AddRange(found.Skipped);
            foreach (var environment in found.Environments)
            {
                if (!seen.Add(environment.Value)) continue;
                checkedCount++;
                if (Diagnose(environment, cancellation) is { } diagnosis) broken.Add(diagnosis);
            }
        }
        return new DoctorReport(roots, checkedCount, broken.OrderBy(b => b.Environment.Value, StringComparer.Ordinal).ToList(), skipped);
    }

    /// <summary>Null when the environment has no dangling link into a uv cache.</summary>
    public EnvironmentDiagnosis? Diagnose(EnvPath environment, CancellationToken cancellation)
    {
        var dangling = new Dictionary<string, string>(StringComparer.Ordinal); // absolute file -> archive-vN/ID
        var distInfos = new List<string>();
        var stack = new Stack<string>();
        stack.Push(environment.Value);
        while (stack.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var child in reader.TryList(stack.Pop(), out _) ?? [])
            {
                if (child.Status is not { } status) continue;
                if (status.Kind == FileKind.Directory)
                {
                    if (child.Name.EndsWith(".dist-info", StringComparison.Ordinal)) distInfos.Add(child.Path);
                    stack.Push(child.Path);
                }
                else if (status.Kind == FileKind.Symlink && reader.TryReadLink(child.Path) is { } target)
                {
                    var absolute = Paths.Normalize(target.StartsWith('/') ? target : Path.Combine(Path.GetDirectoryName(child.Path) ?? "/", target));
                    if (CacheEntryPattern().Match(absolute) is { Success: true } m && reader.Stat.TryRealPath(child.Path) is null)
                        dangling[child.Path] = $"archive-v{m.Groups[1].Value}/{m.Groups[2].Value}";
                }
            }
        }
        if (dangling.Count == 0) return null;

        var owners = new Dictionary<string, (string Name, string? Version)>(StringComparer.Ordinal);
        foreach (var distInfo in distInfos)
        {
            var dist = DistName(Path.GetFileName(distInfo));
            foreach (var file in RecordPaths(distInfo)) owners.TryAdd(file, dist);
        }

        var byDist = new Dictionary<(string Name, string? Version), List<string>>();
        var unattributed = new List<string>();
        foreach (var file in dangling.Keys)
        {
            var owner = owners.TryGetValue(file, out var o) ? o
                : distInfos.FirstOrDefault(d => Paths.IsUnder(file, d)) is { } dir ? DistName(Path.GetFileName(dir)) : ((string, string?)?)null;
            if (owner is { } known)
            {
                if (!byDist.TryGetValue(known, out var list)) byDist[known] = list = [];
                list.Add(file);
            }
            else unattributed.Add(Relative(environment, file));
        }
        var distributions = byDist
            .Select(kv => new BrokenDistribution(kv.Key.Name, kv.Key.Version,
                kv.Value.Select(f => Relative(environment, f)).Order(StringComparer.Ordinal).ToList(),
                kv.Value.Select(f => dangling[f]).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToList();
        unattributed.Sort(StringComparer.Ordinal);

        var project = ProjectDirectory(environment);
        var (repair, command) = RepairAdvice.For(environment, project, distributions.Select(d => d.Name).ToList(), unattributed.Count > 0);
        return new EnvironmentDiagnosis(environment, project, dangling.Count, distributions, unattributed, repair, command);
    }

    /// <summary>The directory beside the venv that makes it a uv project's environment, if any.</summary>
    private string? ProjectDirectory(EnvPath environment)
    {
        var parent = Path.GetDirectoryName(environment.Value);
        if (parent is null) return null;
        return reader.FileSystem.File.Exists(Path.Combine(parent, "pyproject.toml")) || reader.FileSystem.File.Exists(Path.Combine(parent, "uv.lock"))
            ? parent : null;
    }

    /// <summary>Absolute paths listed in a dist-info's RECORD (relative to the site-packages directory holding it).</summary>
    private IEnumerable<string> RecordPaths(string distInfo)
    {
        var record = Path.Combine(distInfo, "RECORD");
        // A RECORD in a user's venv may be a FIFO or a huge file: read it bounded, or not at all.
        var read = BoundedFileReader.For(reader.FileSystem, reader.Stat).Read(record, BoundedFileReader.SmallTextFile);
        if (!read.HasContent) yield break;
        var lines = System.Text.Encoding.UTF8.GetString(read.Content!).Split('\n').Select(l => l.TrimEnd('\r'));
        var sitePackages = Path.GetDirectoryName(distInfo) ?? "/";
        foreach (var line in lines)
        {
            var path = FirstCsvField(line);
            if (string.IsNullOrEmpty(path)) continue;
            yield return Paths.Normalize(Path.IsPathFullyQualified(path) ? path : Path.Combine(sitePackages, path));
        }
    }

    private static string FirstCsvField(string line)
    {
        if (!line.StartsWith('"')) return line.Split(',')[0];
        var end = 1;
        var text = new System.Text.StringBuilder();
        while (end < line.Length)
        {
            if (line[end] == '"')
            {
                if (end + 1 < line.Length && line[end + 1] == '"') { text.Append('"'); end += 2; continue; }
                break;
            }
            text.Append(line[end++]);
        }
        return text.ToString();
    }

    /// <summary><c>foo_bar-1.2.dist-info</c> → (foo_bar, 1.2). Names in dist-info directories have no '-'.</summary>
    private static (string Name, string? Version) DistName(string directoryName)
    {
        var stem = directoryName[..^".dist-info".Length];
        var dash = stem.IndexOf('-');
        return dash < 0 ? (stem, null) : (stem[..dash], stem[(dash + 1)..]);
    }

    private static string Relative(EnvPath environment, string file) => Path.GetRelativePath(environment.Value, file);

    [GeneratedRegex("/archive-v([0-9]{1,4})/([A-Za-z0-9_-]{1,64})(/|$)")]
    private static partial Regex CacheEntryPattern();
}
