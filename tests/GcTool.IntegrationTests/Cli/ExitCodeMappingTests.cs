using GcTool.Cli.Output;
using GcTool.Cli.ErrorHandling;
using GcTool.Cli.Output.Json;
using GcTool.Core.Errors;
using GcTool.IntegrationTests.Cli.Fakes;

namespace GcTool.IntegrationTests.Cli;

/// <summary>Every exception kind maps to its documented exit code, in one place (ExitCodes).</summary>
public class ExitCodeMappingTests
{
    [Fact] public void Usage_Is2() => Assert.Equal(2, (int)ExitCodes.For(new UsageException("bad")));
    [Fact] public void LockTimeout_Is3() => Assert.Equal(3, (int)ExitCodes.For(new LockTimeoutException("busy")));
    [Fact] public void SafetyRefusal_Is4() => Assert.Equal(4, (int)ExitCodes.For(new SafetyRefusalException("no roots")));
    [Fact] public void PlainGcToolException_UsesItsCode() => Assert.Equal(1, (int)ExitCodes.For(new GcToolException(ExitCode.Failure, "not found")));
    [Fact] public void Cancellation_Is130() => Assert.Equal(130, (int)ExitCodes.For(new OperationCanceledException()));
    [Fact] public void TaskCancellation_Is130() => Assert.Equal(130, (int)ExitCodes.For(new TaskCanceledException()));
    [Fact] public void UnknownException_Is1() => Assert.Equal(1, (int)ExitCodes.For(new InvalidOperationException("boom")));
    [Fact] public void IoException_Is1() => Assert.Equal(1, (int)ExitCodes.For(new IOException("disk")));
    [Fact] public void NotImplemented_Is1() => Assert.Equal(1, (int)ExitCodes.For(new NotImplementedException()));

    [Fact]
    public void SingleAggregate_IsUnwrapped() =>
        Assert.Equal(3, (int)ExitCodes.For(new AggregateException(new LockTimeoutException("busy"))));

    [Fact]
    public void GcWithFailures_Is5() => Assert.Equal(5, (int)ExitCodes.For(Reports.Gc(dryRun: false)));

    [Fact]
    public void GcWithoutFailures_Is0() => Assert.Equal(0, (int)ExitCodes.For(Reports.EmptyGc()));

    [Fact]
    public void Success_AfterASignal_Is130()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Equal(ExitCode.Interrupted, ExitCodes.Finished(ExitCode.Ok, cts.Token));
        Assert.Equal(ExitCode.PartialFailure, ExitCodes.Finished(ExitCode.PartialFailure, cts.Token));
        Assert.Equal(ExitCode.Ok, ExitCodes.Finished(ExitCode.Ok, CancellationToken.None));
    }

    [Fact]
    public void Reporter_WritesOneLine_WithoutStack()
    {
        var stderr = new StringWriter();
        var code = new ErrorReporter(stderr).Report(new InvalidOperationException("boom\nsecond line"), verbose: false, json: null);
        Assert.Equal(ExitCode.Failure, code);
        Assert.Equal("gctool: error: boom second line" + Environment.NewLine, stderr.ToString());
    }

    [Fact]
    public void Reporter_WithVerbose_AddsTheStack()
    {
        var stderr = new StringWriter();
        new ErrorReporter(stderr).Report(Thrown(), verbose: true, json: null);
        var text = stderr.ToString();
        Assert.StartsWith("gctool: error: boom", text);
        Assert.Contains("System.InvalidOperationException", text);
        Assert.Contains(nameof(Thrown), text);
    }

    [Fact]
    public void Reporter_WithJson_WritesTheErrorObjectOnce()
    {
        var stdout = new StringWriter();
        var json = new JsonReportRenderer(stdout);
        new ErrorReporter(new StringWriter()).Report(new SafetyRefusalException("no roots registered"), verbose: false, json);
        Assert.Contains("\"kind\": \"safety_refusal\"", stdout.ToString());
        Assert.Contains("\"exit_code\": 4", stdout.ToString());
    }

    [Fact]
    public void Reporter_WithJson_AfterTheReport_LeavesStdoutAlone()
    {
        var stdout = new StringWriter();
        var json = new JsonReportRenderer(stdout);
        json.Render(new StatusResult(Reports.Status()));
        var before = stdout.ToString();
        new ErrorReporter(new StringWriter()).Report(new IOException("late"), verbose: false, json);
        Assert.Equal(before, stdout.ToString());
    }

    [Fact]
    public void Reporter_Interrupted_SaysSo()
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCode.Interrupted, new ErrorReporter(stderr).Report(new OperationCanceledException(), verbose: false, json: null));
        Assert.StartsWith("gctool: error: interrupted", stderr.ToString());
    }

    private static Exception Thrown()
    {
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
