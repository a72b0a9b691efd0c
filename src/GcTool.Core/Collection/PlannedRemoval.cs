using GcTool.Core.Cache;

namespace GcTool.Core.Collection;

/// <summary>One entry of the plan: what goes and why. What happened to it is a <see cref="RemovalOutcome"/>.</summary>
/// <param name="Bytes">Apparent size of its files.</param>
/// <param name="FreeableBytes">Bytes deleting it frees: files no environment also holds through a hardlink.</param>
public sealed record PlannedRemoval(
    EntryKey Entry,
    string? DistName,
    string? DistVersion,
    long Bytes,
    long FreeableBytes,
    RemovalReason Reason);
