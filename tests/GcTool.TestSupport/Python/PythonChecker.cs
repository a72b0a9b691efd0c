using Xunit;

namespace GcTool.TestSupport;

/// <summary>
/// Runs a venv's own interpreter to see whether its packages still work.
/// </summary>
/// <remarks>
/// Check a <em>submodule</em> (<c>foo.sub</c>) or a single-file module (<c>bar</c>): when only
/// <c>foo/__init__.py</c> dangles, <c>import foo</c> still succeeds as an empty namespace package.
/// </remarks>
public static class PythonChecker
{
    private const string ImportAndPrintFile = "import importlib, sys\nm = importlib.import_module(sys.argv[1])\nprint(m.__file__)";

    /// <summary><c>&lt;venv&gt;/bin/python -c &lt;code&gt; [args]</c>, isolated from the caller's Python environment.</summary>
    public static ProcessResult Run(string venvPath, string code, params string[] arguments) =>
        ProcessRunner.Run(
            Path.Combine(venvPath, "bin", "python"),
            ["-c", code, .. arguments],
            new Dictionary<string, string?> { ["PYTHONPATH"] = null, ["PYTHONHOME"] = null, ["PYTHONSAFEPATH"] = "1", ["VIRTUAL_ENV"] = null },
            workingDirectory: venvPath);

    /// <summary>Imports <paramref name="module"/> and prints its <c>__file__</c>.</summary>
    public static ProcessResult Import(string venvPath, string module) => Run(venvPath, ImportAndPrintFile, module);

    public static ProcessResult Import(VenvBuilder venv, string module) => Import(venv.Path, module);

    /// <summary>Asserts the import works; returns the module's <c>__file__</c>.</summary>
    public static string AssertImports(string venvPath, string module)
    {
        var result = Import(venvPath, module);
        Assert.True(result.Succeeded, $"import {module} failed in {venvPath}:\n{result}");
        return result.StdOut.Trim();
    }

    public static string AssertImports(VenvBuilder venv, string module) => AssertImports(venv.Path, module);

    /// <summary>Asserts the import fails with <paramref name="error"/> (default <c>ModuleNotFoundError</c>); returns stderr.</summary>
    public static string AssertImportFails(string venvPath, string module, string error = "ModuleNotFoundError")
    {
        var result = Import(venvPath, module);
        Assert.False(result.Succeeded, $"import {module} unexpectedly worked in {venvPath}:\n{result}");
        Assert.Contains(error, result.StdErr);
        return result.StdErr;
    }

    public static string AssertImportFails(VenvBuilder venv, string module, string error = "ModuleNotFoundError") =>
        AssertImportFails(venv.Path, module, error);

    /// <summary>Every symlink under the venv whose target does not exist (links are not followed).</summary>
    public static IReadOnlyList<string> DanglingLinks(string venvPath) => FileTree.DanglingLinks(venvPath);

    public static IReadOnlyList<string> DanglingLinks(VenvBuilder venv) => DanglingLinks(venv.Path);
}
