using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Readme;

/// <summary>This source checkout: where it is, and a fresh copy of what git tracks in it.</summary>
internal static class Checkout
{
    /// <summary>The directory holding GcTool.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static bool IsGitCheckout => Directory.Exists(Path.Combine(Root, ".git")) || File.Exists(Path.Combine(Root, ".git"));

    /// <summary>Copies the files <c>git ls-files</c> lists (tracked, and new unignored ones), as a clone would have them.</summary>
    public static void CopyTrackedFiles(string destination)
    {
        var listed = ProcessRunner.Run("git", ["-C", Root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
        Assert.True(listed.Succeeded, listed.ToString());
        foreach (var relative in listed.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(Root, relative);
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var info = new FileInfo(source);
            if (info.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (info.Exists)
            {
                File.Copy(source, target);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(source)); // scripts stay executable
            }
        }
    }

    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    public static string RealPath(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GcTool.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no GcTool.sln above {AppContext.BaseDirectory}");
    }
}
