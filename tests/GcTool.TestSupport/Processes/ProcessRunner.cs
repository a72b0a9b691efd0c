using System.Diagnostics;

namespace GcTool.TestSupport;

/// <summary>Runs a real child process to completion with arguments passed as a list (no shell quoting).</summary>
public static class ProcessRunner
{
    /// <summary>
    /// A safety net against a hung child, never a measure: on a loaded CI machine (two suites at once,
    /// load 20) a `python3 -m venv` or a gctool run can take a minute, and that must not fail a test.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        // Drain both pipes on dedicated threads, not the thread pool: stress tests block many pool
        // threads at once, and an async read whose continuation never gets a thread never finishes.
        var stdout = Drain(process.StandardOutput);
        var stderr = Drain(process.StandardError);
        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(limit);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in {limit}");
        }
        if (!stdout.Join(limit) || !stderr.Join(limit))
            throw new TimeoutException($"{fileName} exited but its output did not end within {limit} (a child kept the pipe open?)");
        return new ProcessResult(process.ExitCode, stdout.Text, stderr.Text);
    }

    /// <summary>Reads one redirected stream to its end on its own background thread.</summary>
    private sealed class PipeReader
    {
        private readonly Thread _thread;

        public PipeReader(StreamReader reader)
        {
            _thread = new Thread(() => Text = reader.ReadToEnd()) { IsBackground = true, Name = "process-output" };
            _thread.Start();
        }

        public string Text { get; private set; } = "";

        public bool Join(TimeSpan timeout) => _thread.Join(timeout);
    }

    private static PipeReader Drain(StreamReader reader) => new(reader);

    /// <summary>Runs and throws with the full output if the exit code is not 0.</summary>
    public static ProcessResult RunChecked(string fileName, params string[] arguments)
    {
        var result = Run(fileName, arguments);
        if (!result.Succeeded)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {result}");
        return result;
    }
}
