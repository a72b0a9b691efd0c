using GcTool.Core;
using GcTool.Core.Collection;
using GcTool.Core.Scanning;

namespace GcTool.Cli;

/// <summary>
/// The two long-running core operations, behind a seam so the command pipeline (exit codes,
/// cancellation, rendering) can be tested without a real cache. Production calls the core directly.
/// </summary>
internal interface ICoreOperations
{
    ScanReport Scan(GcToolContext context, ScanRequest request, CancellationToken cancellation);
    GcReport Collect(GcToolContext context, GcRequest request, CancellationToken cancellation);
    GcPreview Preview(GcToolContext context, GcRequest request, bool rescan, CancellationToken cancellation) =>
        new Collector(context).Preview(request, rescan, cancellation);
}

internal sealed class CoreOperations : ICoreOperations
{
    public static readonly CoreOperations Instance = new();

    public ScanReport Scan(GcToolContext context, ScanRequest request, CancellationToken cancellation) =>
        new Scanner(context).Scan(request, cancellation);

    public GcReport Collect(GcToolContext context, GcRequest request, CancellationToken cancellation) =>
        new Collector(context).Run(request, cancellation);
}
