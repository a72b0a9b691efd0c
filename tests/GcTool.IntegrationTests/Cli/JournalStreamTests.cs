using GcTool.Core.Environments;
using GcTool.IntegrationTests.EndToEnd;
using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Cli;

/// <summary>
/// gctool as systemd runs it: stdout and stderr are one Unix socket to journald, named by
/// <c>JOURNAL_STREAM</c> (device:inode). A small python3 program plays systemd: it makes the socket
/// pair, starts the real gctool process on one end and hands back what arrived on the other.
/// </summary>
public sealed class JournalStreamTests : IDisposable
{
    private const string PlaySystemd = """
        import os, socket, subprocess, sys
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        st = os.fstat(theirs.fileno())
        stream = sys.argv[1] if sys.argv[1] != "match" else f"{st.st_dev}:{st.st_ino}"
        child = subprocess.Popen(sys.argv[2:], stdout=theirs, stderr=theirs, env=dict(os.environ, JOURNAL_STREAM=stream))
        theirs.close()
        data = b""
        while chunk := ours.recv(65536):
            data += chunk
        sys.stdout.buffer.write(data)
        sys.exit(child.wait())
        """;

    private readonly GcToolWorld _world = new();

    public JournalStreamTests()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();
    }

    public void Dispose() => _world.Dispose();

    private ProcessResult Gc(string journalStream) =>
        ProcessRunner.Run("python3",
            ["-c", PlaySystemd, journalStream, "dotnet", GctoolProcess.Dll, "--cache-dir", _world.Cache.Root, "--db", _world.Database, "gc", "-n", "--min-age", "0s", "--lock-timeout", "1s"],
            timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public void UnderSystemd_EveryLineReachesTheJournalWhole_WithItsPriority()
    {
        var run = Gc("match");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches("^<[0-7]>", l));
        Assert.Single(lines, l => l.StartsWith("<6>would-delete entry=archive-v0/", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("<5>summary dry_run=true planned=1 ", StringComparison.Ordinal));
    }

    [Fact]
    public void AJournalStreamNamingAnotherSocket_AddsNoPrefixes()
    {
        var run = Gc("1:1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("<6>", run.StdOut);
        Assert.Contains("\nsummary dry_run=true", "\n" + run.StdOut);
    }
}
