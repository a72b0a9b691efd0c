namespace GcTool.IntegrationTests.Report;

/// <summary>A fact that needs a real Chromium on PATH (Debian: <c>apt-get install chromium</c>; <c>.ci/run</c> installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Find() is null) Skip = "chromium is not installed (apt-get install -y chromium; .ci/run installs it)";
    }
}
