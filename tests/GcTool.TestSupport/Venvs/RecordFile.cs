using System.Text;

namespace GcTool.TestSupport;

/// <summary>A wheel RECORD: <c>path,hash,size</c> lines (our paths never contain commas).</summary>
internal sealed class RecordFile
{
    private readonly List<(string Path, string Hash, string Size)> _lines;

    private RecordFile(List<(string, string, string)> lines) => _lines = lines;

    public static RecordFile Read(string path) => new(File.ReadAllLines(path)
        .Where(l => l.Length > 0)
        .Select(l =>
        {
            var size = l.LastIndexOf(',');
            var hash = l.LastIndexOf(',', size - 1);
            return (l[..hash], l[(hash + 1)..size], l[(size + 1)..]);
        })
        .ToList());

    public void Rename(string from, string to)
    {
        var index = _lines.FindIndex(l => l.Path == from);
        if (index < 0) throw new InvalidDataException($"RECORD has no entry for {from}");
        _lines[index] = _lines[index] with { Path = to };
    }

    /// <summary>Adds or replaces the line for a file uv wrote itself.</summary>
    public void Set(string path, byte[] content)
    {
        _lines.RemoveAll(l => l.Path == path);
        var hash = WheelArchive.RecordHash(content);
        var recordIndex = _lines.FindIndex(l => l.Path.EndsWith("/RECORD", StringComparison.Ordinal));
        _lines.Insert(recordIndex < 0 ? _lines.Count : recordIndex, (path, hash, content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (path, hash, size) in _lines) text.Append(path).Append(',').Append(hash).Append(',').Append(size).Append('\n');
        return text.ToString();
    }
}
