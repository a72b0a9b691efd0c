namespace GcTool.Core.Collection;

/// <summary>What deleting one item of the trash did.</summary>
/// <param name="Path">Where the item was, for messages only (never resolved).</param>
/// <param name="Completed">The item is gone (including when it was already gone).</param>
/// <param name="Error">Why it, or part of it, is still there (one line), or null.</param>
public sealed record TrashDeletion(string Path, bool Completed, long BytesFreed, string? Error);
