using GcTool.Core.Cache;

namespace GcTool.Core.Store;

/// <summary>
/// Conversions every store backend needs between domain values and SQL columns. Enum names are in
/// <see cref="StateNames"/>, <see cref="EntryKindNames"/> and the environment types' own ToName/Parse.
/// </summary>
public static class StoreColumns
{
    /// <summary>An entry key from its two columns (archive version, entry id).</summary>
    public static EntryKey Key(long archiveVersion, string entryId) =>
        EntryId.TryParse(entryId, out var id)
            ? new EntryKey(checked((int)archiveVersion), id.Value)
            : throw new FormatException($"stored entry id '{entryId}' is not an archive entry id");

    /// <summary>SQL integers are signed 64-bit; device and inode numbers are stored as the same bits.</summary>
    public static long ToDb(ulong value) => unchecked((long)value);

    public static ulong FromDb(long value) => unchecked((ulong)value);
}
