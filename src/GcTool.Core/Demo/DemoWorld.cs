using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GcTool.Core.Demo;

/// <summary>
/// The small, real world <c>gctool demo</c> runs on: a uv-shaped cache in <c>DIR/cache</c>, project
/// venvs in <c>DIR/projects</c> (symlink, hardlink and copy installs), a uv tool env in
/// <c>DIR/tools</c>, and one venv a plain <c>uv cache prune</c> already broke. Everything is written
/// with real mkdir, write, rename, symlink and link calls, under DIR only.
/// </summary>
/// <remarks>
/// Honest to uv-cache-spec.md as the test simulator is: CACHEDIR.TAG of 43 bytes without a newline,
/// <c>.gitignore</c>, a 0666 <c>.lock</c>, <c>sdists-v9/{.gitignore,.git}</c>; each wheel unpacked in a
/// root <c>.tmpXXXXXX</c> and renamed to <c>archive-v0/&lt;16-char ID&gt;</c>; pointers as relative links
/// <c>wheels-v6/pypi/&lt;name&gt;/&lt;KEY&gt; → ../../../archive-v0/&lt;ID&gt;</c> with a <c>.http</c> beside
/// them, re-pointed by temp link + rename on refresh; installs link file by file with real directories,
/// RECORD always copied, INSTALLER and REQUESTED written as real files. The history is the seed bug's:
/// a refresh orphans an archive a symlink venv uses, and a plain prune then deletes it.
/// </remarks>
public sealed partial class DemoWorld
{
    private const string CacheDirTag = "Signature: 8a477f597d28d172789f06886806bc55";
    private const string IdAlphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private readonly Func<string, bool> _createVenv;
    private readonly Dictionary<string, string> _pointerTarget = new(StringComparer.Ordinal);
    private readonly List<DemoEnvironment> _environments = [];

    public string Directory { get; }
    public string Cache => System.IO.Path.Combine(Directory, "cache");
    public string Projects => System.IO.Path.Combine(Directory, "projects");
    public string Tools => System.IO.Path.Combine(Directory, "tools");
    public string Database => System.IO.Path.Combine(Directory, "gctool.sqlite3");
    public string Report => System.IO.Path.Combine(Directory, "report.html");

    /// <summary>True when every venv came from a real interpreter (<c>python3 -m venv</c>).</summary>
    public bool RealInterpreter { get; private set; } = true;

    public IReadOnlyList<DemoEnvironment> Environments => _environments;

    /// <summary>Which wheel each archive holds, for the demo's summary.</summary>
    public Dictionary<string, DemoWheel> Archives { get; } = new(StringComparer.Ordinal);

    private DemoWorld(string directory, Func<string, bool> createVenv)
    {
        Directory = directory;
        _createVenv = createVenv;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string from, string to);

    /// <summary>
    /// Builds the world in <paramref name="directory"/> (which must exist and be empty).
    /// <paramref name="createVenv"/> makes a real venv at a path and returns true, or returns false when
    /// no interpreter is available (the demo then writes venv-shaped directories itself).
    /// </summary>
    public static DemoWorld Build(string directory, Func<string, bool> createVenv)
    {
        var world = new DemoWorld(directory, createVenv);
        world.CreateCache();
        var greet = new DemoWheel("greet", "1.0", "greet", "hello");
        var shapes = new DemoWheel("shapes", "2.0", "shapes", "square");
        var units = new DemoWheel("units", "0.3", "units", "metre");
        var oldlib = new DemoWheel("oldlib", "1.2", "oldlib", "legacy");
        var tool = new DemoWheel("demo-tool", "0.5", "demo_tool", "cli");

        // Last month: two projects install units; uv later re-downloads it (a new archive, the pointer
        // moves) and someone runs a plain `uv cache prune`, which deletes the archive the symlink venv uses.
        var units1 = world.Persist(units);
        world.Install("broken-app", DemoLinkMode.Symlink, (units, units1));
        world.Install("hardlink-app", DemoLinkMode.Hardlink, (units, units1));
        world.Persist(units);
        PlainPrune.Run(world.Cache);
        world.MarkBroken("broken-app");

        // This week: more installs, then refreshes that orphan greet 1.0 (still used) and oldlib 1.2 (unused).
        var greet1 = world.Persist(greet);
        var shapes1 = world.Persist(shapes);
        var tool1 = world.Persist(tool);
        world.Persist(oldlib);
        world.Install("symlink-app", DemoLinkMode.Symlink, (greet, greet1), (shapes, shapes1));
        world.Install("copy-app", DemoLinkMode.Copy, (shapes, shapes1));
        world.InstallTool("demo-tool", (tool, tool1));
        world.Persist(greet);
        world.Persist(oldlib);
        return world;
    }

    private void CreateCache()
    {
        System.IO.Directory.CreateDirectory(Cache);
        File.WriteAllText(System.IO.Path.Combine(Cache, "CACHEDIR.TAG"), CacheDirTag);
        File.WriteAllText(System.IO.Path.Combine(Cache, ".gitignore"), "*");
        var lockFile = System.IO.Path.Combine(Cache, ".lock");
        File.WriteAllBytes(lockFile, []);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(lockFile, (UnixFileMode)0b110_110_110); // uv creates it 0666
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Cache, "sdists-v9"));
        File.WriteAllBytes(System.IO.Path.Combine(Cache, "sdists-v9", ".gitignore"), []);
        File.WriteAllBytes(System.IO.Path.Combine(Cache, "sdists-v9", ".git"), []);
    }

    /// <summary>uv's persist: unzip into a root <c>.tmpXXXXXX</c>, rename to <c>archive-v0/ID</c>, then (re-)point the wheel link.</summary>
    private string Persist(DemoWheel wheel)
    {
        var staging = System.IO.Path.Combine(Cache, ".tmp" + RandomText(6, IdAlphabet[2..]));
        foreach (var (path, content) in wheel.Files())
        {
            var file = System.IO.Path.Combine(staging, path);
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
        }
        var id = RandomText(16, IdAlphabet);
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Cache, "archive-v0"));
        System.IO.Directory.Move(staging, System.IO.Path.Combine(Cache, "archive-v0", id));
        Archives[id] = wheel;

        var shard = System.IO.Path.Combine(Cache, "wheels-v6", "pypi", wheel.Name);
        System.IO.Directory.CreateDirectory(shard);
        var pointer = System.IO.Path.Combine(shard, wheel.CacheKey);
        var temporary = System.IO.Path.Combine(shard, ".tmp" + RandomText(6, IdAlphabet[2..]) + "-link");
        File.CreateSymbolicLink(temporary, $"../../../archive-v0/{id}");
        // rename(2) itself (File.Move looks through the link first): atomically re-points a refreshed wheel.
        if (Rename(temporary, pointer) != 0) throw new IOException($"rename {temporary} {pointer}: errno {Marshal.GetLastPInvokeError()}");
        File.WriteAllBytes(pointer + ".http", HttpPointer(wheel, id));
        _pointerTarget[wheel.Name] = id;
        return id;
    }

    private void Install(string project, DemoLinkMode mode, params (DemoWheel Wheel, string ArchiveId)[] wheels)
    {
        var projectDir = System.IO.Path.Combine(Projects, project);
        System.IO.Directory.CreateDirectory(projectDir);
        File.WriteAllText(System.IO.Path.Combine(projectDir, "pyproject.toml"),
            $"[project]\nname = \"{project}\"\nversion = \"0.1\"\ndependencies = [{string.Join(", ", wheels.Select(w => $"\"{w.Wheel.Name}=={w.Wheel.Version}\""))}]\n");
        var venv = System.IO.Path.Combine(projectDir, ".venv");
        InstallInto(venv, project, mode, wheels);
    }

    private void InstallTool(string name, params (DemoWheel Wheel, string ArchiveId)[] wheels)
    {
        System.IO.Directory.CreateDirectory(Tools);
        File.WriteAllText(System.IO.Path.Combine(Tools, ".gitignore"), "*");
        File.WriteAllBytes(System.IO.Path.Combine(Tools, ".lock"), []);
        var venv = System.IO.Path.Combine(Tools, name);
        InstallInto(venv, $"tools/{name}", DemoLinkMode.Symlink, wheels);
        File.WriteAllText(System.IO.Path.Combine(venv, "uv-receipt.toml"), $"[tool]\nrequirements = [{{ name = \"{name}\" }}]\n");
    }

    private void InstallInto(string venv, string label, DemoLinkMode mode, (DemoWheel Wheel, string ArchiveId)[] wheels)
    {
        var sitePackages = CreateVenv(venv);
        foreach (var (wheel, id) in wheels)
        {
            var archive = System.IO.Path.Combine(Cache, "archive-v0", id);
            foreach (var (path, _) in wheel.Files())
            {
                var source = System.IO.Path.Combine(archive, path);
                var target = System.IO.Path.Combine(sitePackages, path);
                System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                if (path.EndsWith("/RECORD", StringComparison.Ordinal) || mode == DemoLinkMode.Copy) File.Copy(source, target);
                else if (mode == DemoLinkMode.Symlink) File.CreateSymbolicLink(target, source);
                else if (Link(source, target) != 0) throw new IOException($"link {source} {target}: errno {Marshal.GetLastPInvokeError()}");
            }
            var distInfo = System.IO.Path.Combine(sitePackages, wheel.DistInfo);
            File.WriteAllText(System.IO.Path.Combine(distInfo, "INSTALLER"), "uv");
            File.WriteAllBytes(System.IO.Path.Combine(distInfo, "REQUESTED"), []);
            File.AppendAllText(System.IO.Path.Combine(distInfo, "RECORD"), $"{wheel.DistInfo}/INSTALLER,,\n{wheel.DistInfo}/REQUESTED,,\n");
        }
        _environments.Add(new DemoEnvironment(label, venv, mode, wheels));
    }

    /// <summary>A real venv when an interpreter is there; otherwise uv's layout (§6) without one.</summary>
    private string CreateVenv(string venv)
    {
        if (_createVenv(venv))
        {
            var lib = System.IO.Path.Combine(venv, "lib");
            var python = System.IO.Directory.EnumerateDirectories(lib, "python3*").Order(StringComparer.Ordinal).First();
            return System.IO.Path.Combine(python, "site-packages");
        }
        RealInterpreter = false;
        var sitePackages = System.IO.Path.Combine(venv, "lib", "python3.12", "site-packages");
        System.IO.Directory.CreateDirectory(sitePackages);
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(venv, "bin"));
        File.CreateSymbolicLink(System.IO.Path.Combine(venv, "lib64"), "lib");
        File.WriteAllText(System.IO.Path.Combine(venv, "pyvenv.cfg"),
            "home = /usr/bin\nimplementation = CPython\nuv = 0.12.5\nversion_info = 3.12.3\ninclude-system-site-packages = false\n");
        File.WriteAllText(System.IO.Path.Combine(venv, "CACHEDIR.TAG"), CacheDirTag);
        File.WriteAllText(System.IO.Path.Combine(venv, ".gitignore"), "*");
        return sitePackages;
    }

    private void MarkBroken(string label)
    {
        var index = _environments.FindIndex(e => e.Label == label);
        _environments[index] = _environments[index] with { BrokenBeforeGctool = true };
    }

    private static string RandomText(int length, string alphabet)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        return text.ToString();
    }
}
