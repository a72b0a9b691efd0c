using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Doctor;

namespace GcTool.Cli.Output.Json;

internal sealed partial class JsonReportRenderer
{
    public void GcListing(GcListing listing) => Write(OpsJsonMapper.Listing(listing), Json.GcListingJson);
    public void Explain(EntryExplanation explanation) => Write(OpsJsonMapper.Explain(explanation), Json.ExplainJson);
    public void ConfigShow(EffectiveConfig config) => Write(OpsJsonMapper.ConfigShow(config), Json.ConfigShowJson);
    public void PinsRemoved(Core.Pins.PinSync result) => Write(new PinsRemovedJson(result.Removed, result.Failed), Json.PinsRemovedJson);
    public void Doctor(DoctorReport report) => Write(OpsJsonMapper.Doctor(report), Json.DoctorJson);
    public void History(IReadOnlyList<GcTool.Core.Store.GcRunRecord> runs) => Write(OpsJsonMapper.History(runs), Json.HistoryJson);
}
