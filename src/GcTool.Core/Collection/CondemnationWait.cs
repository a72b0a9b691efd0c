namespace GcTool.Core.Collection;

/// <summary>What holds a condemned entry back.</summary>
public enum CondemnationBlock
{
    /// <summary>Active hosts have not scanned for longer than --silent-host-after: every deletion waits for them.</summary>
    SilentHosts,
    /// <summary>Other hosts have not scanned since the entry was condemned.</summary>
    ScanPending,
}

/// <summary>A candidate the protocol across hosts keeps as condemned this time, with the hosts it waits for.</summary>
/// <param name="CondemnedAt">When it was condemned (Unix seconds, this host's clock).</param>
public sealed record CondemnationWait(PlannedRemoval Item, CondemnationBlock Block, IReadOnlyList<string> Hosts, long CondemnedAt)
{
    public Cache.EntryKey Entry => Item.Entry;
}
