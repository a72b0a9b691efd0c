using Spectre.Console;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Doctor;

namespace GcTool.Cli.Output.Human;

internal sealed partial class HumanReportRenderer
{
    public void GcListing(GcListing listing) => OpsHumanRenderer.Render(console, listing);
    public void Explain(EntryExplanation explanation) => OpsHumanRenderer.Render(console, explanation, format);
    public void Explain(Core.Reclaim.PathExplanation explanation)
    {
        var writer = console.Profile.Out.Writer;
        if (explanation.Item is { } item)
            writer.Write(TerminalText.Line($"{explanation.RelativePath} is in {item.RelativePath} ({ReclaimText.Title(item.Category)}, {HumanFormat.Size(item.Bytes)}).\n"));
        else
            writer.Write(TerminalText.Line($"{explanation.RelativePath} is in no stale bucket, staging leftover or stale sdist revision.\n"));
        if (explanation is { Item: { } planned, Kept: null })
            writer.Write(TerminalText.Line($"gc would reclaim it: {ReclaimText.Rule(planned)}.\n"));
        else if (explanation is { Item: { } kept, Kept: { } reason })
            writer.Write(TerminalText.Line($"gc keeps it: {ReclaimText.Kept(new Core.Reclaim.KeptReclaimItem(kept, reason), explanation.MinAge)}.\n"));
        else
            writer.Write("gc does not reclaim it as a directory (an archive entry is explained by its id: gctool explain ID).\n");
        writer.Flush();
    }
    public void ConfigShow(EffectiveConfig config) => OpsHumanRenderer.Render(console, config, format);
    public void Doctor(DoctorReport report) => DoctorHumanRenderer.Render(console, report, format);
    public void PinsRemoved(Core.Pins.PinSync result)
    {
        var failed = result.Failed > 0 ? $"; {HumanFormat.Plural(result.Failed, "pin", "pins")} could not be removed" : "";
        console.WriteLine(TerminalText.Line($"Removed {HumanFormat.Plural(result.Removed, "pin", "pins")}{failed}."), Style.Plain);
    }

    public void History(IReadOnlyList<GcTool.Core.Store.GcRunRecord> runs) => HistoryHumanRenderer.Render(console, runs, format);
}
