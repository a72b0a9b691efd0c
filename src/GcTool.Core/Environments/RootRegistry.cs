using GcTool.Core.Errors;
using GcTool.Core.Store;

namespace GcTool.Core.Environments;

/// <summary><c>gctool roots list|add|remove</c>: the directories scanned for environments.</summary>
public sealed class RootRegistry(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IRootStore Store => context.Store;

    public IReadOnlyList<RegisteredRoot> List() => Store.ListRoots();

    /// <summary>Registers a root; it must be an existing directory now, so a typo is caught at once.</summary>
    public RootPath Add(string path)
    {
        var root = Parse(path);
        RequireDirectory(context.FileSystem, root);
        Store.AddRoot(root, context.NowUnix);
        return root;
    }

    /// <summary>A usage error unless <paramref name="root"/> is an existing directory. Callers check before opening the database, so a typo creates nothing.</summary>
    /// <remarks>On the real file system through the native stat reader: .NET's own <c>Directory.Exists</c> cannot address a path that is not valid UTF-8.</remarks>
    public static void RequireDirectory(System.IO.Abstractions.IFileSystem fileSystem, RootPath root)
    {
        var stat = Platform.NativeFileStatReader.Instance;
        var exists = fileSystem is System.IO.Abstractions.FileSystem
            ? stat.TryRealPath(root.Value) is { } real && stat.TryLStat(real) is { Kind: Platform.FileKind.Directory }
            : fileSystem.Directory.Exists(root.Value);
        if (!exists)
            throw new UsageException($"root {root} is not a directory; create it or pass the directory that holds your environments");
    }

    public bool Remove(string path) => Store.RemoveRoot(Parse(path));

    public static RootPath Parse(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException("a root path is empty; pass a directory");
        return new RootPath(Path.GetFullPath(path));
    }
}
