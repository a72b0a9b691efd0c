namespace GcTool.Core.Collection;

/// <summary>What <see cref="Trash.Resume"/> found: deletions of journaled items by (run, name), and what it left alone.</summary>
public sealed class TrashResume
{
    public Dictionary<(long RunId, string Name), TrashDeletion> Deleted { get; } = [];
    public HashSet<(long RunId, string Name)> Unknown { get; } = [];
    public List<string> UnknownPaths { get; } = [];
}
