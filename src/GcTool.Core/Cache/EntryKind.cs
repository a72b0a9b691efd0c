namespace GcTool.Core.Cache;

/// <summary>What an archive entry holds: an unpacked wheel (<c>*.dist-info/</c>) or a whole cached venv (<c>pyvenv.cfg</c>).</summary>
public enum EntryKind
{
    Unknown = 0,
    Wheel = 1,
    Venv = 2,
}

/// <summary>Stable text names: stored in databases and printed in JSON.</summary>
public static class EntryKindNames
{
    public static string ToName(this EntryKind kind) => kind switch
    {
        EntryKind.Unknown => "unknown",
        EntryKind.Wheel => "wheel",
        EntryKind.Venv => "venv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static EntryKind ParseEntryKind(string name) => name switch
    {
        "unknown" => EntryKind.Unknown,
        "wheel" => EntryKind.Wheel,
        "venv" => EntryKind.Venv,
        _ => throw new FormatException($"unknown entry kind '{name}'"),
    };
}
