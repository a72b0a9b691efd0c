using System.Text;
using GcTool.Core.Platform;

namespace GcTool.Core.Environments;

/// <summary>
/// A cheap summary of an environment's layout: the inode and mtime of its root, <c>pyvenv.cfg</c>,
/// <c>bin</c>, <c>lib</c>, each <c>lib/python*</c> and its <c>site-packages</c>, <c>share</c> and
/// <c>include</c>. Every uv install or uninstall adds or removes a <c>*.dist-info</c> directory in
/// site-packages (and scripts in bin), which changes those mtimes, so an equal fingerprint means
/// "not re-read". <c>gctool scan --full</c> re-reads regardless.
/// </summary>
/// <remarks>
/// Like git's "racily clean" index entries: a directory modified within <see cref="RacyWindowNs"/>
/// of the scan may change again within the same timestamp tick, so such a fingerprint is marked
/// racy and never matches.
/// </remarks>
public static class EnvironmentFingerprint
{
    public const long RacyWindowNs = 2_000_000_000;

    public static string Compute(DirectoryReader reader, EnvPath environment, long nowNs)
    {
        var builder = new StringBuilder();
        var racy = false;
        void Add(string relative)
        {
            var path = relative.Length == 0 ? environment.Value : Path.Combine(environment.Value, relative);
            var s = reader.Stat.TryLStat(path);
            if (s is null) return;
            racy |= nowNs - s.Value.ModifiedNs < RacyWindowNs;
            builder.Append(relative).Append(':').Append(s.Value.Inode).Append(':').Append(s.Value.ModifiedNs).Append(';');
        }

        Add("");
        Add("pyvenv.cfg");
        Add("bin");
        Add("share");
        Add("include");
        Add("lib");
        foreach (var lib in new[] { "lib", "Lib" })
        {
            var libPath = Path.Combine(environment.Value, lib);
            var pythons = reader.TryList(libPath, out _);
            if (pythons is null) continue;
            foreach (var python in pythons.Where(p => p.Status?.Kind == FileKind.Directory).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                Add($"{lib}/{python.Name}");
                Add($"{lib}/{python.Name}/site-packages");
            }
        }
        Add("Lib/site-packages");
        return racy ? "racy:" + builder : builder.ToString();
    }

    public static bool IsRacy(string fingerprint) => fingerprint.StartsWith("racy:", StringComparison.Ordinal);
}
