namespace GcTool.Core.Cache;

/// <summary>What an archive entry holds: an unpacked wheel (<c>*.dist-info/</c>) or a whole cached venv (<c>pyvenv.cfg</c>).</summary>
public enum EntryKind
{
    Unknown = 0,
    Wheel = 1,
    Venv = 2,
}
