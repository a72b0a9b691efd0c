namespace GcTool.Core.Platform;

/// <summary>How a bounded read of a small file ended.</summary>
public enum BoundedReadOutcome
{
    /// <summary>A regular file no larger than the bound: <see cref="BoundedRead.Content"/> holds all of it.</summary>
    Content,
    /// <summary>Missing.</summary>
    NotFound,
    /// <summary>A FIFO, device, socket, directory or symlink: never opened for reading, never followed.</summary>
    NotRegularFile,
    /// <summary>Larger than the bound (a sparse 2 GiB file): not read at all.</summary>
    TooLarge,
    /// <summary>open or read failed for another reason; <see cref="BoundedRead.Errno"/> says which.</summary>
    Unreadable,
}

/// <summary>
/// The result of <see cref="IBoundedFileReader.Read"/>: the bytes, or why there are none. Typed rather
/// than thrown because every caller must decide how to be conservative about a file it could not read.
/// </summary>
public readonly record struct BoundedRead(BoundedReadOutcome Outcome, byte[]? Content, int Errno = 0)
{
    public bool HasContent => Outcome == BoundedReadOutcome.Content;

    /// <summary>"is not a regular file", for one-line messages after the path.</summary>
    public string Describe(long bound) => Outcome switch
    {
        BoundedReadOutcome.Content => "was read",
        BoundedReadOutcome.NotFound => "does not exist",
        BoundedReadOutcome.NotRegularFile => "is not a regular file (FIFO, device, socket or symlink)",
        BoundedReadOutcome.TooLarge => $"is larger than {bound} bytes",
        _ => Errno == 0 ? "cannot be read" : $"cannot be read (errno {Errno})",
    };

    public static BoundedRead Of(byte[] content) => new(BoundedReadOutcome.Content, content);
}
