using System.IO.Abstractions.TestingHelpers;
using System.Runtime.Versioning;
using GcTool.Core.Collection;
using GcTool.Tests.Fakes;

namespace GcTool.Tests.Collection;

/// <summary>SafeTreeDeleter on a mock file system: what goes, what must survive, what is reported.</summary>
[SupportedOSPlatform("linux")]
public sealed class SafeTreeDeleterTests
{
    private const string Trash = "/cache/.gctool-trash/entry";

    [Fact]
    public void Delete_RemovesTheWholeTree_AndCountsFilesDirectoriesAndBytes()
    {
        var fs = new MockFileSystem();
        fs.AddFile($"{Trash}/a.txt", new MockFileData("abc"));
        fs.AddFile($"{Trash}/pkg/b.py", new MockFileData("12345"));
        fs.AddFile($"{Trash}/pkg/sub/.hidden", new MockFileData("h"));
        fs.AddDirectory($"{Trash}/empty");

        var result = Deleter(fs).Delete(Trash);

        Assert.Empty(result.Failures);
        Assert.Equal((3L, 4L, 9L, true), (result.FilesDeleted, result.DirectoriesDeleted, result.BytesFreed, result.Completed));
        Assert.False(fs.Directory.Exists(Trash));
        Assert.True(fs.Directory.Exists("/cache/.gctool-trash"));
    }

    [Fact]
    public void Delete_UnlinksASymlinkToAnOutsideDirectory_AndLeavesTheTargetUntouched()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/outside/keep.txt", new MockFileData("keep"));
        fs.AddFile($"{Trash}/f", new MockFileData("x"));
        fs.File.CreateSymbolicLink($"{Trash}/link", "/outside");

        var result = Deleter(fs).Delete(Trash);

        Assert.True(result.Completed);
        Assert.Equal(2, result.FilesDeleted);
        Assert.Equal(1, result.BytesFreed);
        Assert.Equal("keep", fs.File.ReadAllText("/outside/keep.txt"));
    }

    [Fact]
    public void Delete_OnlyUnlinksTheTopPath_WhenItIsASymlink()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/outside/keep.txt", new MockFileData("keep"));
        fs.AddDirectory("/cache/.gctool-trash");
        fs.File.CreateSymbolicLink(Trash, "/outside");

        var result = Deleter(fs).Delete(Trash + "/");

        Assert.True(result.Completed);
        Assert.Equal(1, result.FilesDeleted);
        Assert.Equal(0, result.DirectoriesDeleted);
        Assert.Null(fs.GetFile(Trash));
        Assert.True(fs.File.Exists("/outside/keep.txt"));
    }

    [Fact]
    public void Delete_RefusesATopSymlink_WhenAskedTo_AndTouchesNothing()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/outside/keep.txt", new MockFileData("keep"));
        fs.AddDirectory("/cache/.gctool-trash");
        fs.File.CreateSymbolicLink(Trash, "/outside");

        var result = Deleter(fs).Delete(Trash, TopSymlinkPolicy.Refuse);

        Assert.False(result.Completed);
        Assert.Equal(Trash, Assert.Single(result.Failures).Path);
        Assert.NotNull(fs.GetFile(Trash));
        Assert.True(fs.File.Exists("/outside/keep.txt"));
    }

    [Fact]
    public void Delete_ExcludesHardlinkedFiles_FromBytesFreed()
    {
        var fs = new MockFileSystem();
        fs.AddFile($"{Trash}/own", new MockFileData("1234"));
        fs.AddFile($"{Trash}/shared", new MockFileData("123456789"));
        var stat = new LocalFakeStatReader(fs).WithLinkCount($"{Trash}/shared", 2);

        var result = new SafeTreeDeleter(fs, stat).Delete(Trash);

        Assert.Equal(2, result.FilesDeleted);
        Assert.Equal(4, result.BytesFreed);
    }

    [Fact]
    public void Delete_ReportsAFileItCannotDelete_AndKeepsDeletingTheRest()
    {
        var fs = new MockFileSystem();
        fs.AddFile($"{Trash}/a/locked", new MockFileData("x") { Attributes = FileAttributes.ReadOnly }); // delete throws
        fs.AddFile($"{Trash}/a/ok", new MockFileData("x"));
        fs.AddFile($"{Trash}/b/ok", new MockFileData("x"));

        var result = Deleter(fs).Delete(Trash);

        var failure = Assert.Single(result.Failures); // no extra noise for the directories that stay non-empty
        Assert.Equal($"{Trash}/a/locked", failure.Path);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.False(result.Completed);
        Assert.Equal(2, result.FilesDeleted);
        Assert.Equal(1, result.DirectoriesDeleted);
        Assert.False(fs.File.Exists($"{Trash}/a/ok"));
        Assert.False(fs.Directory.Exists($"{Trash}/b"));
        Assert.True(fs.File.Exists($"{Trash}/a/locked"));
    }

    [Fact]
    public void Delete_GivesAnUnreadableDirectoryUserRwx_ThenDeletesIt()
    {
        var fs = new PermissionMockFileSystem();
        fs.AddFile($"{Trash}/closed/f", new MockFileData("x"));
        fs.AddEnforcedDirectory($"{Trash}/closed", UnixFileMode.None);

        var result = Deleter(fs).Delete(Trash);

        Assert.Empty(result.Failures);
        Assert.True(result.Completed);
        Assert.Equal(1, result.FilesDeleted);
        Assert.Equal(2, result.DirectoriesDeleted);
    }

    [Fact]
    public void Delete_GivesAnUnwritableDirectoryUserRwx_ThenDeletesItsEntries()
    {
        var fs = new PermissionMockFileSystem();
        fs.AddFile($"{Trash}/readonly/f", new MockFileData("x"));
        fs.AddDirectory($"{Trash}/readonly/d");
        fs.AddEnforcedDirectory($"{Trash}/readonly", UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var result = Deleter(fs).Delete(Trash);

        Assert.Empty(result.Failures);
        Assert.True(result.Completed);
    }

    [Fact]
    public void Delete_GivesAReadableButUnsearchableDirectoryUserRwx_ThenDeletesIt()
    {
        var fs = new PermissionMockFileSystem();
        fs.AddFile($"{Trash}/nosearch/f", new MockFileData("x"));
        fs.AddEnforcedDirectory($"{Trash}/nosearch", UnixFileMode.UserRead);

        var result = Deleter(fs).Delete(Trash);

        Assert.Empty(result.Failures);
        Assert.True(result.Completed);
        Assert.Equal(1, result.FilesDeleted);
    }

    [Fact]
    public void Delete_NeverChangesTheParentOfTheTopPath()
    {
        var fs = new PermissionMockFileSystem();
        fs.AddFile($"{Trash}/f", new MockFileData("x"));
        fs.AddEnforcedDirectory("/cache/.gctool-trash", UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var result = Deleter(fs).Delete(Trash);

        Assert.Equal(Trash, Assert.Single(result.Failures).Path);
        Assert.False(result.Completed);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute, fs.File.GetUnixFileMode("/cache/.gctool-trash"));
    }

    [Fact]
    public void Delete_LeavesADirectoryAlone_WhenItIsReplacedWhileBeingListed()
    {
        var fs = new PermissionMockFileSystem();
        fs.AddFile($"{Trash}/swapped/f", new MockFileData("x"));
        fs.AddFile($"{Trash}/other", new MockFileData("x"));
        var stat = new LocalFakeStatReader(fs);
        fs.AfterList = path => { if (path == $"{Trash}/swapped") stat.Replace(path); };

        var result = new SafeTreeDeleter(fs, stat).Delete(Trash);

        Assert.Equal($"{Trash}/swapped", Assert.Single(result.Failures).Path);
        Assert.True(fs.File.Exists($"{Trash}/swapped/f"));
        Assert.False(fs.File.Exists($"{Trash}/other"));
    }

    [Fact]
    public void Delete_IsComplete_WhenThePathIsAlreadyGone()
    {
        var fs = new MockFileSystem();

        var result = Deleter(fs).Delete(Trash);

        Assert.Empty(result.Failures);
        Assert.Equal((0L, 0L, 0L, true), (result.FilesDeleted, result.DirectoriesDeleted, result.BytesFreed, result.Completed));
    }

    [Fact]
    public void Delete_UnlinksARegularFileTopPath()
    {
        var fs = new MockFileSystem();
        fs.AddFile(Trash, new MockFileData("abcd"));

        var result = Deleter(fs).Delete(Trash);

        Assert.True(result.Completed);
        Assert.Equal((1L, 4L), (result.FilesDeleted, result.BytesFreed));
    }

    [Fact]
    public void Delete_StopsEarly_AndSaysSo_WhenCancelled()
    {
        var fs = new PermissionMockFileSystem();
        fs.AddFile($"{Trash}/a/f", new MockFileData("x"));
        fs.AddFile($"{Trash}/b/f", new MockFileData("x"));
        using var cancellation = new CancellationTokenSource();
        fs.AfterList = _ => cancellation.Cancel();

        var result = Deleter(fs).Delete(Trash, cancellation: cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.False(result.Completed);
        Assert.True(fs.Directory.Exists(Trash));

        fs.AfterList = null;
        var again = Deleter(fs).Delete(Trash);
        Assert.True(again.Completed);
    }

    [Fact]
    public void Delete_HandlesADeepTree_Iteratively()
    {
        var fs = new MockFileSystem();
        var deepest = Trash + string.Concat(Enumerable.Repeat("/d", 300));
        fs.AddFile(deepest + "/f", new MockFileData("x"));

        var result = Deleter(fs).Delete(Trash);

        Assert.True(result.Completed);
        Assert.Equal(301, result.DirectoriesDeleted);
    }

    private static SafeTreeDeleter Deleter(MockFileSystem fs) => new(fs, new LocalFakeStatReader(fs));
}
