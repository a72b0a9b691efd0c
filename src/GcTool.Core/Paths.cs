namespace GcTool.Core;

/// <summary>Small lexical path helpers shared by the core. POSIX paths only ('/' separator).</summary>
public static class Paths
{
    public static string TrimTrailingSeparator(string path) =>
        path.Length > 1 ? path.TrimEnd('/') is { Length: > 0 } t ? t : "/" : path;

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or lies below it (lexically).</summary>
    public static bool IsUnder(string path, string directory)
    {
        directory = TrimTrailingSeparator(directory);
        if (directory == "/") return path.StartsWith('/');
        return path.Length == directory.Length
            ? string.Equals(path, directory, StringComparison.Ordinal)
            : path.Length > directory.Length && path[directory.Length] == '/' && path.StartsWith(directory, StringComparison.Ordinal);
    }

    /// <summary>Resolves '.' and '..' lexically, without touching the file system (like Python's normpath).</summary>
    public static string Normalize(string absolutePath) => Path.GetFullPath(absolutePath);
}
