using GcTool.IntegrationTests.Hostile;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Platform;

/// <summary>The attacker fixture is really unprivileged: what the safety tests prove rests on it.</summary>
public sealed class UnprivilegedUserTests
{
    [UnprivilegedUserFact]
    public void UnprivilegedUser_RunsWithItsOwnUid_AndCannotWriteWhatRootOwns()
    {
        var user = UnprivilegedUser.Get();
        using var temp = TempDirectory.Create();
        var rootOwned = temp.Combine("root-owned");
        Directory.CreateDirectory(rootOwned);
        UnixModes.Set(temp.Path, UnixModes.Executable);

        Assert.Equal(user.Uid.ToString(), user.Run("/usr/bin/id", ["-u"]).StdOut.Trim());
        Assert.False(user.Shell($"touch '{rootOwned}/x'").Succeeded);
        Assert.False(File.Exists(Path.Combine(rootOwned, "x")));
    }
}
