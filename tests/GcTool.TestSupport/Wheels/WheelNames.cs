using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GcTool.TestSupport;

/// <summary>Name normalisation and uv's cache key (crates/uv-distribution-filename/src/wheel.rs).</summary>
public static partial class WheelNames
{
    /// <summary>PEP 503 name: lowercase, runs of <c>-_.</c> become <c>-</c> (the pointer directory name).</summary>
    public static string Normalize(string name) => Separators().Replace(name.ToLowerInvariant(), "-");

    /// <summary>The dist-info prefix name: the normalised name with <c>_</c> (<c>my_pkg-1.0.dist-info</c>).</summary>
    public static string DistInfoName(string name) => Normalize(name).Replace('-', '_');

    /// <summary>
    /// uv's <c>cache_key</c>: <c>&lt;version&gt;-&lt;tags&gt;</c>, or when that exceeds 64 characters,
    /// the version cut to 47 (trailing '.' or '+' removed), '-', and 16 hex digits of a digest of the
    /// tags. The digest is seahash in uv; any 16 hex digits do for a simulator.
    /// </summary>
    public static string CacheKey(string version, string tags)
    {
        var full = $"{version}-{tags}";
        if (full.Length <= 64) return full;
        var cut = (version.Length > 47 ? version[..47] : version).TrimEnd('.', '+');
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tags)))[..16];
        return $"{cut}-{digest}";
    }

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
