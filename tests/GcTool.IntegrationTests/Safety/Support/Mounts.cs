using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety.Support;

/// <summary>Root-only file system tricks for fault tests: small tmpfs mounts, read-only bind mounts, chattr +i.</summary>
internal static class Mounts
{
    /// <summary>Mounts a tmpfs with <paramref name="options"/> (e.g. <c>size=4m,nr_inodes=400</c>) at <paramref name="path"/>; false when not permitted here.</summary>
    public static bool TryMountTmpfs(string path, string options) =>
        Try("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);

    /// <summary>Makes <paramref name="path"/> a read-only bind mount of itself; false when not permitted here.</summary>
    public static bool TryBindReadOnly(string path)
    {
        if (!Try("mount", "--bind", path, path)) return false;
        if (Try("mount", "-o", "remount,bind,ro", path)) return true;
        Unmount(path);
        return false;
    }

    public static void Unmount(string path)
    {
        if (!Try("umount", path)) Try("umount", "-l", path);
    }

    /// <summary>chattr +i / -i: an immutable file or directory cannot be unlinked, renamed or changed, even by root.</summary>
    public static bool TrySetImmutable(string path, bool immutable) => Try("chattr", immutable ? "+i" : "-i", path);

    /// <summary>Clears the immutable flag on everything below <paramref name="root"/> (cleanup).</summary>
    public static void ClearImmutable(string root) => Try("chattr", "-R", "-i", root);

    private static bool Try(string command, params string[] args)
    {
        try
        {
            return ProcessRunner.Run(command, args, timeout: TimeSpan.FromSeconds(30)).Succeeded;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }
}
