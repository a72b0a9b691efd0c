using GcTool.Core.Demo;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Demo;

/// <summary>The demo's own lines: its environments, uv's prune next to gctool, and the import check.</summary>
internal static class DemoSummary
{
    public static void Environments(TextWriter output, DemoWorld world)
    {
        var width = world.Environments.Max(e => e.Label.Length);
        foreach (var e in world.Environments)
        {
            var packages = string.Join(", ", e.Installed.Select(i => $"{i.Wheel.Name} {i.Wheel.Version}"));
            var note = e.BrokenBeforeGctool ? "  (already broken by a plain `uv cache prune`)" : e.Label.StartsWith("tools/", StringComparison.Ordinal) ? "  (a uv tool env)" : "";
            output.WriteLine(Line($"  {e.Label.PadRight(width)}  {Mode(e.Mode),-8}  {packages}{note}"));
        }
    }

    /// <summary>Each archive a plain prune would delete: whom that breaks, and what gctool did with it.</summary>
    public static void Compare(TextWriter output, DemoWorld world, IReadOnlyList<string> pruneWouldDelete)
    {
        output.WriteLine("What a plain `uv cache prune` would have deleted, next to what gctool did:");
        var rows = new List<string[]> { new[] { "Entry", "Package", "uv cache prune", "gctool" } };
        foreach (var id in pruneWouldDelete)
        {
            var wheel = world.Archives[id];
            var users = world.Environments.Where(e => e.Mode == DemoLinkMode.Symlink && e.Installed.Any(i => i.ArchiveId == id)).Select(e => e.Label).ToList();
            var uv = users.Count == 0 ? "deletes it (harmless)" : $"deletes it: breaks {string.Join(", ", users)}";
            var kept = Directory.Exists(Path.Combine(world.Cache, "archive-v0", id));
            var gctool = kept ? $"kept: {Plural(users.Count, "environment links", "environments link")} into it" : "deleted: no environment uses it";
            rows.Add([$"archive-v0/{id}", $"{wheel.Name} {wheel.Version}", uv, gctool]);
        }
        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(Line($"  {row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}"));
        output.WriteLine("gctool also deleted the entries no environment uses even though uv still points at them (uv downloads them again when asked).");
    }

    /// <summary>Imports every installed package with each venv's own interpreter; returns how many environments that should work do not.</summary>
    public static int Imports(TextWriter output, DemoWorld world, PythonVenvs python)
    {
        output.WriteLine();
        output.WriteLine("Imports after gctool gc, with each venv's own python:");
        var broke = 0;
        foreach (var e in world.Environments)
        {
            var errors = e.Installed.Select(i => python.Import(e.Path, $"{i.Wheel.Module}.{i.Wheel.Submodule}")).Where(error => error is not null).ToList();
            var state = errors.Count == 0 ? "ok" : errors[0]!;
            if (errors.Count > 0 && e.BrokenBeforeGctool) state += " (broken before gctool ran; `gctool doctor` printed the repair)";
            else if (errors.Count > 0) broke++;
            output.WriteLine(Line($"  {e.Label}: {state}"));
        }
        return broke;
    }

    private static string Mode(DemoLinkMode mode) => mode switch
    {
        DemoLinkMode.Symlink => "symlink",
        DemoLinkMode.Hardlink => "hardlink",
        _ => "copy",
    };
}
