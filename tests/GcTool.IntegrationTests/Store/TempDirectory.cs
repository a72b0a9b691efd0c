using System.Runtime.Versioning;

namespace GcTool.IntegrationTests.Store;

/// <summary>A fresh directory under the system temp directory, deleted (permissions restored first) on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("gctool-store-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            if (!OperatingSystem.IsWindows()) MakeWritable(new DirectoryInfo(Path));
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }

    /// <summary>Tests make files and directories read-only; give the owner access back, top down.</summary>
    [UnsupportedOSPlatform("windows")]
    private static void MakeWritable(DirectoryInfo directory)
    {
        directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var child in directory.EnumerateFileSystemInfos())
        {
            if (child.LinkTarget is not null) continue;
            if (child is DirectoryInfo sub) MakeWritable(sub);
            else child.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
    }
}
