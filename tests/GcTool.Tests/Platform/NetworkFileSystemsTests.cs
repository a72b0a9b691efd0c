using GcTool.Core.Errors;
using GcTool.Core.Platform;

namespace GcTool.Tests.Platform;

public sealed class NetworkFileSystemsTests
{
    private sealed class FakeTypes(Dictionary<string, long> types) : IFileSystemTypeReader
    {
        public List<string> Asked { get; } = [];

        public long? TryFileSystemType(string path)
        {
            Asked.Add(path);
            return types.TryGetValue(path, out var t) ? t : null;
        }
    }

    [Theory]
    [InlineData(0x6969L, "NFS")]
    [InlineData(0x517BL, "SMB")]
    [InlineData(0xFF534D42L, "CIFS")]
    [InlineData(0xFE534D42L, "SMB2")]
    [InlineData(0x65735546L, "FUSE")]
    public void EnsureLocal_RefusesNetworkFileSystem_PointingToPostgres(long type, string name)
    {
        var reader = new FakeTypes(new() { ["/mnt/shared/state"] = type });

        var refusal = Assert.Throws<SafetyRefusalException>(() => NetworkFileSystems.EnsureLocal("/mnt/shared/state/gctool.db", reader));

        Assert.Equal(ExitCode.SafetyRefusal, refusal.ExitCode);
        Assert.Contains(name, refusal.Message);
        Assert.Contains("/mnt/shared/state/gctool.db", refusal.Message);
        Assert.Contains("postgresql://", refusal.Message);
    }

    [Theory]
    [InlineData(0xEF53L)]       // ext4
    [InlineData(0x58465342L)]   // XFS
    [InlineData(0x9123683EL)]   // Btrfs
    [InlineData(0x01021994L)]   // tmpfs
    [InlineData(0x794C7630L)]   // overlayfs
    public void EnsureLocal_AcceptsLocalFileSystem(long type) =>
        NetworkFileSystems.EnsureLocal("/var/lib/gctool/gctool.db", new FakeTypes(new() { ["/var/lib/gctool/gctool.db"] = type }));

    [Fact]
    public void EnsureLocal_AsksTheNearestExistingParent_WhenTheFileDoesNotExistYet()
    {
        var reader = new FakeTypes(new() { ["/mnt/nfs"] = 0x6969 });

        Assert.Throws<SafetyRefusalException>(() => NetworkFileSystems.EnsureLocal("/mnt/nfs/new/dir/gctool.db", reader));
        Assert.Equal(["/mnt/nfs/new/dir/gctool.db", "/mnt/nfs/new/dir", "/mnt/nfs/new", "/mnt/nfs"], reader.Asked);
    }

    [Fact]
    public void EnsureLocal_Passes_WhenStatfsFailsEverywhere() =>
        NetworkFileSystems.EnsureLocal("/nowhere/gctool.db", new FakeTypes([]));

    [Fact]
    public void NativeReader_ReadsTheTypeOfARealDirectory() =>
        Assert.NotNull(NativeFileSystemTypeReader.Instance.TryFileSystemType(Path.GetTempPath()));
}
