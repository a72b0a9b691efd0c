using System.Reflection;
using System.Runtime.InteropServices;

namespace GcTool.Store.Sqlite;

/// <summary>
/// Finds SQLite's native library (<c>libe_sqlite3.so</c>) where a Python wheel installs it, for the
/// Native AOT gctool.
/// </summary>
/// <remarks>
/// The native binary loads SQLite from its own directory, as the tarball ships them. A wheel installs
/// the binary into <c>PREFIX/bin</c> (<c>.data/scripts</c>, as ruff and uv do) but a library has no
/// business in <c>bin/</c>, so the wheel puts it in <c>PREFIX/lib/gctool/</c> (<c>.data/data</c>), and
/// this resolver looks there only when the usual places have no SQLite. The NuGet SQLite packages ship
/// no static archive for linux-x64, so linking SQLite into the binary would mean building another
/// SQLite than the one every other gctool build uses. The executable's real path is used, so a symlink
/// to it (pipx and <c>uv tool install</c> link <c>~/.local/bin/gctool</c> into their venvs) still finds it.
/// </remarks>
internal static class SqliteNativeLibrary
{
    private const string LibraryName = "e_sqlite3";

    /// <summary>Where a wheel puts SQLite, relative to the directory holding the gctool executable.</summary>
    public static readonly string WheelLayoutPath = Path.Combine("..", "lib", "gctool", "libe_sqlite3.so");

    private static int _installed;

    /// <summary>Registers the resolver once per process, before the first SQLite call.</summary>
    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out var handle)) return handle;
        return WheelLayoutLibrary() is { } path && NativeLibrary.TryLoad(path, out handle) ? handle : IntPtr.Zero;
    }

    private static string? WheelLayoutLibrary()
    {
        var directory = Path.GetDirectoryName(Environment.ProcessPath);
        if (directory is null) return null;
        var path = Path.GetFullPath(Path.Combine(directory, WheelLayoutPath));
        return File.Exists(path) ? path : null;
    }
}
