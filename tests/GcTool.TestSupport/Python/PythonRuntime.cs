namespace GcTool.TestSupport;

/// <summary>
/// The base CPython the simulator builds venvs from, found once per test run: <c>$GCTOOL_TEST_PYTHON</c>,
/// else <c>python3.11</c>, else <c>python3</c> on PATH. We resolve it to the real interpreter
/// (<c>sys.executable</c>) so launcher shims such as pyenv's cost nothing per venv.
/// </summary>
public sealed record PythonRuntime(string Executable, string Version)
{
    private static readonly Lazy<PythonRuntime> Found = new(Locate);

    public static PythonRuntime Default => Found.Value;

    /// <summary>"3.11" for "3.11.7": the site-packages directory name uses it.</summary>
    public string MajorMinor => string.Join('.', Version.Split('.').Take(2));

    /// <summary>The directory holding the interpreter: pyvenv.cfg's <c>home</c>.</summary>
    public string Home => Path.GetDirectoryName(Executable)!;

    private static PythonRuntime Locate()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("GCTOOL_TEST_PYTHON"), "python3.11", "python3" };
        foreach (var candidate in candidates.Where(c => !string.IsNullOrEmpty(c)))
        {
            ProcessResult result;
            try
            {
                result = ProcessRunner.Run(candidate!, ["-c", "import sys, platform; print(sys.executable); print(platform.python_version())"]);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                continue; // not on PATH
            }
            var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (result.Succeeded && lines.Length == 2) return new PythonRuntime(lines[0], lines[1]);
        }
        throw new InvalidOperationException("no python3 found for the uv simulator; install python3.11 or set GCTOOL_TEST_PYTHON");
    }
}
