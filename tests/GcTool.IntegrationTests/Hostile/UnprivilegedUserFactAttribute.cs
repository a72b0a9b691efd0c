using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// A fact that acts as the real unprivileged user <see cref="UnprivilegedUser.AccountName"/> against a
/// gctool running as root (the nightly job over a shared cache). Skipped, saying why, where the
/// account cannot be created or become.
/// </summary>
public sealed class UnprivilegedUserFactAttribute : FactAttribute
{
    public UnprivilegedUserFactAttribute()
    {
        var why = UnprivilegedUser.UnavailableReason;
        if (why is not null) Skip = why;
    }
}
