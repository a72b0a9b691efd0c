using System.IO.Abstractions;
using GcTool.Core.Errors;

namespace GcTool.Cli.Settings;

/// <summary>
/// This host's name in a shared database: <c>--host-id</c>, else <c>GCTOOL_HOST_ID</c>, else
/// <c>/etc/machine-id</c> (stable across reboots and renames, unique per installed system), else
/// the host name.
/// </summary>
/// <remarks>
/// Containers usually share their host's machine-id or have none, and their host name changes on
/// every start; give each long-lived container an explicit <c>--host-id</c>, or a retired id would
/// pile up per restart.
/// </remarks>
internal static class HostIdResolver
{
    public const string MachineIdPath = "/etc/machine-id";

    public static ResolvedSetting Resolve(string? flag, EnvironmentVariables env, IFileSystem fileSystem)
    {
        if (flag is not null) return new ResolvedSetting(Validate(flag, "--host-id"), "--host-id");
        if (env.Get(EnvironmentVariables.GcToolHostId) is { } fromEnv)
            return new ResolvedSetting(Validate(fromEnv, EnvironmentVariables.GcToolHostId), EnvironmentVariables.GcToolHostId);
        try
        {
            if (fileSystem.File.Exists(MachineIdPath) && fileSystem.File.ReadAllText(MachineIdPath).Trim() is { Length: > 0 } machineId)
                return new ResolvedSetting(machineId, MachineIdPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new ResolvedSetting(System.Environment.MachineName, "host name");
    }

    private static string Validate(string value, string source)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 255 || trimmed.Any(char.IsControl))
            throw new UsageException($"{source} '{value}' is not a host id; pass 1 to 255 printable characters, e.g. --host-id ci-runner-3");
        return trimmed;
    }
}
