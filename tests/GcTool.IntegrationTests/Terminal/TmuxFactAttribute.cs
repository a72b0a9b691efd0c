namespace GcTool.IntegrationTests.Terminal;

/// <summary>A fact that drives gctool in a real terminal; needs tmux (<c>.ci/run</c> installs it).</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (!TmuxSession.IsInstalled) Skip = "tmux is not installed (apt-get install -y tmux; .ci/run installs it)";
    }
}
