using System.Diagnostics;
using System.Runtime.Versioning;
using GcTool.Core.Collection;
using GcTool.Core.Platform;

namespace GcTool.IntegrationTests.Collection;

/// <summary>HandleTreeDeleter (the trash's deletion, by directory handle) on real directories, links and permissions: above all, what must survive.</summary>
[SupportedOSPlatform("linux")]
public sealed class HandleTreeDeleterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gctool-trash-").FullName;
    private readonly string _trash;
    private readonly string _outside;
    public HandleTreeDeleterTests()
    {
        _trash = Directory.CreateDirectory(Path.Join(_root, "cache", ".trash", "entry")).FullName;
        _outside = Directory.CreateDirectory(Path.Join(_root, "outside")).FullName;
        File.WriteAllText(Path.Join(_outside, "keep.txt"), "keep");
    }

    /// <summary>Deletes <paramref name="path"/> from a handle on its parent, as the trash does from its run directory.</summary>
    private static TreeDeletionResult Delete(string path, TopSymlinkPolicy topSymlink = TopSymlinkPolicy.UnlinkLink)
    {
        path = path.TrimEnd('/');
        using var parent = DirectoryHandles.OpenTrustedDirectory(Path.GetDirectoryName(path)!, out var errno);
        Assert.True(parent is not null, $"cannot open the parent of {path}: errno {errno}");
        return new HandleTreeDeleter().Delete(parent, Path.GetFileName(path), path, topSymlink);
    }

    public void Dispose()
    {
        Sh("chattr -R -i \"$1\" 2>/dev/null; rm -rf \"$1\"", _root); // rm copes with names .NET cannot address
    }

    [Fact]
    public void Delete_UnlinksSymlinksInsideTheTrash_AndNeverTouchesWhatTheyPointAt()
    {
        File.WriteAllText(Path.Join(_trash, "own.txt"), "abc");
        Directory.CreateDirectory(Path.Join(_trash, "pkg"));
        File.CreateSymbolicLink(Path.Join(_trash, "pkg", "abs-dir-link"), _outside);
        File.CreateSymbolicLink(Path.Join(_trash, "pkg", "rel-dir-link"), "../../../../outside");
        File.CreateSymbolicLink(Path.Join(_trash, "file-link"), Path.Join(_outside, "keep.txt"));
        File.CreateSymbolicLink(Path.Join(_trash, "dangling"), Path.Join(_root, "nowhere"));
        Assert.True(File.Exists(Path.Join(_trash, "pkg", "rel-dir-link", "keep.txt"))); // the link really reaches outside

        var result = Delete(_trash);

        Assert.Empty(result.Failures);
        Assert.True(result.Completed);
        Assert.False(Directory.Exists(_trash));
        Assert.Equal((5L, 2L, 3L), (result.FilesDeleted, result.DirectoriesDeleted, result.BytesFreed));
        Assert.Equal("keep", File.ReadAllText(Path.Join(_outside, "keep.txt")));
        Assert.Single(Directory.GetFileSystemEntries(_outside));
    }

    [Fact]
    public void Delete_OnlyUnlinksTheTopPath_WhenItIsASymlinkToADirectory()
    {
        var link = Path.Join(_root, "cache", ".trash", "link-entry");
        File.CreateSymbolicLink(link, _outside);

        var result = Delete(link + "/");

        Assert.True(result.Completed);
        Assert.Equal((1L, 0L), (result.FilesDeleted, result.DirectoriesDeleted));
        Assert.Null(NativeFileStatReader.Instance.TryLStat(link));
        Assert.Equal("keep", File.ReadAllText(Path.Join(_outside, "keep.txt")));
    }

    [Fact]
    public void Delete_RefusesATopSymlink_WhenAskedTo()
    {
        var link = Path.Join(_root, "cache", ".trash", "link-entry");
        File.CreateSymbolicLink(link, _outside);

        var result = Delete(link, TopSymlinkPolicy.Refuse);

        Assert.False(result.Completed);
        Assert.Single(result.Failures);
        Assert.NotNull(NativeFileStatReader.Instance.TryLStat(link));
        Assert.True(File.Exists(Path.Join(_outside, "keep.txt")));
    }

    [Fact]
    public void Delete_CountsNoBytesForAHardlinkedFile_AndTheOtherLinkSurvives()
    {
        var venvCopy = Path.Join(_outside, "METADATA");
        File.WriteAllText(venvCopy, "hardlinked-content");
        Sh("ln \"$1\" \"$2\"", venvCopy, Path.Join(_trash, "METADATA"));
        File.WriteAllText(Path.Join(_trash, "RECORD"), "1234");

        var result = Delete(_trash);

        Assert.True(result.Completed);
        Assert.Equal(2, result.FilesDeleted);
        Assert.Equal(4, result.BytesFreed);
        Assert.Equal("hardlinked-content", File.ReadAllText(venvCopy));
    }

    [Fact]
    public void Delete_RemovesUnreadableAndUnwritableDirectories()
    {
        // As root (how these tests run) permission bits do not stop rmdir/unlink, so this shows the
        // tree still goes; the chmod-and-retry path itself is covered by the unit tests.
        var closed = Directory.CreateDirectory(Path.Join(_trash, "closed", "inner")).FullName;
        File.WriteAllText(Path.Join(closed, "f"), "x");
        File.SetUnixFileMode(closed, UnixFileMode.None);
        File.SetUnixFileMode(Path.Join(_trash, "closed"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var result = Delete(_trash);

        Assert.Empty(result.Failures);
        Assert.True(result.Completed);
    }

    [Fact]
    public void Delete_HandlesATwoThousandLevelTree_WithoutStackOverflow()
    {
        // 2,000 one-letter levels stay just under PATH_MAX (4096 bytes) from a short temp root.
        var deepest = _trash + string.Concat(Enumerable.Repeat("/d", 2000));
        Assert.True(deepest.Length + "/f".Length < 4096, $"temp root too long for this test: {deepest.Length}");
        Directory.CreateDirectory(deepest);
        File.WriteAllText(Path.Join(deepest, "f"), "x");

        var result = Delete(_trash);

        Assert.Empty(result.Failures);
        Assert.True(result.Completed);
        Assert.Equal(2001, result.DirectoriesDeleted);
    }

    [Fact]
    public void Delete_ReportsAnImmutableFile_AndDeletesEverythingElse()
    {
        var stuck = Directory.CreateDirectory(Path.Join(_trash, "stuck")).FullName;
        File.WriteAllText(Path.Join(stuck, "immutable"), "x");
        File.WriteAllText(Path.Join(stuck, "sibling"), "x");
        File.WriteAllText(Path.Join(_trash, "other"), "x");
        if (!Sh("chattr +i \"$1\"", Path.Join(stuck, "immutable"))) return; // needs chattr and CAP_LINUX_IMMUTABLE

        var result = Delete(_trash);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(Path.Join(stuck, "immutable"), failure.Path);
        Assert.False(result.Completed);
        Assert.Equal(2, result.FilesDeleted);
        Assert.Equal(["immutable"], Directory.GetFileSystemEntries(stuck).Select(Path.GetFileName));
        Assert.Equal(["stuck"], Directory.GetFileSystemEntries(_trash).Select(Path.GetFileName));
    }

    [Fact]
    public void Delete_ReportsANameThatIsNotUtf8_WithoutThrowing_AndDeletesTheRest()
    {
        var odd = Directory.CreateDirectory(Path.Join(_trash, "odd")).FullName;
        Assert.True(Sh("touch \"$1/$(printf 'bad\\377name')\"", odd));
        File.WriteAllText(Path.Join(odd, "fine"), "x");
        File.WriteAllText(Path.Join(_trash, "other"), "x");

        var result = Delete(_trash);

        var failure = Assert.Single(result.Failures);
        Assert.StartsWith(Path.Join(odd, "bad"), failure.Path);
        Assert.Contains("UTF-8", failure.Reason);
        Assert.False(result.Completed);
        Assert.Equal(2, result.FilesDeleted);
        Assert.False(File.Exists(Path.Join(_trash, "other")));
    }

    [Fact]
    public void Delete_IsComplete_WhenTheTrashEntryIsAlreadyGone()
    {
        var result = Delete(Path.Join(_root, "cache", ".trash", "never-existed"));

        Assert.True(result.Completed);
        Assert.Empty(result.Failures);
    }

    private static bool Sh(string script, params string[] args)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", script, "sh" }.Concat(args)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
