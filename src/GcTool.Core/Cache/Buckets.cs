using System.Text.RegularExpressions;

namespace GcTool.Core.Cache;

/// <summary>
/// uv's bucket names. Any <c>^[a-z-]+-v\d+$</c> top-level directory is a bucket
/// (crates/uv-cache/src/lib.rs, CacheBucket::to_str); gctool acts on archive-v*, reads wheels-v*,
/// sdists-v* and environments-v*, and leaves every other bucket alone, including unknown future ones.
/// </summary>
public static partial class Buckets
{
    public static bool IsArchive(string name, out int version) => Match(ArchivePattern(), name, out version);
    public static bool IsWheels(string name) => WheelsPattern().IsMatch(name);
    public static bool IsSdists(string name) => SdistsPattern().IsMatch(name) || BuiltWheelsPattern().IsMatch(name);
    public static bool IsEnvironments(string name) => EnvironmentsPattern().IsMatch(name);

    /// <summary>Buckets whose symlinks point at archive entries (uv's own references, which gc removes with the entry).</summary>
    public static bool HoldsPointers(string name) => IsWheels(name) || IsSdists(name) || IsEnvironments(name);

    private static bool Match(Regex regex, string name, out int version)
    {
        var m = regex.Match(name);
        version = m.Success && int.TryParse(m.Groups[1].Value, out var v) ? v : -1;
        return version >= 0;
    }

    [GeneratedRegex("^archive-v([0-9]{1,4})$")] private static partial Regex ArchivePattern();
    [GeneratedRegex("^wheels-v[0-9]{1,4}$")] private static partial Regex WheelsPattern();
    [GeneratedRegex("^sdists-v[0-9]{1,4}$")] private static partial Regex SdistsPattern();
    [GeneratedRegex("^built-wheels-v[0-9]{1,4}$")] private static partial Regex BuiltWheelsPattern();
    [GeneratedRegex("^environments-v[0-9]{1,4}$")] private static partial Regex EnvironmentsPattern();
}
