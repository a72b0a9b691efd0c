namespace GcTool.Core.Errors;

/// <summary>
/// An error the user can act on. The message is one line that says what is wrong and what to do;
/// the CLI prints it without a stack trace and exits with <see cref="ExitCode"/>.
/// </summary>
public class GcToolException(ExitCode exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public ExitCode ExitCode { get; } = exitCode;
}

/// <summary>Bad arguments or values: exit 2, nothing changed.</summary>
public sealed class UsageException(string message) : GcToolException(ExitCode.Usage, message);

/// <summary>The uv cache lock was not acquired in time: exit 3.</summary>
public sealed class LockTimeoutException(string message) : GcToolException(ExitCode.LockTimeout, message);

/// <summary>gctool refuses to act because acting could delete something in use: exit 4.</summary>
public sealed class SafetyRefusalException(string message, int rootsRefused = 0) : GcToolException(ExitCode.SafetyRefusal, message)
{
    /// <summary>How many registered roots were missing or unreadable (0 for other refusals), for monitoring.</summary>
    public int RootsRefused { get; } = rootsRefused;
}
