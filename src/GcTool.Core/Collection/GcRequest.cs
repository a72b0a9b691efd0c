namespace GcTool.Core.Collection;

/// <summary>What <c>gctool gc</c> asks for.</summary>
/// <param name="MinAge">An unreferenced entry younger than this (by last reference, else directory time) is kept.</param>
/// <param name="Force">Proceed despite safety refusals (no roots; a root missing or unreadable).</param>
/// <param name="Policies">--keep-unused-for, --max-size, --environments; none when null.</param>
public sealed record GcRequest(bool DryRun, TimeSpan MinAge, TimeSpan LockTimeout, bool Force = false, GcPolicies? Policies = null);
