using System.IO.Abstractions;
using GcTool.Core.Errors;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace GcTool.Cli.Settings;

/// <summary>
/// uv's own configuration files, as uv reads them outside any project: the user's
/// <c>$XDG_CONFIG_HOME/uv/uv.toml</c> (else <c>~/.config/uv/uv.toml</c>), then the system's first
/// <c>&lt;dir&gt;/uv/uv.toml</c> over <c>$XDG_CONFIG_DIRS</c> (else <c>/etc/uv/uv.toml</c>);
/// the user's file wins (crates/uv-settings, uv-cache-spec §9). gctool reads one key of them, <c>cache-dir</c>.
/// </summary>
/// <remarks>
/// A file that exists but does not parse is a usage error naming the file and line (exit 2): uv itself
/// refuses to run with it, and falling back to another cache would make gctool collect a cache nobody
/// uses while the real one fills up. Every other key belongs to uv and is not checked. A relative
/// <c>cache-dir</c> is refused too: uv would resolve it against each command's working directory, so
/// no single cache is meant. The files are read only when the flag and <c>UV_CACHE_DIR</c> are absent.
/// </remarks>
internal static class UvConfigFiles
{
    public const string SystemDefault = "/etc/uv/uv.toml";
    public const string CacheDirKey = "cache-dir";

    /// <summary>The user's file, then the system's: the order in which a <c>cache-dir</c> counts.</summary>
    public static IEnumerable<string> Files(IFileSystem fileSystem, EnvironmentVariables env)
    {
        if (env.Get(EnvironmentVariables.XdgConfigHome) is { } xdg && Path.IsPathFullyQualified(xdg))
            yield return Path.Combine(xdg, "uv", "uv.toml");
        else if (env.Get(EnvironmentVariables.Home) is { } home && Path.IsPathFullyQualified(home))
            yield return Path.Combine(home, ".config", "uv", "uv.toml");
        yield return SystemFile(fileSystem, env);
    }

    /// <summary>uv's <c>system_config_file</c>: the first <c>uv/uv.toml</c> that exists under <c>$XDG_CONFIG_DIRS</c>, else <c>/etc/uv/uv.toml</c>.</summary>
    private static string SystemFile(IFileSystem fileSystem, EnvironmentVariables env)
    {
        foreach (var dir in (env.Get(EnvironmentVariables.XdgConfigDirs) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathFullyQualified(dir)) continue;
            var candidate = Path.Combine(dir, "uv", "uv.toml");
            if (fileSystem.File.Exists(candidate)) return candidate;
        }
        return SystemDefault;
    }

    /// <summary>The first <c>cache-dir</c> in the user's, then the system's uv.toml, with its file and line; null when neither sets one.</summary>
    public static ResolvedSetting? CacheDir(IFileSystem fileSystem, EnvironmentVariables env)
    {
        foreach (var file in Files(fileSystem, env))
        {
            if (Read(fileSystem, file) is not { } text) continue;
            if (FindCacheDir(text, file) is { } found) return found;
        }
        return null;
    }

    /// <summary>The top-level <c>cache-dir</c> of one uv.toml, or null; a usage error when the file is not valid TOML.</summary>
    public static ResolvedSetting? FindCacheDir(string text, string file)
    {
        var document = SyntaxParser.Parse(text, file, validate: true);
        var error = document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error);
        if (error is not null)
            throw new UsageException($"bad uv config file {file}, line {error.Span.Start.Line + 1}: not valid TOML ({error.Message}); fix it (uv refuses it too) or pass --cache-dir");
        foreach (var keyValue in document.KeyValues)
        {
            if (keyValue.Key is not { DotKeys.ChildrenCount: 0 } key || Name(key.Key) != CacheDirKey) continue;
            var line = keyValue.Span.Start.Line + 1;
            if (keyValue.Value is not StringValueSyntax { Value: { } path })
                throw new UsageException($"bad uv config file {file}, line {line}: {CacheDirKey} must be a string; fix it or pass --cache-dir");
            if (!Path.IsPathFullyQualified(path))
                throw new UsageException($"bad uv config file {file}, line {line}: {CacheDirKey} '{path}' is not an absolute path (uv would resolve it against each command's working directory); make it absolute or pass --cache-dir");
            return new ResolvedSetting(path, $"{file}:{line}");
        }
        return null;
    }

    private static string Name(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static string? Read(IFileSystem fileSystem, string path)
    {
        try
        {
            return fileSystem.File.Exists(path) ? fileSystem.File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read uv's config file {path}: {e.Message}; fix its permissions or pass --cache-dir");
        }
    }
}
