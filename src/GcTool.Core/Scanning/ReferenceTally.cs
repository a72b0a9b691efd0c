using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>Accumulates an environment's links per (entry, link mode): a count and the first file seen, for audit.</summary>
public sealed class ReferenceTally
{
    private readonly Dictionary<(EntryKey, LinkMode), (long Count, string Sample)> _counts = new();

    public void Add(EntryKey entry, LinkMode mode, string file)
    {
        _counts[(entry, mode)] = _counts.TryGetValue((entry, mode), out var existing)
            ? (existing.Count + 1, existing.Sample)
            : (1, file);
    }

    /// <summary>The entries referenced so far, by any mode.</summary>
    public HashSet<EntryKey> Entries() => _counts.Keys.Select(k => k.Item1).ToHashSet();

    public IReadOnlyList<ReferenceRecord> ToRecords() =>
        _counts.Select(kv => new ReferenceRecord(kv.Key.Item1, kv.Key.Item2, kv.Value.Count, kv.Value.Sample))
            .OrderBy(r => r.Entry.RelativePath, StringComparer.Ordinal).ThenBy(r => r.Mode)
            .ToList();
}
