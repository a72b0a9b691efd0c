using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace GcTool.TestSupport;

/// <summary>
/// Builds a real <c>.whl</c> (a zip with a generated dist-info and a RECORD of sha256 hashes) from a
/// <see cref="WheelSpec"/>, and unzips one the way uv does: regular files with their zip mode bits.
/// </summary>
public static class WheelArchive
{
    /// <summary>The bytes of the wheel file.</summary>
    public static byte[] Build(WheelSpec spec)
    {
        var files = new List<WheelFile>(spec.Files);
        files.AddRange(spec.DataFiles.Select(f => f with { RelativePath = $"{spec.DataDir}/{f.RelativePath}" }));
        files.AddRange(DistInfoFiles(spec));

        var record = new StringBuilder();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var bytes = Encoding.UTF8.GetBytes(file.Content);
                Add(zip, file.RelativePath, bytes, file.Executable);
                record.Append(RecordLine(file.RelativePath, bytes));
            }
            record.Append($"{spec.DistInfoDir}/RECORD,,\n");
            Add(zip, $"{spec.DistInfoDir}/RECORD", Encoding.UTF8.GetBytes(record.ToString()), executable: false);
        }
        return buffer.ToArray();
    }

    /// <summary>Unzips into <paramref name="directory"/> (which must exist): directories real, files with the zip's mode.</summary>
    public static void Extract(byte[] wheel, string directory)
    {
        using var zip = new ZipArchive(new MemoryStream(wheel), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(directory, entry.FullName));
            if (!target.StartsWith(directory + "/", StringComparison.Ordinal))
                throw new InvalidDataException($"wheel entry escapes the target: {entry.FullName}");
            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(target);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var source = entry.Open())
            using (var output = File.Create(target))
                source.CopyTo(output);
            var mode = (entry.ExternalAttributes >> 16) & 0x1FF;
            UnixModes.Set(target, mode == 0 ? UnixModes.Regular : (UnixFileMode)mode);
        }
    }

    /// <summary>A RECORD line: <c>path,sha256=&lt;urlsafe b64, no padding&gt;,size</c>.</summary>
    public static string RecordLine(string path, byte[] content) => $"{path},{RecordHash(content)},{content.Length}\n";

    public static string RecordHash(byte[] content) =>
        "sha256=" + Convert.ToBase64String(SHA256.HashData(content)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IEnumerable<WheelFile> DistInfoFiles(WheelSpec spec)
    {
        var d = spec.DistInfoDir;
        yield return new WheelFile($"{d}/METADATA", $"Metadata-Version: 2.3\nName: {spec.Name}\nVersion: {spec.Version}\n"
            + (spec.License is null ? "" : "License-File: LICENSE\n"));
        yield return new WheelFile($"{d}/WHEEL", $"Wheel-Version: 1.0\nGenerator: gctool-uv-simulator\nRoot-Is-Purelib: true\nTag: {spec.Tags}\n");
        yield return new WheelFile($"{d}/top_level.txt", string.Concat(spec.TopLevel.Select(t => t + "\n")));
        if (spec.ConsoleScripts.Count > 0)
            yield return new WheelFile($"{d}/entry_points.txt", "[console_scripts]\n" + string.Concat(spec.ConsoleScripts.Select(s => s + "\n")));
        if (spec.License is not null)
            yield return new WheelFile($"{d}/licenses/LICENSE", spec.License);
    }

    private static void Add(ZipArchive zip, string path, byte[] bytes, bool executable)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        var mode = executable ? UnixModes.Executable : UnixModes.Regular;
        entry.ExternalAttributes = (int)(((uint)UnixModes.FromOctal("100000") | (uint)mode) << 16); // S_IFREG | mode
        using var stream = entry.Open();
        stream.Write(bytes);
    }
}
