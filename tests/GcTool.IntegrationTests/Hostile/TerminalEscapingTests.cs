using GcTool.Cli.Output;
using GcTool.TestSupport;

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

    /// <summary>A name that clears the screen, retitles the terminal, and tries to start a journal error line of its own.</summary>
    private const string EvilName = "p\u001b[2J\u001b]0;title\u0007\n<3>gctool: error: forged";

    /// <summary>
    /// A root holding a venv under <see cref="EvilName"/> that links into an entry and dangles into a missing one
    /// (scan, gc, audit, doctor and explain all name it), and a skipped directory of the same name.
    /// </summary>
    private (string Root, string Venv, ArchiveEntry Entry) EvilWorld()
    {
        var root = _world.Dir("root");
        var entry = _world.Cache.PersistWheel(Wheel.Named("foo", "1.0").WithModule("foo/__init__.py"));
        var venv = HostileWorld.FakeVenv(Path.Combine(root, EvilName, ".venv"));
        HostileWorld.LinkInto(venv, entry);
        File.CreateSymbolicLink(Path.Combine(venv, "lib", "python3.11", "site-packages", "gone.py"), _world.Cache.EntryPath("ZZZZZZZZZZZZZZZZ") + "/gone.py");
        Directory.CreateDirectory(Path.Combine(root, EvilName + "-skipped", "pyvenv.cfg"));
        return (root, venv, entry);
    }

    private CliRun Human(params string[] args) =>
        _world.RunRaw(["--cache-dir", _world.Cache.Root, "--db", _world.Database, .. args]);

    private static CliRun Touched(string directory, Func<CliRun> then)
    {
        Directory.SetLastWriteTimeUtc(directory, DateTime.UtcNow.AddHours(-3));
        return then();
    }

    private static void AssertNoControlCharactersOrForgedLines(CliRun run)
    {
        var all = run.Stdout + run.Stderr;
        Assert.DoesNotContain('\u001b', all);
        Assert.DoesNotContain('\u0007', all);
        Assert.DoesNotContain(all.Split('\n'), line => line.StartsWith("<3>", StringComparison.Ordinal) || line.StartsWith("gctool: error: forged", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryHumanCommand_PrintsTheNameEscaped_AndNoControlCharacterFromIt()
    {
        var (root, venv, entry) = EvilWorld();
        var runs = new Dictionary<string, CliRun>
        {
            ["scan"] = Human("scan", root),
            ["audit env"] = Human("audit", "env", venv),
            ["audit entry"] = Human("audit", "entry", entry.Id),
            ["audit"] = Human("audit"),
            ["doctor"] = Human("doctor", root),
            ["explain"] = Human("explain", entry.Id),
            // The root changed since the scan: gc's own scan lists it again, and names the skipped directory.
            ["gc"] = Touched(root, () => Human("gc", "--min-age", "0s")),
            ["gc --print-live"] = Human("gc", "--print-live"),
        };

        foreach (var (command, run) in runs)
        {
            Assert.True(run.Exit is 0 or 6, $"{command}: {run}");
            AssertNoControlCharactersOrForgedLines(run);
        }
        foreach (var command in new[] { "scan", "audit entry", "doctor", "explain", "gc" })
            Assert.True(runs[command].Stdout.Contains("\\x1b", StringComparison.Ordinal), $"{command}: {runs[command].Stdout}");
    }

    [Fact]
    public void Errors_WithVerbose_KeepANameOnTheErrorLine()
    {
        var (root, venv, _) = EvilWorld();
        Assert.Equal(0, Human("scan", root).Exit);

        var run = Human("--verbose", "audit", "env", venv + "-not-known");

        Assert.NotEqual(0, run.Exit);
        AssertNoControlCharactersOrForgedLines(run);
        Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("gctool: error:", StringComparison.Ordinal));
    }

    [Fact]
    public void UnderTheJournal_AFileNameCannotForgeAnErrorPriorityLine()
    {
        var (root, venv, _) = EvilWorld();
        var dll = Path.Combine(AppContext.BaseDirectory, "gctool.dll");
        var environment = new Dictionary<string, string?> { ["HOME"] = _world.Temp.Path };
        // As systemd runs a service: stderr is a stream socket and JOURNAL_STREAM names it (device:inode),
        // so gctool knows it writes to the journal; what gctool sends there comes back on our stderr.
        const string journal = """
            import os, socket, subprocess, sys
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            st = os.fstat(theirs.fileno())
            env = dict(os.environ, JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}")
            child = subprocess.Popen(sys.argv[1:], stderr=theirs, env=env)
            theirs.close()
            received = b""
            while chunk := ours.recv(65536):
                received += chunk
            sys.stderr.buffer.write(received)
            sys.exit(child.wait())
            """;
        string[] common = ["-c", journal, "dotnet", dll, "--cache-dir", _world.Cache.Root, "--db", _world.Database, "--verbose"];

        var scan = ProcessRunner.Run("python3", [.. common, "scan", root], environment);
        var failing = ProcessRunner.Run("python3", [.. common, "audit", "env", venv + "-not-known"], environment);

        Assert.True(scan.ExitCode == 0, scan.ToString());
        Assert.NotEqual(0, failing.ExitCode);
        foreach (var stderr in new[] { scan.StdErr, failing.StdErr })
        {
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line => Assert.Matches("^<[0-7]>", line));
            Assert.DoesNotContain(lines, line => line.StartsWith("<3>", StringComparison.Ordinal) && !line.StartsWith("<3>gctool: error: ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, line => line[3..].StartsWith("<", StringComparison.Ordinal));
        }
        Assert.Single(failing.StdErr.Split('\n'), line => line.StartsWith("<3>", StringComparison.Ordinal));
        Assert.DoesNotContain(scan.StdErr.Split('\n'), line => line.StartsWith("<3>", StringComparison.Ordinal));
    }
}
