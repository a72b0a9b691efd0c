using GcTool.Core.Store;

namespace GcTool.Cli.Output;

/// <summary><c>hosts list</c>: every host that scanned into the database, and which one this is.</summary>
internal sealed record HostsReport(IReadOnlyList<HostRecord> Hosts, string ThisHost) : CommandResult;

/// <summary>What <c>hosts retire HOST</c> did; <paramref name="Changed"/> is false when the host was unknown or already retired.</summary>
internal sealed record HostRetireReport(string HostId, bool Changed) : CommandResult;
