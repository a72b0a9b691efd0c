namespace GcTool.Cli.Settings;

/// <summary>A resolved setting and where it came from (for --verbose and error messages).</summary>
/// <param name="Source">e.g. "--cache-dir", "UV_CACHE_DIR", "$XDG_CACHE_HOME/uv", "default".</param>
internal sealed record ResolvedSetting(string Value, string Source)
{
    public override string ToString() => $"{Value} (from {Source})";
}
