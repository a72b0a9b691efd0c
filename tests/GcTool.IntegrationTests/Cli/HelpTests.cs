using GcTool.Cli;

namespace GcTool.IntegrationTests.Cli;

/// <summary>Every command's <c>--help</c>, found by walking the command lists: 80 columns and a real example.</summary>
public sealed class HelpTests
{
    private static string Help(params string[] command)
    {
        var stdout = new StringWriter();
        var code = GcToolApp.Run([.. command, "--help"], stdout, new StringWriter(), new Dictionary<string, string?>());
        Assert.Equal(0, code);
        return stdout.ToString();
    }

    /// <summary>The names in a help text's "Commands:" section.</summary>
    private static IEnumerable<string> Subcommands(string help) =>
        help.Split('\n')
            .SkipWhile(line => line != "Commands:").Skip(1)
            .TakeWhile(line => line.Length > 0)
            .Where(line => line.Length > 2 && line[2] != ' ')
            .Select(line => line.Trim().Split(' ')[0]);

    private static IEnumerable<string[]> AllCommands(string[] parent)
    {
        foreach (var name in Subcommands(Help(parent)))
        {
            string[] path = [.. parent, name];
            yield return path;
            foreach (var child in AllCommands(path)) yield return child;
        }
    }

    [Fact]
    public void EveryCommandsHelp_FitsEightyColumns_AndHasAnExampleThatCallsGctool()
    {
        var commands = AllCommands([]).ToList();
        Assert.Contains(commands, c => c.SequenceEqual(["report"]));
        Assert.Contains(commands, c => c.SequenceEqual(["roots", "add"]));

        foreach (var command in commands)
        {
            var help = Help(command);
            var name = string.Join(' ', command);
            Assert.All(help.Split('\n'), line => Assert.True(line.TrimEnd().Length <= CommandLineHelp.Width, $"gctool {name} --help: wider than 80: {line}"));
            var examples = help.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("Example", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal));
            Assert.True(examples.Any(e => e.Contains("gctool ", StringComparison.Ordinal)), $"gctool {name} --help has no example:\n{help}");
        }
    }

    [Fact]
    public void TheCommandList_ShowsEachCommandsFirstSentenceOnly()
    {
        var help = Help();

        Assert.Contains("  report", help);
        Assert.DoesNotContain("Example:\n                           gctool scan", help);
        Assert.Single(help.Split('\n'), l => l.TrimStart().StartsWith("Example", StringComparison.Ordinal));
    }
}
