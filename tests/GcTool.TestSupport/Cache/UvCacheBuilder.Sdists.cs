using GcTool.Core.Cache;

namespace GcTool.TestSupport;

public sealed partial class UvCacheBuilder
{
    /// <summary>
    /// A registry sdist downloaded and built as uv does:
    /// <c>sdists-v9/pypi/&lt;name&gt;/&lt;ver&gt;/{.lock, revision.http, &lt;REV&gt;/{src/…, metadata.msgpack, &lt;whl&gt;.whl, &lt;STEM&gt;}}</c>,
    /// where <c>&lt;STEM&gt;</c> → <c>../../../../../archive-v0/&lt;ID&gt;</c>.
    /// </summary>
    /// <remarks>
    /// Building the same sdist again makes a new revision and repoints <c>revision.http</c>; the old
    /// revision directory (and its <c>&lt;STEM&gt;</c> link) stays until <c>uv cache prune</c> step 1
    /// removes it, and only then does its archive entry become an orphan.
    /// </remarks>
    public SdistEntry BuildSdist(WheelSpec spec, IdStyle idStyle = IdStyle.Current)
    {
        // 1. The shard, its lock, and a fresh revision named by revision.http.
        var shard = PathOf(SdistsBucket, "pypi", spec.PackageName, spec.Version);
        Directory.CreateDirectory(shard);
        if (!File.Exists(Path.Combine(shard, ".lock"))) File.WriteAllBytes(Path.Combine(shard, ".lock"), []);
        var revision = ArchiveIds.New();
        var revisionPath = Path.Combine(shard, revision);
        Directory.CreateDirectory(revisionPath);

        // 2. The unpacked sdist (a real directory, never an archive) and the build's outputs.
        WriteSource(Path.Combine(revisionPath, "src"), spec);
        File.WriteAllBytes(Path.Combine(revisionPath, "metadata.msgpack"),
            new MsgPack.Writer().Map(2).Str("name").Str(spec.Name).Str("version").Str(spec.Version).ToArray());
        var wheel = WheelArchive.Build(spec);
        File.WriteAllBytes(Path.Combine(revisionPath, spec.FileName), wheel);

        // 3. Unzip the built wheel, persist it, link <STEM> to it.
        var staging = CreateStagingDirectory(Root);
        WheelArchive.Extract(wheel, staging);
        var id = MoveIntoArchive(staging, forcedId: null, idStyle);
        var stem = Path.Combine(revisionPath, spec.Stem);
        CachePointers.Create(stem, EntryPath(id), id, PointerStyle.RelativeSymlink);

        // 4. Point the shard at the new revision.
        File.WriteAllBytes(Path.Combine(shard, "revision.http"), HttpPointerFile.ForRevision(revision));

        var entry = new ArchiveEntry(id, EntryPath(id), stem, spec, Root, EntryKind.Wheel, PersistOptions.Default with { IdStyle = idStyle });
        return new SdistEntry(entry, shard, revision);
    }

    private static void WriteSource(string src, WheelSpec spec)
    {
        Directory.CreateDirectory(src);
        File.WriteAllText(Path.Combine(src, "pyproject.toml"),
            $"[project]\nname = \"{spec.Name}\"\nversion = \"{spec.Version}\"\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n");
        File.WriteAllText(Path.Combine(src, "PKG-INFO"), $"Metadata-Version: 2.3\nName: {spec.Name}\nVersion: {spec.Version}\n");
        foreach (var file in spec.Files)
        {
            var path = Path.Combine(src, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
        }
    }
}
