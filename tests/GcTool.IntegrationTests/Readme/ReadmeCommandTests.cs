using System.Text.RegularExpressions;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Readme;

/// <summary>
/// README's main command, extracted from README.md and run exactly as written, as a newcomer pastes
/// it: into bash, in a fresh copy of this checkout, with HOME in an empty temp directory and no uv
/// cache. It must build gctool and, finding no cache, run the demo to its end.
/// </summary>
/// <remarks>
/// "A fresh clone" is the files git tracks (plus new, unignored ones) copied to a temp directory,
/// so the command builds from nothing, not from this checkout's bin/ and obj/. The only thing
/// shared with the machine is NuGet's package folder (<c>NUGET_PACKAGES</c>), as CI keeps it, so the
/// test does not download every package again. Slow (a Release build from scratch): minutes.
/// </remarks>
public sealed partial class ReadmeCommandTests
{
    [ReadmeCommandFact]
    public void MainCommand_AsWritten_BuildsGctool_AndRunsTheDemo_WhenThereIsNoUvCache()
    {
        var command = ExtractMainCommand(File.ReadAllText(Path.Combine(Checkout.Root, "README.md")));
        using var temp = TempDirectory.Create("gctool-readme-");
        var clone = temp.CreateDirectory("clone");
        Checkout.CopyTrackedFiles(clone);
        var home = temp.CreateDirectory("home");

        var run = ProcessRunner.Run("bash", ["--noprofile", "--norc", "-c", command], CleanShell(home), TimeSpan.FromMinutes(30), clone);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("gctool demo: a uv cache and 5 environments in", run.StdOut);
        Assert.Matches("deletes it: breaks symlink-app +kept: 1 environment links into it", run.StdOut);
        Assert.False(Directory.Exists(Path.Combine(home, ".cache", "uv")), "the demo must not create a uv cache in HOME");
        Assert.False(Directory.Exists(Path.Combine(home, ".local", "state", "gctool")), "the demo must keep its database in its own directory");
    }

    [Fact]
    public void TheMainCommand_IsTheFirstShellBlockOfTheTwoCommands_AndRunsTheDemoWithoutACache()
    {
        var command = ExtractMainCommand(File.ReadAllText(Path.Combine(Checkout.Root, "README.md")));

        Assert.Contains("dotnet build -c Release src/GcTool.Cli", command);
        Assert.Contains("gctool demo", command);
        Assert.DoesNotContain("alias ", command); // bash expands an alias only on the next line read
    }

    /// <summary>The first <c>```sh</c> block under "## The two commands".</summary>
    public static string ExtractMainCommand(string readme)
    {
        var section = readme.IndexOf("## The two commands", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no \"## The two commands\" section");
        var block = ShellBlock().Match(readme, section);
        Assert.True(block.Success, "no ```sh block after \"## The two commands\"");
        return block.Groups[1].Value;
    }

    /// <summary>env -i, plus only what a fresh login on a CI machine has: HOME, PATH, the .NET SDK.</summary>
    private static Dictionary<string, string?> CleanShell(string home)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) environment[(string)e.Key] = null;
        var dotnet = Path.GetDirectoryName(Checkout.RealPath(Checkout.Which("dotnet")!))!;
        environment["HOME"] = home;
        environment["PATH"] = $"{dotnet}:/usr/local/bin:/usr/bin:/bin";
        environment["TMPDIR"] = Path.Combine(home, "..");
        environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        return environment;
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
