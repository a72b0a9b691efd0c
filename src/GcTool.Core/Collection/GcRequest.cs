namespace GcTool.Core.Collection;

/// <summary>What <c>gctool gc</c> asks for.</summary>
/// <param name="MinAge">An unreferenced entry younger than this (by last reference, else directory time) is kept.</param>
/// <param name="Force">Proceed despite safety refusals (no roots; a root missing or unreadable).</param>
/// <param name="Policies">--keep-unused-for, --max-size, --environments; none when null.</param>
/// <param name="SilentHostAfter">An active host that has not scanned for longer blocks deletions (default <see cref="CondemnationPolicy.DefaultSilentAfter"/>).</param>
/// <param name="MaxClockSkew">How far the hosts' clocks may disagree: another host's scan counts only if it started this much after a condemnation (default <see cref="CondemnationPolicy.DefaultMaxClockSkew"/>).</param>
/// <param name="Pins">What a real run does with gctool's pins under the lock (<see cref="Pins.GcRootPins"/>); dry runs never touch them.</param>
public sealed record GcRequest(bool DryRun, TimeSpan MinAge, TimeSpan LockTimeout, bool Force = false, GcPolicies? Policies = null, TimeSpan? SilentHostAfter = null, TimeSpan? MaxClockSkew = null,
    Pins.PinMode Pins = Pins.PinMode.Leave);
