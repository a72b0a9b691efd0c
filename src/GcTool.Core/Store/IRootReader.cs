using GcTool.Core.Environments;

namespace GcTool.Core.Store;

/// <summary>The roots this host registered: read by the scan, the status report and <c>roots list</c>.</summary>
public interface IRootReader : IStoreSession
{
    IReadOnlyList<RegisteredRoot> ListRoots();
}
