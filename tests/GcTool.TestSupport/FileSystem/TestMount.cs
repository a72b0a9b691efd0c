namespace GcTool.TestSupport;

/// <summary>
/// A real mount made by a test (<c>mount -t tmpfs</c> or <c>mount --bind</c>) on a directory of its own
/// temp tree, so two suites running at once never share one. <see cref="Dispose"/> unmounts it if the
/// test has not (call it from <c>finally</c>/Dispose before the temp tree is deleted).
/// </summary>
public sealed class TestMount : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Path { get; }
    public bool IsMounted { get; private set; }

    private TestMount(string path)
    {
        Path = path;
        IsMounted = true;
    }

    /// <summary>Why mounts cannot be made here (not root, no CAP_SYS_ADMIN in this container, no mount binary), or null.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>An empty tmpfs on <paramref name="path"/> (created if missing).</summary>
    public static TestMount Tmpfs(string path)
    {
        Directory.CreateDirectory(path);
        ProcessRunner.RunChecked("mount", "-t", "tmpfs", "-o", "size=64m", "gctool-test", path);
        return new TestMount(path);
    }

    /// <summary><paramref name="source"/> bind-mounted on <paramref name="path"/> (both created if missing).</summary>
    public static TestMount Bind(string source, string path)
    {
        Directory.CreateDirectory(source);
        Directory.CreateDirectory(path);
        ProcessRunner.RunChecked("mount", "--bind", source, path);
        return new TestMount(path);
    }

    /// <summary><c>umount</c>: the mount point is an ordinary (empty) directory again.</summary>
    public void Unmount()
    {
        if (!IsMounted) return;
        ProcessRunner.RunChecked("umount", Path);
        IsMounted = false;
    }

    public void Dispose()
    {
        if (!IsMounted) return;
        // Lazy as a last resort: a process of a failed test may still hold a file on it.
        if (!ProcessRunner.Run("umount", [Path]).Succeeded) ProcessRunner.Run("umount", ["-l", Path]);
        IsMounted = false;
    }

    private static string? Probe()
    {
        var probe = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gctool-mount-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            var mount = ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", "size=1m", "gctool-probe", probe]);
            if (!mount.Succeeded) return $"cannot mount here (mount -t tmpfs: {mount.StdErr.Trim()}); needs root with CAP_SYS_ADMIN";
            ProcessRunner.Run("umount", [probe]);
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return $"cannot mount here: {e.Message}";
        }
        finally
        {
            try { Directory.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
