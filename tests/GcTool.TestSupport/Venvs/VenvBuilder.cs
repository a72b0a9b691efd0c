using GcTool.Core.Environments;
using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>
/// A real virtual environment laid out as uv 0.12.5 makes one on Linux (spec §6), built with the
/// machine's <c>python3 -m venv --without-pip</c> and then adjusted: <c>bin/python</c> → the base
/// interpreter, <c>python3</c>/<c>python3.X</c> → <c>python</c>, <c>lib64 → lib</c>, uv's
/// <c>CACHEDIR.TAG</c> and <c>.gitignore</c>, uv's pyvenv.cfg, and <c>_virtualenv.{py,pth}</c>.
/// </summary>
public sealed class VenvBuilder
{
    public string Path { get; }
    public PythonRuntime Python { get; }
    public bool Relocatable { get; }

    public string BinDirectory => System.IO.Path.Combine(Path, "bin");
    public string PythonExecutable => System.IO.Path.Combine(BinDirectory, "python");
    public string SitePackages => System.IO.Path.Combine(Path, "lib", $"python{Python.MajorMinor}", "site-packages");

    /// <summary>Where <c>.data/headers</c> go: <c>include/site/pythonX.Y</c>.</summary>
    public string IncludeSiteDirectory => System.IO.Path.Combine(Path, "include", "site", $"python{Python.MajorMinor}");

    private VenvBuilder(string path, PythonRuntime python, bool relocatable)
    {
        Path = path;
        Python = python;
        Relocatable = relocatable;
    }

    /// <summary>Creates a venv at <paramref name="path"/> (which must not exist or be empty).</summary>
    public static VenvBuilder Create(string path, VenvOptions? options = null)
    {
        options ??= VenvOptions.Default;
        var python = PythonRuntime.Default;
        path = System.IO.Path.GetFullPath(path);
        ProcessRunner.RunChecked(python.Executable, "-m", "venv", "--without-pip", path);

        var venv = new VenvBuilder(path, python, options.Relocatable);
        venv.ApplyUvLayout(options);
        return venv;
    }

    /// <summary>An existing venv, to install into later (reads relocatable from pyvenv.cfg).</summary>
    public static VenvBuilder Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        var cfg = File.ReadAllLines(System.IO.Path.Combine(path, "pyvenv.cfg"));
        var relocatable = cfg.Any(l => l.Replace(" ", "") == "relocatable=true");
        return new VenvBuilder(path, PythonRuntime.Default, relocatable);
    }

    /// <summary>Installs a wheel entry as uv does with <c>--link-mode</c>; see <see cref="WheelInstaller"/>.</summary>
    /// <param name="cacheRootAsSeen">
    /// The cache root as the installing uv saw it (e.g. a container mount such as <c>/cache/uv</c>);
    /// symlink targets are written through it. Defaults to the root the entry was persisted under.
    /// </param>
    /// <param name="linkLimitReached">
    /// Archive files (relative to the entry) whose link count is "full": hardlinking them takes uv's
    /// EMLINK path, which renames a fresh copy over the archive file, so its inode changes.
    /// </param>
    public InstalledWheel Install(ArchiveEntry entry, UvLinkMode mode, string? cacheRootAsSeen = null, Func<string, bool>? linkLimitReached = null)
    {
        // uv holds LOCK_EX on <venv>/.lock while it installs.
        var fd = Libc.OpenForLock(System.IO.Path.Combine(Path, ".lock"), UnixModes.FromOctal("666"));
        try
        {
            Libc.Flock(fd, Libc.LockEx);
            return WheelInstaller.Install(this, entry, mode, cacheRootAsSeen, linkLimitReached);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    public InstalledWheel Install(ArchiveEntry entry, LinkMode mode, string? cacheRootAsSeen = null) =>
        Install(entry, mode.ToUv(), cacheRootAsSeen);

    /// <summary>
    /// <c>uv pip uninstall</c> (also the first half of an upgrade): removes every file the installed
    /// RECORD lists, then empty directories. Links go; their archive files stay.
    /// </summary>
    public void Uninstall(WheelSpec spec)
    {
        var fd = Libc.OpenForLock(System.IO.Path.Combine(Path, ".lock"), UnixModes.FromOctal("666"));
        try
        {
            Libc.Flock(fd, Libc.LockEx);
            WheelUninstaller.Uninstall(this, spec);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>A path inside site-packages, e.g. <c>SitePath("foo/sub.py")</c>.</summary>
    public string SitePath(string relative) => System.IO.Path.Combine(SitePackages, relative);

    /// <summary>Deletes the venv without following any of its links into the cache.</summary>
    public void Remove() => FileTree.DeleteTree(Path);

    public override string ToString() => Path;

    private void ApplyUvLayout(VenvOptions options)
    {
        // Interpreter links as uv makes them.
        ReplaceSymlink(PythonExecutable, Python.Executable);
        ReplaceSymlink(System.IO.Path.Combine(BinDirectory, "python3"), "python");
        ReplaceSymlink(System.IO.Path.Combine(BinDirectory, $"python{Python.MajorMinor}"), "python");

        // Markers: a uv venv root looks like a cache.
        File.WriteAllText(System.IO.Path.Combine(Path, "CACHEDIR.TAG"), Core.Cache.UvCache.CacheDirTagSignature);
        File.WriteAllText(System.IO.Path.Combine(Path, ".gitignore"), "*");

        // uv makes no include/ at the root (CPython's venv makes an empty include/pythonX.Y), and links lib64 → lib.
        var include = System.IO.Path.Combine(Path, "include");
        if (Directory.Exists(include) && !Directory.EnumerateFiles(include, "*", SearchOption.AllDirectories).Any()) FileTree.DeleteTree(include);
        var lib64 = System.IO.Path.Combine(Path, "lib64");
        if (!FileTree.Exists(lib64)) File.CreateSymbolicLink(lib64, "lib");

        File.WriteAllText(System.IO.Path.Combine(Path, "pyvenv.cfg"), PyvenvCfg(options));
        File.WriteAllText(System.IO.Path.Combine(SitePackages, "_virtualenv.py"), "\"\"\"Patches that uv's seed applies (simulated).\"\"\"\n");
        File.WriteAllText(System.IO.Path.Combine(SitePackages, "_virtualenv.pth"), "import _virtualenv");
    }

    private string PyvenvCfg(VenvOptions options)
    {
        var lines = new List<string>
        {
            $"home = {Python.Home}",
            "implementation = CPython",
            $"uv = {options.UvVersion}",
            $"version_info = {Python.Version}",
            "include-system-site-packages = false",
        };
        if (options.Relocatable) lines.Add("relocatable = true");
        if (options.Prompt is not null) lines.Add($"prompt = {options.Prompt}");
        return string.Join('\n', lines) + "\n";
    }

    private static void ReplaceSymlink(string path, string target)
    {
        if (FileTree.KindOf(path) is FileKind.Symlink or FileKind.File) File.Delete(path);
        File.CreateSymbolicLink(path, target);
    }
}
