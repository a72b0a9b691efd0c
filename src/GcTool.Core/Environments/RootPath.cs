namespace GcTool.Core.Environments;

/// <summary>A registered scan root: an absolute, lexically normalized directory path.</summary>
public readonly record struct RootPath
{
    public string Value { get; }

    public RootPath(string value)
    {
        if (!Path.IsPathFullyQualified(value))
            throw new ArgumentException($"root path must be absolute: {value}", nameof(value));
        Value = Paths.TrimTrailingSeparator(Path.GetFullPath(value));
    }

    public override string ToString() => Value;
}
