using System.Collections;
using System.Text;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Core.Scanning;

/// <summary>
/// An environment's references as a scan holds them until its one commit: the same records, in the same
/// order, stored in a few arrays instead of an object and two strings each. Reading an item rebuilds the
/// <see cref="ReferenceRecord"/>, equal to the one it was made from.
/// </summary>
/// <remarks>
/// A first scan keeps every environment's references until the single commit transaction writes them all
/// (a scan is written in one transaction), ~60 per venv: at 10,000 venvs 600,000 records, each with its own
/// copy of the entry id and a ~90-character absolute sample path, were most of the scan's peak memory.
/// Here the entry ids are the inventory's own strings (shared by every venv that references the entry) and
/// each sample is kept as UTF-8 bytes relative to the environment when it lies inside it (it does, except
/// for a file reached through a followed library link). UTF-8 round-trips only strings without lone
/// surrogates (<see cref="Platform.OsPath"/>'s escaped bytes), so an environment whose samples hold one keeps
/// its records as they are.
/// </remarks>
public sealed class CompactReferences : IReadOnlyList<ReferenceRecord>
{
    private readonly string _prefix;
    private readonly EntryKey[] _entries;
    private readonly LinkMode[] _modes;
    private readonly long[] _counts;
    private readonly byte[] _samples;
    /// <summary>Where each sample ends in <see cref="_samples"/>; negative (~end) when the sample is a whole path, not relative to <see cref="_prefix"/>.</summary>
    private readonly int[] _sampleEnds;

    private CompactReferences(string prefix, EntryKey[] entries, LinkMode[] modes, long[] counts, byte[] samples, int[] sampleEnds)
    {
        _prefix = prefix;
        _entries = entries;
        _modes = modes;
        _counts = counts;
        _samples = samples;
        _sampleEnds = sampleEnds;
    }

    /// <summary>
    /// <paramref name="records"/> (of the environment at <paramref name="environment"/>) held compactly, with each entry key
    /// replaced by <paramref name="canonical"/>'s equal instance; the records themselves when a sample cannot be held as UTF-8.
    /// </summary>
    public static IReadOnlyList<ReferenceRecord> From(IReadOnlyList<ReferenceRecord> records, string environment, Func<EntryKey, EntryKey> canonical)
    {
        if (records.Count == 0) return [];
        if (records.Any(r => HasSurrogates(r.SampleFile)))
            return records.Select(r => r with { Entry = canonical(r.Entry) }).ToList();
        var prefix = environment.EndsWith('/') ? environment : environment + "/";
        var entries = new EntryKey[records.Count];
        var modes = new LinkMode[records.Count];
        var counts = new long[records.Count];
        var ends = new int[records.Count];
        var relative = new bool[records.Count];
        var length = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var sample = records[i].SampleFile;
            relative[i] = sample.Length > prefix.Length && sample.StartsWith(prefix, StringComparison.Ordinal);
            length += Encoding.UTF8.GetByteCount(relative[i] ? sample.AsSpan(prefix.Length) : sample);
        }
        var samples = new byte[length];
        var at = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            entries[i] = canonical(record.Entry);
            modes[i] = record.Mode;
            counts[i] = record.FileCount;
            at += Encoding.UTF8.GetBytes(relative[i] ? record.SampleFile.AsSpan(prefix.Length) : record.SampleFile, samples.AsSpan(at));
            ends[i] = relative[i] ? at : ~at;
        }
        return new CompactReferences(prefix, entries, modes, counts, samples, ends);
    }

    public int Count => _entries.Length;

    public ReferenceRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var start = index == 0 ? 0 : End(index - 1);
            var text = Encoding.UTF8.GetString(_samples, start, End(index) - start);
            var sample = _sampleEnds[index] >= 0 ? _prefix + text : text;
            return new ReferenceRecord(_entries[index], _modes[index], _counts[index], sample);
        }
    }

    public IEnumerator<ReferenceRecord> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int End(int index) => _sampleEnds[index] >= 0 ? _sampleEnds[index] : ~_sampleEnds[index];

    private static bool HasSurrogates(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;
}
