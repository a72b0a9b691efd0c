using System.Diagnostics;

namespace GcTool.TestSupport;

/// <summary>
/// A real unprivileged account, <c>gctool-attacker</c>, for tests that act as a user of a shared cache
/// against a gctool that runs as root. Created with <c>useradd</c> the first time a test asks for it
/// and kept afterwards.
/// </summary>
/// <remarks>
/// The account is shared by every test process on the machine and never deleted: two suites running
/// at once (as the before-stop check and CI both do) would otherwise delete it under each other.
/// Creation is idempotent (useradd's "already exists" counts as success) and retried while another
/// process holds the passwd lock. Processes run as the user through <c>setpriv</c> (util-linux) with
/// its own uid, gid and groups, no inherited capabilities.
/// </remarks>
public sealed class UnprivilegedUser
{
    public const string AccountName = "gctool-attacker";

    private static readonly Lazy<(UnprivilegedUser? User, string? Why)> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private UnprivilegedUser(int uid, int gid)
    {
        Uid = uid;
        Gid = gid;
    }

    public string Name => AccountName;
    public int Uid { get; }
    public int Gid { get; }

    /// <summary>Why the account cannot be had here (not root, no useradd/setpriv), or null when it can.</summary>
    public static string? UnavailableReason => Shared.Value.Why;

    /// <summary>The account; throws with <see cref="UnavailableReason"/> when it cannot be had (guard with a skip first).</summary>
    public static UnprivilegedUser Get() =>
        Shared.Value.User ?? throw new InvalidOperationException($"no unprivileged user: {Shared.Value.Why}");

    /// <summary>Runs a command as this user to completion.</summary>
    public ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        ProcessRunner.Run("/usr/bin/setpriv", SetprivArguments(fileName, arguments), environment, timeout, workingDirectory ?? "/");

    /// <summary>Runs a shell snippet as this user (<c>sh -c</c>).</summary>
    public ProcessResult Shell(string script, TimeSpan? timeout = null) => Run("/bin/sh", ["-c", script], timeout);

    /// <summary>Starts a long-running command as this user (a racer); the caller kills and disposes it.</summary>
    public Process Start(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/setpriv")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in SetprivArguments(fileName, arguments)) info.ArgumentList.Add(argument);
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName} as {Name}");
    }

    /// <summary>Starts a command as this user with its stdin, stdout and stderr on pipes (an attacker driven line by line).</summary>
    public Process StartInteractive(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/setpriv")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in SetprivArguments(fileName, arguments)) info.ArgumentList.Add(argument);
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName} as {Name}");
    }

    /// <summary>Gives a path (not following a final symlink) to this user, as a user's own files are.</summary>
    public void Own(string path) => ProcessRunner.RunChecked("/bin/chown", "-h", $"{Uid}:{Gid}", path);

    /// <summary>Gives a whole tree to this user.</summary>
    public void OwnTree(string path) => ProcessRunner.RunChecked("/bin/chown", "-hR", $"{Uid}:{Gid}", path);

    private IEnumerable<string> SetprivArguments(string fileName, IEnumerable<string> arguments) =>
        new[] { $"--reuid={Uid}", $"--regid={Gid}", "--init-groups", "--inh-caps=-all", "--", fileName }.Concat(arguments);

    private static (UnprivilegedUser?, string?) Create()
    {
        if (!OperatingSystem.IsLinux()) return (null, "Linux only");
        if (!Environment.IsPrivilegedProcess) return (null, "needs root to create and become an unprivileged user");
        if (!File.Exists("/usr/bin/setpriv")) return (null, "needs setpriv (util-linux)");
        var useradd = new[] { "/usr/sbin/useradd", "/sbin/useradd" }.FirstOrDefault(File.Exists);
        if (useradd is null) return (null, "needs useradd (passwd)");

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var ids = LookUp();
            if (ids is not null) return (new UnprivilegedUser(ids.Value.Uid, ids.Value.Gid), null);
            // -M: no home directory (nothing to clean up); -U: a group of its own; -r: a system account.
            var added = ProcessRunner.Run(useradd, ["-r", "-M", "-U", "-s", "/bin/sh", AccountName]);
            // 0 created, 9 already exists (another test process won the race); 10 passwd file busy: try again.
            if (added.ExitCode is 0 or 9) continue;
            if (added.ExitCode != 10) return (null, $"useradd failed: {added}");
            Thread.Sleep(100); // waits for another process's passwd lock; the outcome does not depend on how long
        }
        return (null, "useradd kept finding /etc/passwd locked");
    }

    private static (int Uid, int Gid)? LookUp()
    {
        var uid = ProcessRunner.Run("/usr/bin/id", ["-u", AccountName]);
        var gid = ProcessRunner.Run("/usr/bin/id", ["-g", AccountName]);
        if (!uid.Succeeded || !gid.Succeeded) return null;
        return (int.Parse(uid.StdOut.Trim()), int.Parse(gid.StdOut.Trim()));
    }
}
