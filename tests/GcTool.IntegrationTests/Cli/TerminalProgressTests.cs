using GcTool.Cli;
using GcTool.Cli.Output;
using GcTool.Cli.Output.Human;
using GcTool.Cli.Settings;
using GcTool.Core.Progress;

namespace GcTool.IntegrationTests.Cli;

/// <summary>When progress bars are drawn: only for a person watching a terminal.</summary>
public sealed class TerminalProgressTests
{
    private static readonly EnvironmentVariables XTerm = new(new Dictionary<string, string?> { ["TERM"] = "xterm-256color" });

    private static GlobalSettings Settings(bool json = false, Verbosity verbosity = Verbosity.Normal) => new(null, null, json, verbosity);

    [Fact] public void Drawn_OnATerminal() => Assert.True(TerminalProgress.IsWanted(true, Settings(), XTerm));

    [Fact] public void Drawn_WithVerbose() => Assert.True(TerminalProgress.IsWanted(true, Settings(verbosity: Verbosity.Verbose), XTerm));

    [Fact] public void NotDrawn_WhenStderrIsNotATerminal() => Assert.False(TerminalProgress.IsWanted(false, Settings(), XTerm));

    [Fact] public void NotDrawn_WithJson() => Assert.False(TerminalProgress.IsWanted(true, Settings(json: true), XTerm));

    [Fact] public void NotDrawn_WithQuiet() => Assert.False(TerminalProgress.IsWanted(true, Settings(verbosity: Verbosity.Quiet), XTerm));

    [Fact]
    public void NotDrawn_OnADumbTerminal_OrWithoutTerm()
    {
        Assert.False(TerminalProgress.IsWanted(true, Settings(), new EnvironmentVariables(new Dictionary<string, string?> { ["TERM"] = "dumb" })));
        Assert.False(TerminalProgress.IsWanted(true, Settings(), EnvironmentVariables.Empty));
    }

    [Fact]
    public void ABar_NeverGoesBack_WhenAThreadsSmallerCountArrivesAfterTheLastOne()
    {
        var stderr = new StringWriter();
        var progress = TerminalProgress.Create(stderr, XTerm, ColorMode.Never);

        progress.Run(() =>
        {
            progress.Report(new WorkProgress(WorkStage.ReadingEntries, 0, 3));
            progress.Report(new WorkProgress(WorkStage.ReadingEntries, 1, 3));
            progress.Report(new WorkProgress(WorkStage.ReadingEntries, 3, 3)); // the thread that read the last entry reported first
            progress.Report(new WorkProgress(WorkStage.ReadingEntries, 2, 3));
            return 0;
        });

        var lastFrame = stderr.ToString().Split("Reading entries")[^1];
        Assert.Contains("3/3", lastFrame);
    }
}
