namespace GcTool.TestSupport;

/// <summary>
/// uv's <c>uninstall_wheel</c> (crates/uv-install-wheel/src/uninstall.rs): unlink every path the
/// installed RECORD lists (links are removed, never followed), then walk up from each touched
/// directory inside site-packages, dropping <c>__pycache__</c> and directories left empty.
/// </summary>
internal static class WheelUninstaller
{
    public static void Uninstall(VenvBuilder venv, WheelSpec spec)
    {
        var site = venv.SitePackages;
        var record = Path.Combine(site, spec.DistInfoDir, "RECORD");
        if (!File.Exists(record)) throw new FileNotFoundException($"{spec.DistInfoDir} is not installed in {venv}", record);

        var touched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(record).Where(l => l.Length > 0))
        {
            var relative = line[..line.LastIndexOf(',', line.LastIndexOf(',') - 1)];
            var path = Path.GetFullPath(Path.Combine(site, relative));
            if (!FileTree.Exists(path)) continue;
            FileTree.DeleteTree(path);
            touched.Add(Path.GetDirectoryName(path)!);
        }

        foreach (var start in touched.Reverse().Where(d => Core.Paths.IsUnder(d, site)))
        {
            for (var directory = start; directory != site && Directory.Exists(directory); directory = Path.GetDirectoryName(directory)!)
            {
                FileTree.DeleteTree(Path.Combine(directory, "__pycache__"));
                if (Directory.EnumerateFileSystemEntries(directory).Any()) break;
                Directory.Delete(directory);
            }
        }
    }
}
