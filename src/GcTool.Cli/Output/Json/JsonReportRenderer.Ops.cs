using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Doctor;

namespace GcTool.Cli.Output.Json;

internal sealed partial class JsonReportRenderer
{
    public void GcListing(GcListing listing) => Write(OpsJsonMapper.Listing(listing), Json.GcListingJson);
    public void Explain(EntryExplanation explanation) => Write(OpsJsonMapper.Explain(explanation), Json.ExplainJson);
    public void Explain(Core.Reclaim.PathExplanation e) => Write(new ExplainPathJson(e.Path, e.RelativePath, e.Verdict,
        e.Item is null ? null : ReclaimText.Name(e.Item.Category), e.Item?.Path, e.Item?.Bytes, e.Item?.NewestChangeUnix,
        e.Kept is { } kept ? ReclaimText.Name(kept) : null,
        e.Item is null ? null : e.Kept is { } why ? ReclaimText.Kept(new Core.Reclaim.KeptReclaimItem(e.Item, why), e.MinAge) : ReclaimText.Rule(e.Item),
        (long)e.MinAge.TotalMilliseconds), Json.ExplainPathJson);
    public void ConfigShow(EffectiveConfig config) => Write(OpsJsonMapper.ConfigShow(config), Json.ConfigShowJson);
    public void PinsRemoved(Core.Pins.PinSync result) => Write(new PinsRemovedJson(result.Removed, result.Failed), Json.PinsRemovedJson);
    public void Doctor(DoctorReport report) => Write(OpsJsonMapper.Doctor(report), Json.DoctorJson);
    public void History(IReadOnlyList<GcTool.Core.Store.GcRunRecord> runs) => Write(OpsJsonMapper.History(runs), Json.HistoryJson);
}
