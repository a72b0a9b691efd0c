using System.Diagnostics;

namespace GcTool.Cli.Demo;

/// <summary>The machine's python3, for the demo's real venvs and for checking their imports.</summary>
internal sealed class PythonVenvs(Settings.EnvironmentVariables env)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly string? _python = Find(env);

    public bool Available => _python is not null;

    /// <summary><c>python3 -m venv --without-pip VENV</c>; false when there is no python3 or it fails (no venv module).</summary>
    public bool Create(string venv) => _python is { } python && Run(python, ["-m", "venv", "--without-pip", venv]).Exit == 0;

    /// <summary>Imports <paramref name="module"/> with the venv's interpreter: null when it works, else Python's last error line.</summary>
    public string? Import(string venv, string module)
    {
        var (exit, stderr) = Run(Path.Combine(venv, "bin", "python"), ["-B", "-c", $"import {module}"]);
        if (exit == 0) return null;
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 ? lines[^1] : $"exit {exit}";
    }

    private static string? Find(Settings.EnvironmentVariables env) =>
        (env.Get("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "python3"))
            .FirstOrDefault(File.Exists);

    private static (int Exit, string Stderr) Run(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "timed out");
            }
            return (process.ExitCode, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
