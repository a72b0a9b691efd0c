using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GcTool.Core.Cache;

/// <summary>An archive entry: bucket version plus id, e.g. <c>archive-v0/-x9QabcdEFGH12_z</c>.</summary>
/// <remarks>uv has never bumped ARCHIVE_VERSION, but references are matched on any <c>archive-v&lt;N&gt;</c>.</remarks>
public readonly partial record struct EntryKey(int ArchiveVersion, EntryId Id)
{
    public string BucketName => $"archive-v{ArchiveVersion}";

    /// <summary>Path relative to the cache root, with '/' separators.</summary>
    public string RelativePath => $"{BucketName}/{Id.Value}";

    public override string ToString() => RelativePath;

    /// <summary>Parses <c>archive-vN/ID</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EntryKey? key)
    {
        key = null;
        if (text is null) return false;
        var m = KeyPattern().Match(text);
        if (!m.Success || !EntryId.TryParse(m.Groups[2].Value, out var id)) return false;
        if (!int.TryParse(m.Groups[1].Value, out var version)) return false;
        key = new EntryKey(version, id.Value);
        return true;
    }

    public static EntryKey Parse(string text) =>
        TryParse(text, out var key) ? key.Value : throw new FormatException($"not an entry key: {text}");

    [GeneratedRegex("^archive-v([0-9]{1,4})/([A-Za-z0-9_-]{1,64})$")]
    private static partial Regex KeyPattern();
}
