using System.Security.Cryptography;
using System.Text;

namespace GcTool.Core.Demo;

/// <summary>
/// A tiny pure-Python wheel as uv unpacks it into <c>archive-v0/&lt;ID&gt;</c>: a package with a
/// submodule, and <c>&lt;dist&gt;-&lt;ver&gt;.dist-info/</c> with METADATA, WHEEL, top_level.txt and a
/// RECORD of sha256 digests (uv-cache-spec.md §3, simulator checklist (a)3).
/// </summary>
/// <param name="Module">The import name; <c>import Module.Submodule</c> is what breaks when a symlinked file dangles.</param>
public sealed record DemoWheel(string Name, string Version, string Module, string Submodule)
{
    public string DistInfo => $"{Module}-{Version}.dist-info";

    /// <summary>The wheel-cache key uv names the pointer after: <c>&lt;version&gt;-&lt;tags&gt;</c>.</summary>
    public string CacheKey => $"{Version}-py3-none-any";

    /// <summary>Relative path → content, RECORD last (it lists the others).</summary>
    public IReadOnlyList<(string Path, byte[] Content)> Files()
    {
        List<(string, byte[])> files =
        [
            ($"{Module}/__init__.py", Utf8($"\"\"\"{Name} {Version}: a package built by `gctool demo`.\"\"\"\n")),
            ($"{Module}/{Submodule}.py", Utf8($"def hello():\n    return \"{Name} {Version} imported from the uv cache\"\n")),
            ($"{DistInfo}/METADATA", Utf8($"Metadata-Version: 2.1\nName: {Name}\nVersion: {Version}\nSummary: gctool demo package\n")),
            ($"{DistInfo}/WHEEL", Utf8("Wheel-Version: 1.0\nGenerator: gctool-demo\nRoot-Is-Purelib: true\nTag: py3-none-any\n")),
            ($"{DistInfo}/top_level.txt", Utf8(Module + "\n")),
        ];
        var record = new StringBuilder();
        foreach (var (path, content) in files)
            record.Append(path).Append(",sha256=").Append(Digest(content)).Append(',').Append(content.Length).Append('\n');
        record.Append(DistInfo).Append("/RECORD,,\n");
        files.Add(($"{DistInfo}/RECORD", Utf8(record.ToString())));
        return files;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>PEP 376/427: urlsafe base64 of the sha256, without padding.</summary>
    private static string Digest(byte[] content) =>
        Convert.ToBase64String(SHA256.HashData(content)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
