using GcTool.Core.Environments;

namespace GcTool.Core.Doctor;

/// <summary>
/// The command that repairs a broken environment, as uv users would type it: the narrowest repair
/// that restores every broken file.
/// </summary>
/// <remarks>
/// <c>--reinstall-package</c> makes uv re-link the distribution from a fresh cache entry. When some
/// broken file belongs to no distribution we can name, only recreating the environment is sure to
/// fix it. Paths are shell-quoted, so the line can be pasted.
/// </remarks>
public static class RepairAdvice
{
    public static (string Kind, string Command) For(EnvPath environment, string? projectDirectory, IReadOnlyList<string> distributions, bool hasUnattributed)
    {
        var names = distributions.Select(NormalizeName).Distinct().ToList();
        if (projectDirectory is not null)
        {
            var cd = $"cd {Quote(projectDirectory)} && ";
            var venvName = Path.GetFileName(environment.Value);
            var defaultVenv = venvName == ".venv";
            if (!hasUnattributed && names.Count > 0)
            {
                var packages = string.Join(' ', names.Select(n => $"--reinstall-package {Quote(n)}"));
                var activeEnv = defaultVenv ? "" : $"UV_PROJECT_ENVIRONMENT={Quote(venvName)} ";
                return (RepairKind.ReinstallPackages, $"{cd}{activeEnv}uv sync {packages}");
            }
            return (RepairKind.RecreateProjectVenv, defaultVenv
                ? $"{cd}rm -rf .venv && uv sync"
                : $"{cd}rm -rf {Quote(venvName)} && UV_PROJECT_ENVIRONMENT={Quote(venvName)} uv sync");
        }
        var python = Quote(environment.Value);
        if (!hasUnattributed && names.Count > 0)
            return (RepairKind.PipReinstall, $"uv pip install --python {python} --reinstall {string.Join(' ', names.Select(Quote))}");
        return (RepairKind.RecreateVenv,
            $"uv pip freeze --python {python} > requirements.txt && uv venv --clear {python} && uv pip install --python {python} -r requirements.txt");
    }

    /// <summary>PEP 503 normalization: <c>Foo_Bar</c> → <c>foo-bar</c>, the spelling uv prints.</summary>
    public static string NormalizeName(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name, "[-_.]+", "-").ToLowerInvariant();

    /// <summary>POSIX shell quoting: bare when safe, else single-quoted.</summary>
    public static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:@%,".Contains(c))
            ? text
            : "'" + text.Replace("'", "'\\''") + "'";
}
