using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>The theory form of <see cref="UnprivilegedUserFactAttribute"/>: skipped, saying why, where the account cannot be had.</summary>
public sealed class UnprivilegedUserTheoryAttribute : TheoryAttribute
{
    public UnprivilegedUserTheoryAttribute()
    {
        var why = UnprivilegedUser.UnavailableReason;
        if (why is not null) Skip = why;
    }
}
