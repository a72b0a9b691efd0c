using GcTool.Core.Environments;
using GcTool.Core.Platform;

namespace GcTool.Core.Scanning;

/// <summary>
/// Decides, for one environment, which symlinked library directories to walk: Python imports through
/// <c>lib -&gt; /elsewhere/lib</c> (made by other tools, or by hand), so what lies there is the environment's.
/// </summary>
/// <remarks>
/// A link is walked at its real target (relative links inside it then resolve as the kernel resolves
/// them), once, and only when the target is a directory that is:
/// <list type="bullet">
/// <item>not inside the environment (uv's <c>lib64 -&gt; lib</c>: walked anyway, and must not count twice);</item>
/// <item>not the environment's parent or any ancestor (<c>lib -&gt; /</c> or <c>lib -&gt; ..</c> would walk the machine, or loop);</item>
/// <item>not inside the cache: there the link itself is a reference to the entry, which is kept whole;</item>
/// <item>not already walked through another link of this environment, nor inside one that was.</item>
/// </list>
/// Only library places are followed (<see cref="IsLibraryPlace"/>); any other directory link stays a link.
/// </remarks>
public sealed class LibraryLinks(IFileStatReader stat, ReferenceClassifier classifier, EnvPath environment)
{
    private readonly List<string> _walked = [];
    private string? _realEnvironment;

    /// <summary>
    /// <c>lib</c>, <c>lib64</c>, <c>Lib</c>, a directory directly in one of them (<c>lib/python3.12</c>,
    /// <c>lib/pypy3.10</c>), or a <c>site-packages</c> directly in one of those (or in <c>Lib</c>).
    /// </summary>
    /// <remarks>Asked of every symlink an environment holds (hundreds of thousands in a first scan), so it allocates nothing.</remarks>
    public static bool IsLibraryPlace(ReadOnlySpan<char> relative)
    {
        var slash = relative.IndexOf('/');
        var first = slash < 0 ? relative : relative[..slash];
        if (!(first is "lib" or "lib64" or "Lib")) return false;
        if (slash < 0) return true;
        var rest = relative[(slash + 1)..];
        var second = rest.IndexOf('/');
        if (second < 0) return true;
        return rest[(second + 1)..] is "site-packages";
    }

    /// <summary>The real directory to walk for the symlink at <paramref name="linkPath"/>, or null to leave it a link.</summary>
    public string? Follow(string linkPath)
    {
        var real = stat.TryRealPath(linkPath);
        if (real is null || stat.TryLStat(real) is not { Kind: FileKind.Directory }) return null;
        _realEnvironment ??= stat.TryRealPath(environment.Value) ?? environment.Value;
        if (Paths.IsUnder(real, _realEnvironment) || Paths.IsUnder(_realEnvironment, real)) return null;
        if (classifier.InsideCache(real)) return null;
        if (_walked.Any(w => Paths.IsUnder(real, w))) return null;
        _walked.Add(real);
        return real;
    }
}
