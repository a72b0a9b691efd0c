using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Report;

/// <summary>
/// A real headless Chromium driven over the DevTools protocol (one WebSocket to one page):
/// navigate, evaluate JavaScript in the page, take a screenshot, and record every network request
/// the page makes. Enough of Playwright for a report test, without Node.
/// </summary>
internal sealed partial class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2); // a safety net: Chromium starts slowly on a loaded machine
    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<long, TaskCompletionSource<JsonNode>> _pending = [];
    private readonly List<JsonNode> _events = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private long _nextId;
    private Task? _reader;

    /// <summary>Every URL the page asked for (Network.requestWillBeSent), in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>The chromium binary, or null when none is installed (Debian names it <c>chromium</c>).</summary>
    public static string? Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    private HeadlessChromium(Process process, TempDirectory profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> Launch(string binary)
    {
        var profile = TempDirectory.Create("gctool-chromium-");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                     "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
                     $"--user-data-dir={profile.Path}", "about:blank",
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        var chromium = new HeadlessChromium(process, profile);
        try
        {
            await chromium.Connect();
            return chromium;
        }
        catch
        {
            chromium.Dispose();
            throw;
        }
    }

    private async Task Connect()
    {
        // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr.
        using var deadline = new CancellationTokenSource(Timeout);
        int port;
        while (true)
        {
            var line = await _process.StandardError.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException("chromium exited before opening its DevTools port");
            var match = ListeningLine().Match(line);
            if (!match.Success) continue;
            port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            break;
        }
        _ = _process.StandardError.ReadToEndAsync(); // keep draining so chromium never blocks on a full pipe
        _ = _process.StandardOutput.ReadToEndAsync();

        using var http = new HttpClient { Timeout = Timeout };
        var targets = await http.GetFromJsonAsync<JsonArray>($"http://127.0.0.1:{port}/json/list", deadline.Token)
            ?? throw new InvalidOperationException("no DevTools targets");
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await _socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), deadline.Token);
        _reader = Task.Run(ReadLoop);
        await Send("Page.enable");
        await Send("Network.enable");
        await Send("Runtime.enable");
    }

    /// <summary>Opens <paramref name="url"/> at the given viewport width and waits for the load event.</summary>
    public async Task Navigate(string url, int width = 1100, int height = 900)
    {
        await Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var before = EventCount("Page.loadEventFired");
        await Send("Page.navigate", new JsonObject { ["url"] = url });
        var deadline = DateTime.UtcNow + Timeout;
        while (EventCount("Page.loadEventFired") == before)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} did not load in {Timeout}");
            await Task.Delay(50);
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        var result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"{expression}: {error.ToJsonString()}");
        return result["result"]?["value"];
    }

    public async Task<T> Evaluate<T>(string expression) =>
        (await Evaluate(expression)).Deserialize<T>() ?? throw new InvalidOperationException($"{expression} returned null");

    /// <summary>A PNG of the whole page (not just the viewport).</summary>
    public async Task<byte[]> Screenshot()
    {
        var result = await Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String((string)result["data"]!);
    }

    private int EventCount(string method)
    {
        lock (_gate) return _events.Count(e => (string?)e["method"] == method);
    }

    private async Task<JsonNode> Send(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        var answer = await reply.Task.WaitAsync(Timeout);
        if (answer["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return answer["result"] ?? new JsonObject();
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var chunk = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (chunk.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, chunk.Count);
                if (!chunk.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                lock (_gate)
                {
                    if (node["id"] is { } id && _pending.Remove((long)id, out var waiting)) waiting.SetResult(node);
                    else
                    {
                        _events.Add(node);
                        if ((string?)node["method"] == "Network.requestWillBeSent") Requests.Add((string)node["params"]!["request"]!["url"]!);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _socket.Abort(); } catch (WebSocketException) { }
        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _profile.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex ListeningLine();
}
