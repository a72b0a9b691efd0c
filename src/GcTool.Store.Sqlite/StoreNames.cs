using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Store.Sqlite;

/// <summary>Column conversions. Enum names come from the core (<c>ToName</c>/<c>Parse*</c>), shared with JSON and other stores.</summary>
internal static class StoreNames
{
    /// <summary>An entry key from its two columns.</summary>
    public static EntryKey Key(long archiveVersion, string entryId) =>
        EntryId.TryParse(entryId, out var id)
            ? new EntryKey(checked((int)archiveVersion), id.Value)
            : throw new FormatException($"stored entry id '{entryId}' is not an archive entry id");

    /// <summary>SQLite integers are signed 64-bit; device and inode numbers are stored as the same bits.</summary>
    public static long ToDb(ulong value) => unchecked((long)value);

    public static ulong FromDb(long value) => unchecked((ulong)value);
}
