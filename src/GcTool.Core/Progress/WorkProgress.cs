namespace GcTool.Core.Progress;

/// <summary>The stages a long operation reports progress for, in the order they run.</summary>
public enum WorkStage
{
    /// <summary>Reading archive entries not seen before (file counts, sizes, inodes).</summary>
    ReadingEntries,
    /// <summary>Fingerprinting environments and re-reading those that changed.</summary>
    ReadingEnvironments,
    /// <summary>Deleting the trash after gc released uv's lock.</summary>
    Deleting,
}

/// <summary>
/// One progress report: <see cref="Done"/> of <see cref="Total"/> items in <see cref="Stage"/>, and
/// the bytes those items account for (deleted bytes while deleting; zero elsewhere).
/// </summary>
public readonly record struct WorkProgress(WorkStage Stage, long Done, long Total, long Bytes = 0);

/// <summary>Progress that goes nowhere: the default, so the core never needs to ask whether anyone listens.</summary>
public sealed class NullProgress : IProgress<WorkProgress>
{
    public static readonly NullProgress Instance = new();
    public void Report(WorkProgress value) { }
}
