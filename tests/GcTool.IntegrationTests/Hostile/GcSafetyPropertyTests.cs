using System.Diagnostics;
using System.IO.Abstractions;
using CsCheck;
using GcTool.Core;
using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;
using GcTool.Core.Store;
using GcTool.Store.Sqlite;
using GcTool.TestSupport;
using Xunit.Abstractions;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// The safety property over random caches and environments, on real files: gc never deletes an
/// entry an environment references, leaves no environment link dangling, and a second gc right
/// after deletes nothing. What is referenced is computed from the generator's model, never from
/// gctool's own database.
/// </summary>
public sealed class GcSafetyPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 80;

    public enum PointerKind { None, Relative, Absolute, Text }

    /// <summary>How an environment links a file: an absolute symlink into the entry, through its
    /// <c>wheels-v6</c> pointer, through a symlinked spelling of the cache root, through the path a
    /// container mounts the cache at (dangles on this host; <c>GCTOOL_CACHE_ALIASES</c>), or a hardlink.</summary>
    public enum LinkVia { Direct, ThroughPointer, ThroughAlias, ThroughContainerMount, Hardlink }

    /// <param name="IsCachedVenv">A <c>uvx</c>-style venv stored as an archive entry; <paramref name="Links"/> are the entries it links to.</param>
    /// <param name="Pinned">For a cached venv: an <c>environments-v2</c> link names it, so uv will reuse it (a root).</param>
    public sealed record EntryModel(string Id, int Files, PointerKind Pointer, bool IsCachedVenv, int[] Links, bool Pinned);

    public sealed record LinkModel(int Entry, LinkVia Via);

    public sealed record EnvModel(LinkModel[] Links);

    /// <param name="MinAgeDay">gc --min-age 1d rather than 0s.</param>
    /// <param name="ClockDaysAhead">gc's clock runs this many days ahead of the files' times (entries look that old).</param>
    public sealed record CaseModel(EntryModel[] Entries, EnvModel[] Envs, bool MinAgeDay, int ClockDaysAhead)
    {
        public override string ToString() =>
            $"entries: {string.Join("; ", Entries.Select((e, i) => $"#{i} {e.Id} files={e.Files} ptr={e.Pointer}{(e.IsCachedVenv ? $" venv pinned={e.Pinned} links=[{string.Join(',', e.Links)}]" : "")}"))}\n" +
            $"envs: {string.Join("; ", Envs.Select(v => "[" + string.Join(',', v.Links.Select(l => $"{l.Entry}:{l.Via}")) + "]"))}\n" +
            $"min-age: {(MinAgeDay ? "1d" : "0s")}, clock ahead: {ClockDaysAhead}d";

        /// <summary>Links of a cached venv that the builder really makes: to wheel entries only, never to itself.</summary>
        public IEnumerable<int> EffectiveLinks(int venv) =>
            Entries[venv].Links.Where(k => k != venv && !Entries[k].IsCachedVenv).Distinct();

        /// <summary>Independently of gctool: roots are the environments and pinned cached venvs; a kept cached venv keeps what it links.</summary>
        public HashSet<int> Referenced()
        {
            var referenced = new HashSet<int>(Envs.SelectMany(e => e.Links).Select(l => l.Entry));
            referenced.UnionWith(Enumerable.Range(0, Entries.Length).Where(i => Entries[i].IsCachedVenv && Entries[i].Pinned));
            var pending = new Stack<int>(referenced);
            while (pending.TryPop(out var i))
                if (Entries[i].IsCachedVenv)
                    foreach (var k in EffectiveLinks(i))
                        if (referenced.Add(k)) pending.Push(k);
            return referenced;
        }

        /// <summary>
        /// What gc should delete: everything unreferenced that is old enough. Age counts from the last
        /// reference, and a scan that sees any cached venv link to an entry refreshes it, so with a
        /// non-zero --min-age an entry linked only by a doomed cached venv waits one more grace period.
        /// </summary>
        public HashSet<int> Collectable()
        {
            var all = Enumerable.Range(0, Entries.Length);
            if (!MinAgeDay) return all.Except(Referenced()).ToHashSet();
            if (ClockDaysAhead < 2) return [];
            var seenJustNow = Enumerable.Range(0, Entries.Length).Where(i => Entries[i].IsCachedVenv).SelectMany(EffectiveLinks);
            return all.Except(Referenced()).Except(seenJustNow).ToHashSet();
        }
    }

    private static readonly Gen<string> IdGen =
        Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"], 14, 14];

    private static Gen<EntryModel> EntryGen(int count) =>
        from salt in IdGen
        from files in Gen.Int[1, 3]
        from pointer in Gen.Enum<PointerKind>()
        from kind in Gen.Int[0, 4]
        from links in Gen.Int[0, count - 1].Array[0, 3]
        from pinned in Gen.Bool
        select new EntryModel(salt, files, pointer, kind == 0, links, pinned);

    private static Gen<EnvModel> EnvGen(int count) =>
        from links in Gen.Select(Gen.Int[0, count - 1], Gen.Enum<LinkVia>(), (e, via) => new LinkModel(e, via)).Array[0, 4]
        select new EnvModel(links);

    private static readonly Gen<CaseModel> CaseGen =
        from n in Gen.Int[1, 6]
        from entries in EntryGen(n).Array[n, n]
        from m in Gen.Int[0, 4]
        from envs in EnvGen(n).Array[m, m]
        from minAgeDay in Gen.Bool
        from aheadBit in Gen.Bool
        let ahead = aheadBit ? 2 : 0
        select new CaseModel(entries.Select((e, i) => e with { Id = e.Id + i.ToString("D2") }).ToArray(), envs, minAgeDay, ahead);

    [Theory]
    [InlineData(CacheLayout.Classic)]
    [InlineData(CacheLayout.ContentAddressed)]
    public void Gc_NeverDeletesAReferencedEntry_LeavesNoLinkDangling_AndASecondGcDeletesNothing(CacheLayout layout)
    {
        var clock = Stopwatch.StartNew();
        CaseGen.Sample(model => RunCase(ForLayout(model, layout), layout), iter: Cases, threads: 1, print: c => c.ToString());
        output.WriteLine($"{Cases} cases in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>The content-addressed layout names archives with 24 lowercase base-36 characters.</summary>
    private static CaseModel ForLayout(CaseModel model, CacheLayout layout) =>
        layout == CacheLayout.Classic ? model : model with { Entries = model.Entries.Select(e => e with { Id = ContentAddressedStore.IdFor(e.Id) }).ToArray() };

    private static void RunCase(CaseModel model, CacheLayout layout)
    {
        using var temp = TempDirectory.Create("gctool-prop-");
        var world = Build(model, temp, layout);

        var first = Gc(world, model);
        var deleted = first.Items.Where(i => i.State == SweepState.Deleted).Select(i => i.Entry.Id.Value).ToHashSet();
        var referenced = model.Referenced().Select(i => model.Entries[i].Id).ToHashSet();

        Assert.True(!deleted.Overlaps(referenced), $"gc deleted referenced entries: {string.Join(", ", deleted.Intersect(referenced))}");
        var everything = model.Entries.Select(e => e.Id).ToHashSet();
        var collectable = model.Collectable().Select(i => model.Entries[i].Id).ToHashSet();
        Assert.True(collectable.SetEquals(deleted), $"expected to delete [{string.Join(", ", collectable.Order())}], deleted [{string.Join(", ", deleted.Order())}]");
        foreach (var env in world.Envs)
            Assert.DoesNotContain(FileTree.DanglingLinks(env), l => !new FileInfo(l).LinkTarget!.StartsWith(ContainerMount + "/", StringComparison.Ordinal));
        foreach (var link in world.Envs.SelectMany(FileTree.Walk).Where(FileTree.IsSymlink))
            if (new FileInfo(link).LinkTarget is { } target && target.StartsWith(ContainerMount + "/", StringComparison.Ordinal))
                Assert.True(Directory.Exists(Path.Combine(world.Cache.RealRoot, target[(ContainerMount.Length + 1)..].Split('/')[0], target[(ContainerMount.Length + 1)..].Split('/')[1])),
                    $"{link} -> {target}: the entry is gone from the cache the container mounts");
        foreach (var id in everything.Except(deleted))
        {
            Assert.True(Directory.Exists(Path.Combine(world.Cache.RealRoot, "archive-v0", id)), $"entry {id} vanished without being reported deleted");
            Assert.Empty(FileTree.DanglingLinks(Path.Combine(world.Cache.RealRoot, "archive-v0", id)));
        }
        Assert.Empty(DanglingPointers(world.Cache.RealRoot));

        var second = Gc(world, model);
        Assert.DoesNotContain(second.Items, i => i.State == SweepState.Deleted);
        if (layout == CacheLayout.ContentAddressed) AssertObjectsCollectedExactly(world.Cache);
    }

    /// <summary>Every object nothing links is gone, and every file of a kept archive still has its object.</summary>
    private static void AssertObjectsCollectedExactly(UvCacheBuilder cache)
    {
        Assert.DoesNotContain(ContentAddressedStore.Objects(cache.Root), o => FileTree.LStat(o).LinkCount == 1);
        foreach (var file in FileTree.Walk(cache.ArchiveDirectory).Where(p => FileTree.KindOf(p) == FileKind.File))
            Assert.True(FileTree.LStat(file).LinkCount >= 2, $"{file} lost its files-v0 object");
    }

    private sealed record World(UvCacheBuilder Cache, string Root, string Alias, string Database, List<string> Envs);

    /// <remarks>In the content-addressed layout each wheel also holds the same LICENSE and an empty py.typed, and
    /// every file becomes a hardlink to its files-v0 object before the rename, as uv's persist does.</remarks>
    private static World Build(CaseModel model, TempDirectory temp, CacheLayout layout)
    {
        var contentAddressed = layout == CacheLayout.ContentAddressed;
        var cache = UvCacheBuilder.Create(temp.Combine("cache"), layout: layout);
        var alias = temp.Combine("cache-alias");
        Directory.CreateSymbolicLink(alias, cache.Root);
        var archive = Directory.CreateDirectory(cache.ArchiveDirectory).FullName;

        for (var i = 0; i < model.Entries.Length; i++)
        {
            var e = model.Entries[i];
            var staging = UvCacheBuilder.CreateStagingDirectory(cache.Root);
            if (e.IsCachedVenv)
            {
                var site = Directory.CreateDirectory(Path.Combine(staging, "lib", "python3.11", "site-packages")).FullName;
                File.WriteAllText(Path.Combine(staging, "pyvenv.cfg"), "home = /usr/bin\nversion_info = 3.11.9\n");
                File.WriteAllText(Path.Combine(site, "own.py"), $"# cached venv {i}");
                foreach (var k in model.EffectiveLinks(i))
                    File.CreateSymbolicLink(Path.Combine(site, $"link{k}.py"), Path.Combine(archive, model.Entries[k].Id, TargetFile(model, k)));
                if (e.Pinned)
                {
                    var pin = cache.PathOf("environments-v2", $"tool-{i}");
                    Directory.CreateDirectory(Path.GetDirectoryName(pin)!);
                    File.CreateSymbolicLink(pin, Path.Combine("..", "archive-v0", e.Id));
                }
            }
            else
            {
                Directory.CreateDirectory(Path.Combine(staging, $"pkg{i}"));
                var unique = contentAddressed ? $"# pkg{i}\n" : "";
                for (var f = 0; f < e.Files; f++) File.WriteAllText(Path.Combine(staging, $"pkg{i}", $"m{f}.py"), unique + new string('x', 10 * (f + 1)));
                Directory.CreateDirectory(Path.Combine(staging, $"pkg{i}-1.0.dist-info"));
                File.WriteAllText(Path.Combine(staging, $"pkg{i}-1.0.dist-info", "METADATA"), $"Name: pkg{i}\nVersion: 1.0\n");
                if (contentAddressed)
                {
                    File.WriteAllText(Path.Combine(staging, $"pkg{i}-1.0.dist-info", "LICENSE"), "MIT License\n");
                    File.WriteAllText(Path.Combine(staging, $"pkg{i}", "py.typed"), "");
                }
                WritePointer(cache, i, e);
            }
            if (contentAddressed) ContentAddressedStore.StoreFiles(cache.Root, staging);
            Directory.Move(staging, Path.Combine(archive, e.Id));
        }

        var root = temp.CreateDirectory("root");
        var envs = new List<string>();
        for (var v = 0; v < model.Envs.Length; v++)
        {
            var env = HostileWorld.FakeVenv(Path.Combine(root, $"proj{v}", ".venv"));
            var site = Path.Combine(env, "lib", "python3.11", "site-packages");
            var links = model.Envs[v].Links;
            for (var l = 0; l < links.Length; l++)
            {
                var k = links[l].Entry;
                var entry = model.Entries[k];
                var relative = TargetFile(model, k);
                var at = Path.Combine(site, $"l{l}.py");
                switch (links[l].Via)
                {
                    case LinkVia.ThroughPointer when !entry.IsCachedVenv && entry.Pointer is PointerKind.Relative or PointerKind.Absolute:
                        File.CreateSymbolicLink(at, Path.Combine(cache.PathOf("wheels-v6", "pypi", $"pkg{k}", "1.0-py3-none-any"), relative));
                        break;
                    case LinkVia.ThroughAlias:
                        File.CreateSymbolicLink(at, Path.Combine(alias, "archive-v0", entry.Id, relative));
                        break;
                    case LinkVia.ThroughContainerMount:
                        File.CreateSymbolicLink(at, Path.Combine(ContainerMount, "archive-v0", entry.Id, relative));
                        break;
                    case LinkVia.Hardlink:
                        HostileWorld.Hardlink(Path.Combine(archive, entry.Id, relative), at);
                        break;
                    default:
                        File.CreateSymbolicLink(at, Path.Combine(archive, entry.Id, relative));
                        break;
                }
            }
            envs.Add(env);
        }
        return new World(cache, root, alias, temp.Combine("state", "gctool.sqlite3"), envs);
    }

    /// <summary>Where a container mounts the cache; does not exist on this host.</summary>
    private const string ContainerMount = "/mnt/gctool-test-uv-cache";

    private static string TargetFile(CaseModel model, int k) =>
        model.Entries[k].IsCachedVenv ? Path.Combine("lib", "python3.11", "site-packages", "own.py") : Path.Combine($"pkg{k}", "m0.py");

    private static void WritePointer(UvCacheBuilder cache, int i, EntryModel e)
    {
        var pointer = cache.PathOf("wheels-v6", "pypi", $"pkg{i}", "1.0-py3-none-any");
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        switch (e.Pointer)
        {
            case PointerKind.Relative: File.CreateSymbolicLink(pointer, Path.Combine("..", "..", "..", "archive-v0", e.Id)); break;
            case PointerKind.Absolute: File.CreateSymbolicLink(pointer, Path.Combine(cache.ArchiveDirectory, e.Id)); break;
            case PointerKind.Text: File.WriteAllText(pointer, $"archive-v0/{e.Id}"); break;
        }
    }

    private static GcReport Gc(World world, CaseModel model)
    {
        var fs = new FileSystem();
        var stat = NativeFileStatReader.Instance;
        var cache = UvCache.Open(fs, stat, world.Cache.Root, [ContainerMount]);
        using var store = SqliteGcStore.Open(world.Database);
        store.BindCache(cache.Identity);
        var context = new GcToolContext(cache, store, fs, stat, new FlockCacheLocker(), new AheadClock(TimeSpan.FromDays(model.ClockDaysAhead)), NullOperatorLog.Instance);
        new Scanner(context).Scan(new ScanRequest([new(world.Root)]));
        return new Collector(context).Run(new GcRequest(false, model.MinAgeDay ? TimeSpan.FromDays(1) : TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    /// <summary>Pointers (symlinks in wheels-v6 / environments-v2, text files naming an id) whose entry is gone.</summary>
    private static List<string> DanglingPointers(string cacheRoot)
    {
        var dangling = new List<string>();
        foreach (var bucket in new[] { "wheels-v6", "environments-v2" }.Select(b => Path.Combine(cacheRoot, b)).Where(Directory.Exists))
        {
            foreach (var path in FileTree.Walk(bucket))
            {
                var kind = FileTree.KindOf(path);
                if (kind == FileKind.Symlink && NativeFileStatReader.Instance.TryRealPath(path) is null) dangling.Add(path);
                if (kind == FileKind.File && File.ReadAllText(path) is var text && text.StartsWith("archive-v0/", StringComparison.Ordinal)
                    && !Directory.Exists(Path.Combine(cacheRoot, text))) dangling.Add(path);
            }
        }
        return dangling;
    }

    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}
