using System.Globalization;
using System.Text;
using GcTool.Core.Errors;

namespace GcTool.Cli.Output.Metrics;

/// <summary>
/// <c>gc --metrics-file PATH</c>: the run's figures in Prometheus' text exposition format, for
/// node_exporter's textfile collector (<c>--collector.textfile.directory</c>; the file must end in
/// <c>.prom</c>). Written to a temporary file in the same directory and renamed over PATH, so the
/// collector never reads half a file.
/// </summary>
/// <remarks>
/// Every sample carries a <c>cache</c> label, so several caches can write files into one
/// directory. <c>gctool_last_success_timestamp_seconds</c> must survive failed runs (it is what the
/// "no success in 48h" alert watches): a failed run copies it from the file it replaces.
/// </remarks>
internal static class MetricsFile
{
    public const string LastSuccess = "gctool_last_success_timestamp_seconds";

    public static void Write(string path, GcMetrics m)
    {
        var lastSuccess = m.ExitCode == 0 ? m.RunAt : PreviousLastSuccess(path, m.CacheRoot);
        var text = Render(m, lastSuccess);
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new GcToolException(ExitCode.Failure, $"cannot write the metrics file {path}: {e.Message}; check the directory's permissions");
        }
    }

    public static string Render(GcMetrics m, long? lastSuccess)
    {
        var label = $"{{cache=\"{EscapeLabel(m.CacheRoot)}\"}}";
        var text = new StringBuilder();
        void Gauge(string name, string help, double? value)
        {
            if (value is not { } v) return;
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" gauge\n");
            text.Append(name).Append(label).Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        Gauge("gctool_last_run_timestamp_seconds", "Unix time the last gc run started.", m.RunAt);
        Gauge(LastSuccess, "Unix time of the last gc run that exited 0.", lastSuccess);
        Gauge("gctool_last_exit_code", "Exit code of the last gc run (see README.md, Exit codes).", m.ExitCode);
        Gauge("gctool_last_dry_run", "1 if the last gc run was a dry run.", m.DryRun ? 1 : 0);
        Gauge("gctool_last_deleted_entries", "Cache entries the last gc run deleted.", m.EntriesDeleted);
        Gauge("gctool_last_deleted_bytes", "Bytes the last gc run freed.", m.BytesDeleted);
        Gauge("gctool_cache_bytes", "Bytes of the cache's archive entries after the last gc run.", m.CacheBytes);
        Gauge("gctool_reclaimable_bytes", "Bytes gc could free now (unreferenced entries, hardlinks counted once).", m.ReclaimableBytes);
        Gauge("gctool_environments", "Environments gctool knows that link into the cache.", m.Environments);
        Gauge("gctool_last_lock_wait_seconds", "How long the last gc run waited for uv's cache lock.", m.LockWait.TotalSeconds);
        Gauge("gctool_last_lock_hold_seconds", "How long the last gc run held uv's cache lock.", m.LockHeld.TotalSeconds);
        Gauge("gctool_roots_refused", "Registered roots the last gc run refused to run without (missing or unreadable).", m.RootsRefused);
        return text.ToString();
    }

    /// <summary>The exposition format's label escaping: backslash, double quote and newline.</summary>
    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>The last success recorded in the file about to be replaced, for the same cache; null if none.</summary>
    private static long? PreviousLastSuccess(string path, string cacheRoot)
    {
        try
        {
            var prefix = $"{LastSuccess}{{cache=\"{EscapeLabel(cacheRoot)}\"}} ";
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal) &&
                    double.TryParse(line.AsSpan(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    return (long)value;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no previous file, or unreadable: no success known
        }
        return null;
    }
}
