using System.Diagnostics;
using System.Text;

namespace GcTool.Benchmarks;

/// <summary>
/// Writes a uv-faithful cache and venv tree with real syscalls (mkdir, write, symlink, link), in
/// parallel. Layout (see tests/GcTool.TestSupport/README.md for the simulator it abbreviates):
/// <code>
/// DIR/cache/{CACHEDIR.TAG,.gitignore,.lock}
/// DIR/cache/archive-v0/&lt;ID&gt;/&lt;pkg&gt;/…, &lt;pkg&gt;-&lt;ver&gt;.dist-info/{METADATA,WHEEL,top_level.txt,RECORD}
/// DIR/cache/wheels-v6/pypi/&lt;pkg&gt;/&lt;ver&gt;-py3-none-any -> ../../../archive-v0/&lt;ID&gt;  (+ .http)
/// DIR/envs/p&lt;NNNN&gt;/.venv/{pyvenv.cfg,CACHEDIR.TAG,.gitignore,bin/,lib/python3.12/site-packages/,lib64 -> lib}
/// </code>
/// Even-numbered venvs are installed in symlink mode (absolute links into the archive), odd ones in
/// hardlink mode; RECORD, INSTALLER and REQUESTED are always real files and directories are real.
/// </summary>
public sealed class CorpusGenerator(string directory, CorpusSpec spec)
{
    public string Cache => Path.Combine(directory, "cache");

    /// <summary>The first root (all venvs unless the spec splits them).</summary>
    public string Envs => Root(0);

    /// <summary>Root <paramref name="r"/>: <c>envs</c>, then <c>envs2</c>, <c>envs3</c>, …</summary>
    public string Root(int r) => Path.Combine(directory, r == 0 ? "envs" : $"envs{r + 1}");

    /// <summary>The roots that hold exactly the first <paramref name="environments"/> venvs (a value of <see cref="CorpusSpec.Ends"/>).</summary>
    public IReadOnlyList<string> RootsFor(int environments)
    {
        var count = spec.Ends.TakeWhile(end => end <= environments).Count();
        if (count == 0 || spec.Ends[count - 1] != environments) throw new ArgumentException($"{environments} venvs is not where a root ends ({string.Join(", ", spec.Ends)})");
        return Enumerable.Range(0, count).Select(Root).ToList();
    }

    private string StampFile => Path.Combine(directory, "corpus.stamp");
    private string RootStamp(int r) => Root(r) + ".stamp";
    private string RootLinks(int r) => Root(r) + ".links";

    public string EntryId(int index, int salt = 0) => CorpusArchiveIds.For(spec.Layout, index, salt);

    public string EntryPath(int index) => Path.Combine(Cache, "archive-v0", EntryId(index));

    public string Environment(int index)
    {
        var root = 0;
        while (index >= spec.Ends[root]) root++;
        return Path.Combine(Root(root), $"p{index:D4}", ".venv");
    }

    public static string SitePackages(string venv) => Path.Combine(venv, "lib", "python3.12", "site-packages");

    /// <summary>The entry indexes venv <paramref name="env"/> installs: a sliding window, so every entry is referenced.</summary>
    public IEnumerable<int> PackagesOf(int env) =>
        Enumerable.Range(0, spec.PackagesPerEnvironment).Select(j => (env * spec.PackagesPerEnvironment + j) % spec.Entries);

    public bool IsSymlinkMode(int env) => env % 2 == 0;

    /// <summary>
    /// Generates what is missing for the first <paramref name="environments"/> venvs (the cache, then each root
    /// that is not there yet; roots beyond are left for a later call). Returns the time taken and the links of
    /// those venvs.
    /// </summary>
    public (TimeSpan Elapsed, long Links) EnsureGenerated(Action<string> log, int? environments = null)
    {
        var upTo = environments ?? spec.Environments;
        var clock = Stopwatch.StartNew();
        var generated = false;
        if (!File.Exists(StampFile) || File.ReadAllText(StampFile) != spec.Stamp)
        {
            if (Directory.Exists(directory)) Shell.Run("rm", "-rf", "--", directory);
            Directory.CreateDirectory(Cache);
            File.WriteAllText(Path.Combine(Cache, "CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55");
            File.WriteAllText(Path.Combine(Cache, ".gitignore"), "*");
            File.WriteAllBytes(Path.Combine(Cache, ".lock"), []);
            Directory.CreateDirectory(Path.Combine(Cache, "archive-v0"));
            log($"generating {spec.Entries} archive entries ({spec.Layout})");
            Parallel.For(0, spec.Entries, Options, i => WriteEntry(Cache, WheelShape.For(i), EntryId(i), spec.Layout));
            File.WriteAllText(StampFile, spec.Stamp);
            generated = true;
        }

        long links = 0;
        for (var r = 0; r < spec.Ends.Count && (r == 0 ? 0 : spec.Ends[r - 1]) < upTo; r++)
        {
            var first = r == 0 ? 0 : spec.Ends[r - 1];
            var rootStamp = $"{spec.Stamp} envs={first}..{spec.Ends[r]}";
            if (!File.Exists(RootStamp(r)) || File.ReadAllText(RootStamp(r)) != rootStamp)
            {
                if (Directory.Exists(Root(r))) Shell.Run("rm", "-rf", "--", Root(r));
                log($"generating venvs {first}–{spec.Ends[r] - 1} × {spec.PackagesPerEnvironment} packages in {Root(r)}");
                long rootLinks = 0;
                Parallel.For(first, spec.Ends[r], Options, i => Interlocked.Add(ref rootLinks, WriteEnvironment(i)));
                File.WriteAllText(RootLinks(r), rootLinks.ToString());
                File.WriteAllText(RootStamp(r), rootStamp);
                generated = true;
            }
            links += long.Parse(File.ReadAllText(RootLinks(r)));
        }
        return (generated ? clock.Elapsed : TimeSpan.Zero, links);
    }

    public static ParallelOptions Options { get; } = new() { MaxDegreeOfParallelism = System.Environment.ProcessorCount };

    /// <summary>Unpacks a wheel into <c>archive-v0/&lt;ID&gt;</c> and points <c>wheels-v6/pypi/&lt;name&gt;/&lt;ver&gt;-py3-none-any</c> at it.
    /// In the content-addressed layout every file is instead a hardlink to its <c>files-v0</c> object.</summary>
    public static void WriteEntry(string cache, WheelShape shape, string id, CorpusLayout layout)
    {
        var entry = Path.Combine(cache, "archive-v0", id);
        foreach (var group in shape.Files.GroupBy(f => Path.GetDirectoryName(f)!))
        {
            Directory.CreateDirectory(Path.Combine(entry, group.Key));
            foreach (var file in group)
            {
                if (layout == CorpusLayout.ContentAddressed) ContentObjects.Link(cache, WheelShape.Content(file), Path.Combine(entry, file));
                else File.WriteAllBytes(Path.Combine(entry, file), WheelShape.Content(file));
            }
        }
        var pointerDir = Path.Combine(cache, "wheels-v6", "pypi", shape.Name);
        Directory.CreateDirectory(pointerDir);
        var pointer = Path.Combine(pointerDir, $"{shape.Version}-py3-none-any");
        if (File.Exists(pointer) || Directory.Exists(pointer)) File.Delete(pointer);
        Native.Symlink($"../../../archive-v0/{id}", pointer);
        File.WriteAllBytes(pointer + ".http", Encoding.UTF8.GetBytes($"\u0081\u00a2id\u00b0{id}"));
    }

    private long WriteEnvironment(int env)
    {
        var venv = Environment(env);
        var site = SitePackages(venv);
        Directory.CreateDirectory(site);
        Directory.CreateDirectory(Path.Combine(venv, "bin"));
        File.WriteAllText(Path.Combine(venv, "pyvenv.cfg"),
            "home = /usr/bin\nimplementation = CPython\nuv = 0.12.5\nversion_info = 3.12.3\ninclude-system-site-packages = false\nprompt = p" + env + "\n");
        File.WriteAllText(Path.Combine(venv, "CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55");
        File.WriteAllText(Path.Combine(venv, ".gitignore"), "*");
        Native.Symlink("lib", Path.Combine(venv, "lib64"));
        Native.Symlink("/usr/bin/python3.12", Path.Combine(venv, "bin", "python"));
        Native.Symlink("python", Path.Combine(venv, "bin", "python3"));
        Native.Symlink("python", Path.Combine(venv, "bin", "python3.12"));
        foreach (var activator in new[] { "activate", "activate.csh", "activate.fish", "activate.nu", "activate_this.py" })
            File.WriteAllText(Path.Combine(venv, "bin", activator), "# " + activator + "\n");
        File.WriteAllText(Path.Combine(site, "_virtualenv.py"), "# virtualenv shim\n");
        File.WriteAllText(Path.Combine(site, "_virtualenv.pth"), "import _virtualenv\n");

        long links = 0;
        foreach (var index in PackagesOf(env)) links += Install(venv, index, IsSymlinkMode(env));
        return links;
    }

    /// <summary>Installs entry <paramref name="index"/> as uv does: every file linked except RECORD, plus INSTALLER and REQUESTED.</summary>
    public long Install(string venv, int index, bool symlink)
    {
        var shape = WheelShape.For(index);
        var entry = EntryPath(index);
        var site = SitePackages(venv);
        long links = 0;
        foreach (var group in shape.Files.GroupBy(f => Path.GetDirectoryName(f)!))
        {
            Directory.CreateDirectory(Path.Combine(site, group.Key));
            foreach (var file in group)
            {
                var source = Path.Combine(entry, file);
                var destination = Path.Combine(site, file);
                if (Path.GetFileName(file) == "RECORD") File.Copy(source, destination);
                else
                {
                    if (symlink) Native.Symlink(source, destination);
                    else Native.Link(source, destination);
                    links++;
                }
            }
        }
        File.WriteAllText(Path.Combine(site, shape.DistInfo, "INSTALLER"), "uv");
        File.WriteAllBytes(Path.Combine(site, shape.DistInfo, "REQUESTED"), []);
        return links;
    }

    /// <summary>Uninstalls entry <paramref name="index"/> from a venv (removes its top-level package and dist-info).</summary>
    public static void Uninstall(string venv, int index)
    {
        var shape = WheelShape.For(index);
        var site = SitePackages(venv);
        Directory.Delete(Path.Combine(site, shape.Name), recursive: true);
        Directory.Delete(Path.Combine(site, shape.DistInfo), recursive: true);
    }
}
