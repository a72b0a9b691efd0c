namespace GcTool.Core.Environments;

/// <summary>Where an environment was found.</summary>
public enum EnvironmentKind
{
    /// <summary>A venv under a registered root (project <c>.venv</c>, tool venv, CI venv).</summary>
    Venv = 1,
    /// <summary>A real venv inside the cache's <c>environments-v*</c> bucket (PEP 723 script or centralized project env).</summary>
    CacheEnvironment = 2,
    /// <summary>A cached <c>uvx</c>/<c>uv run --with</c> venv stored as an archive entry; it is an environment and an entry.</summary>
    CachedVenvArchive = 3,
}

public static class EnvironmentKindNames
{
    public static string ToName(this EnvironmentKind kind) => kind switch
    {
        EnvironmentKind.Venv => "venv",
        EnvironmentKind.CacheEnvironment => "cache-environment",
        EnvironmentKind.CachedVenvArchive => "cached-venv-archive",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static EnvironmentKind Parse(string name) => name switch
    {
        "venv" => EnvironmentKind.Venv,
        "cache-environment" => EnvironmentKind.CacheEnvironment,
        "cached-venv-archive" => EnvironmentKind.CachedVenvArchive,
        _ => throw new FormatException($"unknown environment kind '{name}'"),
    };
}
