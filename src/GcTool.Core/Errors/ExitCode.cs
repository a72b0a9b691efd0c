namespace GcTool.Core.Errors;

/// <summary>Process exit codes. Documented in the README; monitoring depends on them, so never renumber.</summary>
public enum ExitCode
{
    Ok = 0,
    Failure = 1,
    Usage = 2,
    LockTimeout = 3,
    SafetyRefusal = 4,
    /// <summary>gc finished but could not delete some entries (permission, read-only, I/O); the rest went.</summary>
    PartialFailure = 5,
    /// <summary><c>doctor</c> found environments with links into the cache that dangle (broken by an earlier prune or clean).</summary>
    BrokenEnvironments = 6,
    /// <summary>gc was interrupted (SIGINT/SIGTERM) at a safe point; the next gc resumes.</summary>
    Interrupted = 130,
}
