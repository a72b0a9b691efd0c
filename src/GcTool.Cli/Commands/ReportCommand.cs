using System.CommandLine;
using System.Text;
using GcTool.Cli.Output;
using GcTool.Cli.Output.Html;
using GcTool.Core.Errors;
using GcTool.Core.Reporting;

namespace GcTool.Cli.Commands;

/// <summary><c>gctool report --html FILE</c> → <see cref="ReportService.Build"/>, written by <see cref="HtmlReportWriter"/>.</summary>
internal static class ReportCommand
{
    private static readonly string Description = Describe.Command(
        "Write an HTML report on the cache. It is one self-contained page that needs no network to view, showing size by bucket measured on disk, the largest entries, entries by how many environments use them, environments by cache footprint, bytes reclaimable now, and gc history as a chart. Reads only; takes no lock. Run `gctool scan` first for fresh numbers.",
        "gctool report --html /var/www/html/uv-cache.html");

    public static Command Create(ICommandRunner runner)
    {
        var html = new Option<string>("--html")
        {
            Description = "Write the report to this file (replaced atomically if it exists)",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("report", Description) { html };
        command.SetAction(parse => runner.Run(parse, session =>
        {
            var path = Path.GetFullPath(parse.GetValue(html)!);
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory)) // before walking the cache, which can take a while
                throw new UsageException($"cannot write the report to {path}: directory {directory} does not exist");
            var policy = new PolicyOptions(); // gc's defaults from the config and environment: "reclaimable" is what gc would free
            var reclaim = new Core.Collection.GcRequest(true, policy.ReadMinAge(parse, session.Config), TimeSpan.Zero, Policies: policy.ReadPolicies(parse, session.Config));
            var report = new ReportService(session.Context).Build(session.Cancellation, reclaim);
            var bytes = WriteAtomically(path, HtmlReportWriter.Render(report));
            return new ReportWritten(path, bytes, report);
        }));
        return command;
    }

    /// <summary>Writes beside the target and renames over it, so a web server never serves half a page.</summary>
    private static long WriteAtomically(string path, string html)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new GcToolException(ExitCode.Failure, $"cannot write the report to {path}: {e.Message}");
        }
        return bytes.LongLength;
    }
}
