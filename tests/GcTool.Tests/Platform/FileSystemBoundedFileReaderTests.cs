using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Platform;

namespace GcTool.Tests.Platform;

/// <summary>The MockFileSystem seam behaves like the native reader on what a mock can express.</summary>
public sealed class FileSystemBoundedFileReaderTests
{
    [Fact]
    public void ReadsSmallFiles_RefusesLargeOnes_AndDirectories()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            ["/v/pyvenv.cfg"] = new("version = 3.11\n"),
            ["/v/big"] = new(new byte[2048]),
            ["/v/dir/x"] = new(""),
        });
        var reader = new FileSystemBoundedFileReader(fs);

        Assert.Equal("version = 3.11\n", System.Text.Encoding.UTF8.GetString(reader.Read("/v/pyvenv.cfg", 1024).Content!));
        Assert.Equal(BoundedReadOutcome.TooLarge, reader.Read("/v/big", 1024).Outcome);
        Assert.Equal(BoundedReadOutcome.NotRegularFile, reader.Read("/v/dir", 1024).Outcome);
        Assert.Equal(BoundedReadOutcome.NotFound, reader.Read("/v/absent", 1024).Outcome);
    }
}
