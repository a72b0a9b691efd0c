using GcTool.Cli;
using GcTool.Core;
using GcTool.Core.Collection;
using GcTool.Core.Scanning;

namespace GcTool.IntegrationTests.Cli.Fakes;

/// <summary>Stands in for Scanner and Collector: records the requests, returns canned reports or throws.</summary>
internal sealed class FakeCore : ICoreOperations
{
    public List<ScanRequest> ScanRequests { get; } = [];
    public List<GcRequest> GcRequests { get; } = [];
    public Func<ScanReport>? ScanResult { get; set; }
    public Func<CancellationToken, GcReport>? GcResult { get; set; }

    public ScanReport Scan(GcToolContext context, ScanRequest request, CancellationToken cancellation)
    {
        ScanRequests.Add(request);
        return (ScanResult ?? (() => Reports.Scan()))();
    }

    public GcReport Collect(GcToolContext context, GcRequest request, CancellationToken cancellation)
    {
        GcRequests.Add(request);
        return (GcResult ?? (_ => Reports.EmptyGc() with { DryRun = request.DryRun }))(cancellation);
    }
}
