using GcTool.Cli.Output;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>File names reach human output and stderr only through <see cref="TerminalText"/>.</summary>
public sealed class TerminalEscapingTests : IDisposable
{
    private readonly HostileWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("a\u001b[2Jb", "a\\x1b[2Jb")]
    [InlineData("x\n<3>gctool: error: forged", "x\\n<3>gctool: error: forged")]
    [InlineData("cr\rdel\u007fc1\u009b", "cr\\rdel\\x7fc1\\x9b")]
    [InlineData("plain/path [ok]", "plain/path [ok]")]
    public void Escape_WritesControlCharactersVisibly(string raw, string shown) =>
        Assert.Equal(shown, TerminalText.Escape(raw));

    [Fact]
    public void Line_EscapesHolesButNotLiterals()
    {
        var name = "evil\u001b]0;pwned\u0007\n";
        Assert.Equal("Entry evil\\x1b]0;pwned\\x07\\n.\n", TerminalText.Line($"Entry {name}.\n"));
    }

    [Fact]
    public void HumanScan_PrintsNoControlCharacterFromAFileName()
    {
        // A venv-looking directory whose pyvenv.cfg is a directory: the scan lists it under skipped, by name.
        var root = _world.Dir("root");
        var evil = Path.Combine(root, "p\u001b[2J\u001b]0;title\u0007\nq");
        Directory.CreateDirectory(Path.Combine(evil, "pyvenv.cfg"));

        var run = _world.RunRaw("--cache-dir", _world.Cache.Root, "--db", _world.Database, "scan", root);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.DoesNotContain('\u001b', run.Stdout + run.Stderr);
        Assert.DoesNotContain('\u0007', run.Stdout + run.Stderr);
    }
}
