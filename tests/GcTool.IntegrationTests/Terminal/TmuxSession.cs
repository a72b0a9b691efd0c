using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Terminal;

/// <summary>
/// A private tmux server (its own socket) running bash at a fixed size: type keys, wait for the
/// prompt to come back, read the screen. The shell signals a tmux channel from PROMPT_COMMAND, so
/// waiting needs no polling and nothing extra appears on screen.
/// </summary>
internal sealed class TmuxSession : IDisposable
{
    private const string Channel = "gctool-prompt";
    private readonly string _socket = $"gctool-test-{Guid.NewGuid():N}";

    public int Width { get; }
    public int Height { get; }

    public static bool IsInstalled =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "tmux")));

    /// <param name="environment">Variables for the shell, on top of a minimal PATH/HOME/TERM.</param>
    public TmuxSession(string workingDirectory, IReadOnlyDictionary<string, string> environment, int width = 80, int height = 50)
    {
        Width = width;
        Height = height;
        var exports = string.Join(' ', environment.Select(kv => $"{kv.Key}='{kv.Value}'"));
        // --norc: nothing from the machine's shell setup changes what the screen shows.
        var shell = $"env -i TMUX=\"$TMUX\" {exports} HISTFILE= PS1='$ ' PROMPT_COMMAND='tmux wait-for -S {Channel}' bash --norc --noprofile";
        Tmux("-f", "/dev/null", "new-session", "-d", "-x", width.ToString(), "-y", height.ToString(), "-c", workingDirectory, shell);
        Tmux("set-option", "-g", "status", "off");
        WaitForPrompt(TimeSpan.FromMinutes(2));
    }

    /// <summary>Types <paramref name="line"/>, presses Enter, and waits for the next prompt.</summary>
    public void Run(string line, TimeSpan? timeout = null)
    {
        Tmux("send-keys", "-l", line);
        Tmux("send-keys", "Enter");
        WaitForPrompt(timeout);
    }

    /// <summary>Types text without Enter (then e.g. <see cref="Keys"/>("Tab")).</summary>
    public void Type(string text) => Tmux("send-keys", "-l", text);

    public void Keys(params string[] keys) => Tmux(["send-keys", .. keys]);

    /// <summary>
    /// PROMPT_COMMAND runs just before bash prints the prompt, so after the signal wait (briefly)
    /// for the prompt itself; keys typed before it would be echoed above it.
    /// </summary>
    public void WaitForPrompt(TimeSpan? timeout = null)
    {
        Tmux(timeout ?? TimeSpan.FromMinutes(5), "wait-for", Channel);
        // A safety net far above need: on a loaded machine bash may take seconds to draw its prompt.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Screen() is var rows && (rows.Count == 0 || rows[^1] != "$") && DateTime.UtcNow < deadline) Thread.Sleep(20);
    }

    /// <summary>The visible screen, one string per row, trailing blanks trimmed, trailing blank rows dropped.</summary>
    public IReadOnlyList<string> Screen()
    {
        var rows = Tmux("capture-pane", "-p").StdOut.Split('\n').Select(r => r.TrimEnd()).ToList();
        while (rows.Count > 0 && rows[^1].Length == 0) rows.RemoveAt(rows.Count - 1);
        return rows;
    }

    public void Clear() => Run("clear");

    private ProcessResult Tmux(params string[] args) => Tmux(TimeSpan.FromMinutes(2), args);

    private ProcessResult Tmux(TimeSpan timeout, params string[] args)
    {
        var result = ProcessRunner.Run("tmux", ["-L", _socket, .. args], timeout: timeout);
        if (!result.Succeeded) throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {result}");
        return result;
    }

    public void Dispose()
    {
        try { ProcessRunner.Run("tmux", ["-L", _socket, "kill-server"], timeout: TimeSpan.FromSeconds(10)); }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
    }
}
