using GcTool.Core.Cache;

namespace GcTool.Core.Store;

/// <summary>The store as <c>scan</c> sees it: the state it starts from, and one commit of what it found.</summary>
public interface IScanWriter : IStoredStateReader
{
    /// <summary>Writes a whole scan in one transaction; see README "Many hosts, one cache" for what a committed scan means to gc.</summary>
    void CommitScan(ScanCommit commit);

    /// <summary>
    /// Every recorded entry some environment references (any kind): what gctool pins after a scan.
    /// The stores answer with one index probe per entry, because it runs on every rescan and must
    /// stay a small part of one that found nothing changed.
    /// </summary>
    IReadOnlyList<EntryKey> LoadReferencedEntries();

    /// <summary>
    /// A reader of the stored state on a connection of its own, for the scan's background load: a
    /// store holds one connection, which is not thread-safe, and the scan thread keeps using this one.
    /// The caller disposes the reader. The default (in-memory stores) is this store itself, left open.
    /// </summary>
    IStoredStateReaderLease OpenStateReader() => new IStoredStateReaderLease.Borrowed(this);
}
