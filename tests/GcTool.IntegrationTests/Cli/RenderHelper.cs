using GcTool.Cli.Output;
using GcTool.Cli.Output.Human;
using GcTool.Cli.Output.Json;
using GcTool.Cli.Settings;
using GcTool.IntegrationTests.Cli.Fakes;

namespace GcTool.IntegrationTests.Cli;

/// <summary>Renders a report the way the CLI does when stdout is a pipe: 80 columns, no colour, ASCII borders, fixed now.</summary>
internal static class RenderHelper
{
    public static string Human(Action<IReportRenderer> render)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var console = HumanConsole.Create(writer, isTerminal: false, EnvironmentVariables.Empty);
        render(new HumanReportRenderer(console, new HumanFormat(Reports.Now)));
        var text = writer.ToString();
        AssertFits(text);
        return text;
    }

    public static string Json(Action<IReportRenderer> render)
    {
        var writer = new StringWriter();
        render(new JsonReportRenderer(writer));
        var text = writer.ToString();
        using var document = System.Text.Json.JsonDocument.Parse(text); // exactly one JSON value…
        Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind); // …and it is an object
        return text;
    }

    private static void AssertFits(string text)
    {
        foreach (var line in text.Split('\n'))
            Assert.True(line.TrimEnd().Length <= HumanConsole.PipeWidth, $"line wider than {HumanConsole.PipeWidth} columns: '{line}'");
        Assert.DoesNotContain("\u001b[", text); // no ANSI escapes when not a terminal
    }
}
