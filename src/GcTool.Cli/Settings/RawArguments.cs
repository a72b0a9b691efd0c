using System.Text;
using GcTool.Core.Platform;

namespace GcTool.Cli.Settings;

/// <summary>
/// The command-line arguments as the bytes the process was given, so <c>gctool audit env PATH</c> and
/// <c>gctool roots add PATH</c> work for a path that is not valid UTF-8.
/// </summary>
/// <remarks>
/// .NET decodes argv with U+FFFD for every byte that is not valid UTF-8, so the path the operator typed
/// (e.g. with <c>$'\xff'</c>) no longer names the directory. When an argument holds U+FFFD, the arguments are
/// read again from <c>/proc/self/cmdline</c> and decoded with <see cref="OsPath"/>; the last ones are used
/// only if each decodes (lossily) to exactly the argument .NET gave, so a launcher that added or rewrote
/// arguments (<c>dotnet gctool.dll</c>, a wrapper) can never shift them. Otherwise the arguments stay as
/// .NET gave them: such a path then names nothing and is reported as missing, never as another path.
/// </remarks>
internal static class RawArguments
{
    public static string[] Recover(string[] args, Func<byte[]?> readCommandLine)
    {
        if (!args.Any(a => a.Contains('\uFFFD'))) return args;
        var raw = readCommandLine();
        if (raw is null) return args;
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != 0) continue;
            parts.Add(raw[start..i]);
            start = i + 1;
        }
        if (start < raw.Length) parts.Add(raw[start..]);
        if (parts.Count < args.Length) return args;
        var tail = parts.Skip(parts.Count - args.Length).ToList();
        for (var i = 0; i < args.Length; i++)
            if (Encoding.UTF8.GetString(tail[i]) != args[i]) return args;
        return tail.Select(b => OsPath.Decode(b)).ToArray();
    }

    /// <summary>This process's <c>/proc/self/cmdline</c>, or null where there is none.</summary>
    public static byte[]? ReadProcessCommandLine()
    {
        try { return File.ReadAllBytes("/proc/self/cmdline"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
