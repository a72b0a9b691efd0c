using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>
/// A real temporary directory for one test. Its <see cref="Path"/> is canonical (no symlink in
/// it), so tests can compare realpaths directly. Dispose deletes it recursively without following
/// symlinks, even where a test made things read-only.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; }

    private TempDirectory(string path) => Path = path;

    public static TempDirectory Create(string prefix = "gctool-sim-")
    {
        var created = Directory.CreateTempSubdirectory(prefix).FullName;
        return new TempDirectory(NativeFileStatReader.Instance.TryRealPath(created) ?? created);
    }

    /// <summary>A path below this directory (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A subdirectory below this directory, created.</summary>
    public string CreateDirectory(params string[] parts) => Directory.CreateDirectory(Combine(parts)).FullName;

    public void Dispose() => FileTree.DeleteTree(Path);

    public override string ToString() => Path;
}
