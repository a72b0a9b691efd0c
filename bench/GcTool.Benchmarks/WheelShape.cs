namespace GcTool.Benchmarks;

/// <summary>
/// The files of one synthetic wheel, relative to its archive entry: nested package directories and a
/// <c>&lt;name&gt;-&lt;version&gt;.dist-info/</c> with METADATA, WHEEL, RECORD and top_level.txt, as uv unpacks it.
/// </summary>
public sealed record WheelShape(string Name, string Version, IReadOnlyList<string> Files)
{
    public string DistInfo => $"{Name}-{Version}.dist-info";

    /// <summary>Deterministic in <paramref name="index"/>: 2% of wheels have 50–500 files, the rest 1–3 modules.</summary>
    public static WheelShape For(int index, string prefix = "pkg")
    {
        var random = new Random(index * 7919 + 17);
        var name = $"{prefix}{index:D5}";
        var version = $"1.{index % 10}.{index % 7}";
        var modules = random.NextDouble() < 0.02
            ? 50 + (int)(450 * Math.Pow(random.NextDouble(), 2))
            : 1 + random.Next(3);
        var files = new List<string>(modules + 4) { $"{name}/__init__.py" };
        for (var m = 1; m < modules; m++)
        {
            // Ten modules per sub-package, sub-packages nested two deep: pkg/sub3/sub3_1/mod7.py.
            var sub = m / 10;
            var directory = sub == 0 ? name : sub % 3 == 0 ? $"{name}/sub{sub / 3}/sub{sub / 3}_{sub % 3}" : $"{name}/sub{sub}";
            files.Add($"{directory}/mod{m}.py");
        }
        var distInfo = $"{name}-{version}.dist-info";
        files.Add($"{distInfo}/METADATA");
        files.Add($"{distInfo}/WHEEL");
        files.Add($"{distInfo}/top_level.txt");
        files.Add($"{distInfo}/RECORD");
        return new WheelShape(name, version, files);
    }

    public static byte[] Content(string relative) =>
        System.Text.Encoding.UTF8.GetBytes($"# {relative}\n" + new string('x', 64 + relative.Length % 200) + "\n");
}
