namespace GcTool.Core.Scanning;

/// <summary>Finds environments under the registered roots and in the cache, and records which entries each references.</summary>
public sealed class Scanner(GcToolContext context)
{
    public ScanReport Scan(ScanRequest request, CancellationToken cancellation = default)
    {
        _ = context;
        throw new NotImplementedException("being written");
    }
}
