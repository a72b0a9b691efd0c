namespace GcTool.Core.Platform;

/// <summary>statfs(2)'s <c>f_type</c>: which kind of file system holds a path. Tests inject a fake.</summary>
public interface IFileSystemTypeReader
{
    /// <summary>The file system magic number of <paramref name="path"/>, or null when the path cannot be stat'ed.</summary>
    long? TryFileSystemType(string path);
}
