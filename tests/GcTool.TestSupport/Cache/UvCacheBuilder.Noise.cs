namespace GcTool.TestSupport;

public sealed partial class UvCacheBuilder
{
    /// <summary>
    /// An old bucket left by an earlier uv (default <c>wheels-v5</c>) holding a stale <c>.http</c>.
    /// To leave an archive entry referenced only from an old bucket, persist with
    /// <c>new PersistOptions { Bucket = "wheels-v5" }</c> instead.
    /// </summary>
    public string AddOldBucket(string name = "wheels-v5")
    {
        var directory = PathOf(name, "pypi", "oldpkg");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "0.1-py3-none-any.http"), HttpPointerFile.ForRevision(ArchiveIds.New()));
        return PathOf(name);
    }

    /// <summary>A simple-index cache file: <c>simple-v24/pypi/&lt;name&gt;.rkyv</c>.</summary>
    public string AddSimpleIndexEntry(string packageName = "x")
    {
        var path = PathOf("simple-v24", "pypi", packageName + ".rkyv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, "rkyv-stand-in"u8.ToArray());
        return path;
    }

    /// <summary>An in-progress unzip: <c>&lt;root&gt;/.tmpXXXXXX/</c> with a partial wheel in it.</summary>
    public string AddStagingDirectory()
    {
        var path = CreateStagingDirectory(Root);
        Directory.CreateDirectory(Path.Combine(path, "partial"));
        File.WriteAllText(Path.Combine(path, "partial", "__init__.py"), "");
        return path;
    }

    /// <summary>An in-progress build or ephemeral venv: <c>builds-v0/.tmpXXXXXX/</c>.</summary>
    public string AddBuildStagingDirectory()
    {
        var path = CreateStagingDirectory(PathOf(BuildsBucket));
        File.WriteAllText(Path.Combine(path, "pyvenv.cfg"), "home = /usr/bin\n");
        return path;
    }

    /// <summary>A bucket from a newer uv that this version does not know (default <c>wheels-v99</c>).</summary>
    public string AddFutureBucket(string name = "wheels-v99")
    {
        var directory = PathOf(name, "pypi", "future");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "9.9-py3-none-any.http"), "future");
        return PathOf(name);
    }

    /// <summary>All of the above; returns the paths created.</summary>
    public IReadOnlyList<string> AddNoise() =>
        [AddOldBucket(), AddSimpleIndexEntry(), AddStagingDirectory(), AddBuildStagingDirectory(), AddFutureBucket()];
}
