using GcTool.Core.Environments;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>
/// Paths whose bytes are not valid UTF-8 (held as lone surrogates U+DC80..U+DCFF, see <c>OsPath</c>) are
/// stored and read back exactly, on every backend: TEXT columns cannot hold them as they are.
/// </summary>
public abstract partial class StoreContractTests
{
    /// <summary>"/home/u/projects/b\xffd" and friends: one escaped byte in each position a path can take.</summary>
    private static readonly RootPath RawRoot = new("/home/u/pro\uDCE9jects");
    private const string RawVenv = "/home/u/pro\uDCE9jects/caf\uDCE9/.venv";

    [StoreFact]
    public void CommitScan_RoundTripsAnEnvironment_WhosePathsAreNotUtf8()
    {
        var venv = Env(RawVenv, root: RawRoot, fingerprint: ":1:2;lib/python\uDCFF:3:4;");

        Store.CommitScan(Commit(rescanned: [Scanned(venv, Ref("aaaa", sample: RawVenv + "/lib/m\uDC80.py"))]));

        Assert.Equal([venv], Store.LoadEnvironments());
        Assert.Equal(venv, Store.FindEnvironment(new EnvPath(RawVenv)));
        Assert.Equal(RawVenv + "/lib/m\uDC80.py", Assert.Single(Store.UsesOfEnvironment(new EnvPath(RawVenv))).SampleFile);
        Assert.Equal(new EnvPath(RawVenv), Assert.Single(Store.LoadReferenceGraph()).Environment);
    }

    [StoreFact]
    public void CommitScan_KeepsAPathWithAnEscapedByte_ApartFromTheSamePathWithTheCharacterItLooksLike()
    {
        // b"caf\xe9" (Latin-1) and "café" (UTF-8) are two directories; so are their stored forms.
        var raw = Env("/p/caf\uDCE9/.venv");
        var text = Env("/p/caf\u00E9/.venv");
        var noncharacter = Env("/p/caf\uFFFF\u00E9/.venv");

        Store.CommitScan(Commit(rescanned: [Scanned(raw, Ref("aaaa")), Scanned(text, Ref("bbbb")), Scanned(noncharacter, Ref("cccc"))]));

        Assert.Equal(3, Store.LoadEnvironments().Count);
        Assert.Equal(["archive-v0/aaaa"], Store.UsesOfEnvironment(raw.Path).Select(u => u.Entry.ToString()));
        Assert.Equal(["archive-v0/bbbb"], Store.UsesOfEnvironment(text.Path).Select(u => u.Entry.ToString()));
        Assert.Equal(["archive-v0/cccc"], Store.UsesOfEnvironment(noncharacter.Path).Select(u => u.Entry.ToString()));
    }

    [StoreFact]
    public void Roots_AndDiscoveries_RoundTripPathsThatAreNotUtf8()
    {
        Store.AddRoot(RawRoot, 1_000);
        var snapshot = new DiscoverySnapshot(RawRoot, [new WalkedDirectory(RawRoot.Value, 5, false), new WalkedDirectory(RawVenv, 6, true)]);

        Store.CommitScan(Commit(discoveries: [snapshot]));

        Assert.Equal([RawRoot], Store.ListRoots().Select(r => r.Path));
        Assert.Equal(snapshot.Directories, Store.LoadDiscovery(RawRoot)!.Directories);
        Assert.True(Store.RemoveRoot(RawRoot));
    }

    [StoreFact]
    public void CommitScan_RemovesAndTouchesEnvironments_ByPathsThatAreNotUtf8()
    {
        var kept = Env(RawVenv, root: RawRoot);
        var gone = Env("/p/gone\uDCFF", root: RawRoot);
        Store.CommitScan(Commit(rescanned: [Scanned(kept), Scanned(gone)]));

        Store.CommitScan(Commit(at: 9_000, unchanged: [kept.Path], removed: [gone.Path]));

        var left = Assert.Single(Store.LoadEnvironments());
        Assert.Equal(kept.Path, left.Path);
        Assert.Equal(9_000, left.LastScannedAt);
    }
}
