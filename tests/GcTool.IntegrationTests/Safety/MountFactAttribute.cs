using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety;

/// <summary>A fact that makes real mounts (tmpfs, bind); skipped, saying why, where mounting is not permitted.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        var why = TestMount.UnavailableReason;
        if (why is not null) Skip = why;
    }
}
