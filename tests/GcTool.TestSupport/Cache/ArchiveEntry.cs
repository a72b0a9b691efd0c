using GcTool.Core.Cache;

namespace GcTool.TestSupport;

/// <summary>
/// An entry the simulator persisted into <c>archive-v0/</c>: an unpacked wheel (<see cref="Spec"/> set)
/// or a whole cached venv (<see cref="Kind"/> = Venv, <see cref="Spec"/> null).
/// </summary>
/// <param name="Id">The directory name under <c>archive-v0/</c>.</param>
/// <param name="Path">Absolute path of the entry, through the cache root as given.</param>
/// <param name="PointerPath">The link uv made to it (wheels-v6, sdists-v9 or environments-v2), if any.</param>
/// <param name="Spec">The wheel it holds.</param>
/// <param name="CacheRoot">The cache root as the persisting uv process saw it.</param>
public sealed record ArchiveEntry(
    string Id,
    string Path,
    string? PointerPath,
    WheelSpec? Spec,
    string CacheRoot,
    EntryKind Kind,
    PersistOptions Options)
{
    public EntryKey Key => new(0, EntryId.Parse(Id));

    /// <summary><c>archive-v0/&lt;ID&gt;</c>.</summary>
    public string RelativePath => $"archive-v0/{Id}";

    /// <summary>The wheel's spec; throws for a cached-venv entry.</summary>
    public WheelSpec Wheel => Spec ?? throw new InvalidOperationException($"{RelativePath} is a cached venv, not a wheel");

    /// <summary>A file inside the entry, e.g. <c>FileAt("foo/sub.py")</c>.</summary>
    public string FileAt(string relative) => System.IO.Path.Combine(Path, relative);

    public bool Exists => FileTree.Exists(Path);

    public override string ToString() => RelativePath;
}
