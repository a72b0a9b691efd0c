namespace GcTool.TestSupport;

/// <summary>A wheel installed into a venv by the simulator.</summary>
/// <param name="ModeUsed">The link mode after uv's fallback (e.g. Clone on ext4 → Hardlink).</param>
/// <param name="ArchiveRootAsSeen">The <c>&lt;root&gt;/archive-v0/&lt;ID&gt;</c> prefix symlink targets were written with.</param>
public sealed record InstalledWheel(ArchiveEntry Entry, string DistInfoPath, UvLinkMode ModeUsed, string ArchiveRootAsSeen);
