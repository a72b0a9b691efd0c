using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Doctor;

namespace GcTool.Cli.Output;

/// <summary>The operator commands' reports: listings, explain, config show, doctor.</summary>
internal partial interface IReportRenderer
{
    void GcListing(GcListing listing);
    void Explain(EntryExplanation explanation);
    void Explain(Core.Reclaim.PathExplanation explanation);
    void ConfigShow(EffectiveConfig config);
    void Doctor(DoctorReport report);
    void PinsRemoved(Core.Pins.PinSync result);
    void History(IReadOnlyList<GcTool.Core.Store.GcRunRecord> runs);
}
