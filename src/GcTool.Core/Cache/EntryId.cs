using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using GcTool.Core.Errors;

namespace GcTool.Core.Cache;

/// <summary>
/// The directory name of an archive entry (<c>archive-v0/&lt;ID&gt;</c>): 16 characters of
/// <c>[A-Za-z0-9_-]</c> since uv 0.11.9, 21 before, and 24 lowercase base-36 characters (a digest of
/// the archive's contents) in the content-addressed layout (uv ≥ 0.12.7 preview). Ids may begin with
/// <c>-</c> or <c>_</c>, so they must never be passed where they could be read as an option.
/// </summary>
/// <remarks>
/// We accept 1..64 characters of the same alphabet rather than exactly 16 or 21, so a future id
/// length is still recognised; a name outside the alphabet (dot-files, odd characters) is not an
/// entry gctool will ever touch.
/// </remarks>
public readonly partial record struct EntryId
{
    public string Value { get; }

    private EntryId(string value) => Value = value;

    public static bool TryParse(string? text, [NotNullWhen(true)] out EntryId? id)
    {
        if (text is not null && IdPattern().IsMatch(text))
        {
            id = new EntryId(text);
            return true;
        }
        id = null;
        return false;
    }

    public static EntryId Parse(string text) =>
        TryParse(text, out var id)
            ? id.Value
            : throw new UsageException($"'{text}' is not an archive entry id (1-64 characters of A-Z a-z 0-9 _ -); use the directory name under archive-v0/");

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
