namespace GcTool.Core.Collection;

/// <summary>Mark and sweep under uv's lock.</summary>
public sealed class Collector(GcToolContext context)
{
    public GcReport Run(GcRequest request, CancellationToken cancellation = default)
    {
        _ = context;
        throw new NotImplementedException("being written");
    }
}
