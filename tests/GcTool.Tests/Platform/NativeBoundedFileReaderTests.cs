using System.Diagnostics;
using GcTool.Core.Platform;

namespace GcTool.Tests.Platform;

/// <summary>The native bounded reader against real hostile files: none may block, follow a link or read past the bound.</summary>
public sealed class NativeBoundedFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gctool-bounded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SmallRegularFile_IsReadWhole()
    {
        var path = Path.Combine(_dir, "pyvenv.cfg");
        File.WriteAllText(path, "version_info = 3.12.1\n");

        var read = NativeBoundedFileReader.Instance.Read(path, 1024);

        Assert.Equal(BoundedReadOutcome.Content, read.Outcome);
        Assert.Equal("version_info = 3.12.1\n", System.Text.Encoding.UTF8.GetString(read.Content!));
    }

    [Fact]
    public async Task Fifo_IsNotRegular_AndDoesNotBlock()
    {
        var path = Path.Combine(_dir, "pyvenv.cfg");
        MakeFifo(path);

        // A blocking open would never return (no writer): the safety net (a TimeoutException) fails the test instead of hanging it.
        var read = await Task.Run(() => NativeBoundedFileReader.Instance.Read(path, 1024)).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(BoundedReadOutcome.NotRegularFile, read.Outcome);
    }

    [Fact]
    public void SymlinkToDevZero_IsNotFollowed()
    {
        var path = Path.Combine(_dir, "pyvenv.cfg");
        File.CreateSymbolicLink(path, "/dev/zero");

        var read = NativeBoundedFileReader.Instance.Read(path, 1024);

        Assert.Equal(BoundedReadOutcome.NotRegularFile, read.Outcome);
        Assert.Null(read.Content);
    }

    [Fact]
    public void SparseTwoGibFile_IsTooLarge_AndNotRead()
    {
        var path = Path.Combine(_dir, "pyvenv.cfg");
        using (var stream = File.Create(path)) stream.SetLength(2L << 30);

        var read = NativeBoundedFileReader.Instance.Read(path, BoundedFileReader.SmallTextFile);

        Assert.Equal(BoundedReadOutcome.TooLarge, read.Outcome);
        Assert.Null(read.Content);
    }

    [Fact]
    public void FileOfExactlyTheBound_IsRead_OneMoreIsTooLarge()
    {
        var path = Path.Combine(_dir, "RECORD");
        File.WriteAllBytes(path, new byte[100]);

        Assert.Equal(BoundedReadOutcome.Content, NativeBoundedFileReader.Instance.Read(path, 100).Outcome);
        Assert.Equal(BoundedReadOutcome.TooLarge, NativeBoundedFileReader.Instance.Read(path, 99).Outcome);
    }

    [Fact]
    public void FileLongerThanItsStatSize_IsReadWhole_OrTooLargePastTheBound()
    {
        // procfs reports size 0 for a file with content: the same as a file that grew after it was fstat'ed.
        const string path = "/proc/self/status";

        var whole = NativeBoundedFileReader.Instance.Read(path, BoundedFileReader.SmallTextFile);

        Assert.Equal(BoundedReadOutcome.Content, whole.Outcome);
        Assert.StartsWith("Name:", System.Text.Encoding.UTF8.GetString(whole.Content!));
        Assert.Equal(BoundedReadOutcome.TooLarge, NativeBoundedFileReader.Instance.Read(path, 16).Outcome);
    }

    [Fact]
    public void MissingFile_IsNotFound_DirectoryIsNotRegular()
    {
        Assert.Equal(BoundedReadOutcome.NotFound, NativeBoundedFileReader.Instance.Read(Path.Combine(_dir, "absent"), 10).Outcome);
        Assert.Equal(BoundedReadOutcome.NotRegularFile, NativeBoundedFileReader.Instance.Read(_dir, 10).Outcome);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
