using GcTool.Core.Store;

namespace GcTool.Store.Sqlite;

/// <summary>The SQLite implementation of <see cref="IGcStore"/>. (Being written.)</summary>
public sealed partial class SqliteGcStore
{
    /// <summary>Opens (creating if missing, with parent directories) and migrates the database at <paramref name="path"/>.</summary>
    public static IGcStore Open(string path) => throw new NotImplementedException(path);
}
