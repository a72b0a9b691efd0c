namespace GcTool.Core.Environments;

/// <summary>
/// The absolute path of an environment's root directory (the directory holding <c>pyvenv.cfg</c>),
/// as found by walking a registered root: not canonicalized, so a venv reached through a root is
/// recorded under that root's spelling. No trailing separator.
/// </summary>
public readonly record struct EnvPath
{
    public string Value { get; }

    public EnvPath(string value)
    {
        if (!Path.IsPathFullyQualified(value))
            throw new ArgumentException($"environment path must be absolute: {value}", nameof(value));
        Value = Paths.TrimTrailingSeparator(value);
    }

    public override string ToString() => Value;
}
