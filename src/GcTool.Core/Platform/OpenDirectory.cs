using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>
/// A directory opened for a walk by handle (<see cref="DirectoryReader.TryOpen"/>): its children are listed
/// through the descriptor and opened relative to it, so the walk never resolves a full path again.
/// </summary>
/// <remarks>
/// Shared by the children waiting on a walk's stack: each takes a reference (<see cref="Retain"/>) and
/// disposes it once opened, and the descriptor closes with the last one. A depth-first walk so holds open
/// only the directories on the current path (its ancestors), never a whole level of siblings.
/// Not thread-safe: one walk owns it. Without a descriptor (MockFileSystem tests) it is just the path.
/// </remarks>
public sealed class OpenDirectory : IDisposable
{
    private int _references = 1;

    internal OpenDirectory(string path, FileDescriptorHandle? handle)
    {
        Path = path;
        Handle = handle;
    }

    /// <summary>The path the walk reached it by: for records and messages, never resolved again.</summary>
    public string Path { get; }

    internal FileDescriptorHandle? Handle { get; }

    /// <summary>One more user of the descriptor; each must dispose.</summary>
    public OpenDirectory Retain()
    {
        _references++;
        return this;
    }

    public void Dispose()
    {
        if (--_references == 0) Handle?.Dispose();
    }
}
