using GcTool.Cli.Output;

namespace GcTool.IntegrationTests.Cli;

public sealed class JournalLevelWriterTests
{
    private static string Through(Action<TextWriter> write)
    {
        var inner = new StringWriter();
        using (var journal = new JournalLevelWriter(inner)) write(journal);
        return inner.ToString();
    }

    [Fact]
    public void EachLine_GetsTheSyslogPriorityOfItsKind()
    {
        var text = Through(w =>
        {
            w.WriteLine("Cache is in use by other uv processes; waiting up to 5m");
            w.WriteLine("gctool: warning: could not remove pointer /c/wheels-v6/x: Permission denied");
            w.WriteLine("gctool: debug: cache: /c");
            w.WriteLine("gctool: error: lock on /c/.lock not acquired in 5m");
        });

        Assert.Equal(
            "<6>Cache is in use by other uv processes; waiting up to 5m\n" +
            "<4>gctool: warning: could not remove pointer /c/wheels-v6/x: Permission denied\n" +
            "<7>gctool: debug: cache: /c\n" +
            "<3>gctool: error: lock on /c/.lock not acquired in 5m\n", text);
    }

    [Fact]
    public void AStackTraceAfterAnError_IsDebug_AndAPartialLineIsFlushedWhole()
    {
        var text = Through(w =>
        {
            w.WriteLine("gctool: error: boom");
            w.Write("System.IO.IOException: boom\r\n   at X.Y()");
        });

        Assert.Equal("<3>gctool: error: boom\n<7>System.IO.IOException: boom\n<7>   at X.Y()\n", text);
    }

    [Fact]
    public void OnStdout_GcLogLinesGetTheirLevels_FailedAsWarning_SummaryAsNotice()
    {
        var inner = new StringWriter();
        using (var journal = JournalLevelWriter.ForStdout(inner))
        {
            journal.WriteLine("deleted entry=archive-v0/A dist=foo version=1.0 bytes=1 freeable_bytes=1 reason=unreferenced");
            journal.WriteLine("failed entry=archive-v0/B dist=bar version=2.0 bytes=1 freeable_bytes=1 reason=unreferenced error=EACCES");
            journal.WriteLine("summary dry_run=false planned=2 planned_bytes=2 deleted=1 failed=1 bytes_freed=1");
            journal.WriteLine("summary dry_run=false planned=1 planned_bytes=1 deleted=1 failed=0 bytes_freed=1");
        }

        Assert.Equal(
            "<6>deleted entry=archive-v0/A dist=foo version=1.0 bytes=1 freeable_bytes=1 reason=unreferenced\n" +
            "<4>failed entry=archive-v0/B dist=bar version=2.0 bytes=1 freeable_bytes=1 reason=unreferenced error=EACCES\n" +
            "<4>summary dry_run=false planned=2 planned_bytes=2 deleted=1 failed=1 bytes_freed=1\n" +
            "<5>summary dry_run=false planned=1 planned_bytes=1 deleted=1 failed=0 bytes_freed=1\n", inner.ToString());
    }
}
