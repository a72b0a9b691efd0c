namespace GcTool.Core.Scanning;

/// <summary>
/// The paths a <c>.pth</c> file in a site-packages directory puts on <c>sys.path</c>, read as CPython's
/// <c>site.addpackage</c> reads it: a line starting with <c>#</c> is a comment; a line starting with
/// <c>import </c> or <c>import\t</c> is executed; any other non-blank line, right-stripped, is a
/// directory (relative to the site-packages directory).
/// </summary>
/// <remarks>
/// An executed line can add anything, so every string literal in it counts as a path: that covers
/// uv's <c>_uv_ephemeral_overlay.pth</c> (<c>import site; site.addsitedir("…/archive-v0/ID/lib/python3.12/site-packages")</c>,
/// spec §6) and <c>sys.path.insert(0, '…')</c> alike. A literal that is not a path simply refers to no
/// entry; reading too much keeps an entry, reading too little breaks an environment.
/// </remarks>
public static class PthFile
{
    public static IReadOnlyList<string> NamedPaths(string text)
    {
        var paths = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            if (line.StartsWith("import ", StringComparison.Ordinal) || line.StartsWith("import\t", StringComparison.Ordinal))
                paths.AddRange(StringLiterals(line));
            else
                paths.Add(line.TrimEnd());
        }
        return paths;
    }

    /// <summary>The values of the Python string literals on a line: '…' and "…", raw (r'…') or with backslash escapes.</summary>
    private static IEnumerable<string> StringLiterals(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var quote = line[i];
            if (quote is not ('"' or '\'')) continue;
            var raw = i > 0 && line[i - 1] is 'r' or 'R';
            var value = new System.Text.StringBuilder();
            var j = i + 1;
            for (; j < line.Length && line[j] != quote; j++)
            {
                if (line[j] == '\\' && j + 1 < line.Length)
                {
                    if (raw) value.Append('\\');
                    else if (line[j + 1] is not ('\\' or '\'' or '"')) value.Append('\\');
                    value.Append(line[++j]);
                    continue;
                }
                value.Append(line[j]);
            }
            if (j >= line.Length) yield break; // unterminated: nothing more to read on this line
            yield return value.ToString();
            i = j;
        }
    }
}
