namespace GcTool.TestSupport;

/// <summary>Permission bits, behind one platform guard: the simulator models uv on Linux only.</summary>
public static class UnixModes
{
    public static readonly UnixFileMode Regular = FromOctal("644");
    public static readonly UnixFileMode Executable = FromOctal("755");
    public const UnixFileMode AllExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static UnixFileMode FromOctal(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    /// <summary>stat(2)'s mode: follows symlinks.</summary>
    public static UnixFileMode Get(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the uv simulator runs on Unix only");
        return File.GetUnixFileMode(path);
    }

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the uv simulator runs on Unix only");
        File.SetUnixFileMode(path, mode);
    }
}
