using GcTool.Core.Errors;
using GcTool.Core.Store;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    private static readonly CacheIdentity CacheA = new("/home/u/.cache/uv", Device: 2049, Inode: 131_077);

    [StoreFact]
    public void BindCache_Succeeds_WhenSameCacheBoundAgain()
    {
        Store.BindCache(CacheA);

        Store.BindCache(CacheA);
    }

    [StoreFact]
    public void BindCache_RefusesOtherCache_NamingBothAndSuggestingDb()
    {
        Store.BindCache(CacheA);

        var refusal = Assert.Throws<SafetyRefusalException>(() => Store.BindCache(CacheA with { RealPath = "/mnt/other/uv" }));

        Assert.Contains("/home/u/.cache/uv", refusal.Message);
        Assert.Contains("/mnt/other/uv", refusal.Message);
        Assert.Contains("--db", refusal.Message);
    }

    [StoreFact]
    public void BindCache_RefusesRecreatedCache_WhenInodeDiffersAtSamePath()
    {
        Store.BindCache(CacheA);

        var refusal = Assert.Throws<SafetyRefusalException>(() => Store.BindCache(CacheA with { Inode = 999 }));

        Assert.Contains("/home/u/.cache/uv", refusal.Message);
        Assert.Contains("999", refusal.Message);
    }

    [StoreFact]
    public void BindCache_RefusesCache_OnOtherDevice()
    {
        Store.BindCache(CacheA);

        Assert.Throws<SafetyRefusalException>(() => Store.BindCache(CacheA with { Device = 2050 }));
    }

    [StoreFact]
    public void BindCache_StoresDeviceAndInodeAboveInt64Max()
    {
        var big = new CacheIdentity("/c", ulong.MaxValue - 1, (ulong)long.MaxValue + 7);
        Store.BindCache(big);

        Store.BindCache(big);
        Assert.Throws<SafetyRefusalException>(() => Store.BindCache(big with { Inode = 7 }));
    }
}
