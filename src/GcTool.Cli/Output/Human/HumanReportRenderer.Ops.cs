using Spectre.Console;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Doctor;

namespace GcTool.Cli.Output.Human;

internal sealed partial class HumanReportRenderer
{
    public void GcListing(GcListing listing) => OpsHumanRenderer.Render(console, listing);
    public void Explain(EntryExplanation explanation) => OpsHumanRenderer.Render(console, explanation, format);
    public void ConfigShow(EffectiveConfig config) => OpsHumanRenderer.Render(console, config, format);
    public void Doctor(DoctorReport report) => DoctorHumanRenderer.Render(console, report, format);
    public void PinsRemoved(Core.Pins.PinSync result)
    {
        var failed = result.Failed > 0 ? $"; {HumanFormat.Plural(result.Failed, "pin", "pins")} could not be removed" : "";
        console.WriteLine(TerminalText.Line($"Removed {HumanFormat.Plural(result.Removed, "pin", "pins")}{failed}."), Style.Plain);
    }

    public void History(IReadOnlyList<GcTool.Core.Store.GcRunRecord> runs) => HistoryHumanRenderer.Render(console, runs, format);
}
