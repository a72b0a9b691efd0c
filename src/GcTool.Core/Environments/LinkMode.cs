namespace GcTool.Core.Environments;

/// <summary>How an environment file refers to a cache file. Copies and clones are independent inodes and are not references.</summary>
public enum LinkMode
{
    Symlink = 1,
    Hardlink = 2,
}

public static class LinkModeNames
{
    public static string ToName(this LinkMode mode) => mode switch
    {
        LinkMode.Symlink => "symlink",
        LinkMode.Hardlink => "hardlink",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static LinkMode Parse(string name) => name switch
    {
        "symlink" => LinkMode.Symlink,
        "hardlink" => LinkMode.Hardlink,
        _ => throw new FormatException($"unknown link mode '{name}'"),
    };
}
