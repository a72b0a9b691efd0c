using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.Tests.Environments;

public class EnvironmentFingerprintTests
{
    private static readonly EnvPath Venv = new("/p/.venv");
    private static readonly DateTimeOffset Installed = DateTimeOffset.Parse("2026-11-24T12:00:00Z");
    private static readonly long Now = DateTimeOffset.Parse("2026-11-25T12:00:00Z").ToUnixTimeMilliseconds() * 1_000_000;
    private readonly MockFileSystem _fs = new();
    private readonly FakeFileStatReader _stat;
    private readonly DirectoryReader _reader;

    public EnvironmentFingerprintTests()
    {
        _stat = new FakeFileStatReader(_fs);
        _reader = new DirectoryReader(_fs, _stat);
        _fs.AddFile("/p/.venv/pyvenv.cfg", new MockFileData("home = /usr/bin"));
        foreach (var dir in new[] { "", "/bin", "/lib", "/lib/python3.12", "/lib/python3.12/site-packages" })
        {
            _fs.AddDirectory(Venv.Value + dir);
            _stat.SetModified(Venv.Value + dir, Installed);
        }
        _stat.SetModified("/p/.venv/pyvenv.cfg", Installed);
    }

    private string Compute(string? previous = null) => EnvironmentFingerprint.Compute(_reader, Venv, Now, previous);

    private void AddPython(string name)
    {
        _fs.AddDirectory($"/p/.venv/lib/{name}/site-packages");
        _stat.SetModified($"/p/.venv/lib/{name}", Installed);
        _stat.SetModified($"/p/.venv/lib/{name}/site-packages", Installed);
    }

    [Fact]
    public void NamesEachPythonDirectoryAndItsSitePackages()
    {
        var fingerprint = Compute();

        Assert.Contains("lib/python3.12:", fingerprint);
        Assert.Contains("lib/python3.12/site-packages:", fingerprint);
    }

    [Fact]
    public void WithAPreviousFingerprint_IsTheSameStringAsWithout()
    {
        var previous = Compute();

        Assert.Equal(previous, Compute(previous));
    }

    [Fact]
    public void ChangesWhenSitePackagesChanges_EvenWithAPreviousFingerprint()
    {
        var previous = Compute();
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages", Installed.AddMinutes(1));

        Assert.NotEqual(previous, Compute(previous));
    }

    [Fact]
    public void WhenLibIsUnchanged_TakesItsSubdirectoriesFromThePreviousFingerprint_WithoutListingIt()
    {
        var previous = Compute();
        // Impossible on a real file system (a new name changes lib's mtime); here it shows lib was not listed.
        AddPython("python3.13");
        _stat.SetModified("/p/.venv/lib", Installed);

        Assert.DoesNotContain("python3.13", Compute(previous));
        Assert.Contains("python3.13", Compute());
    }

    [Fact]
    public void WhenLibChanged_ListsItAgain()
    {
        var previous = Compute();
        AddPython("python3.13");
        _stat.SetModified("/p/.venv/lib", Installed.AddMinutes(1));

        Assert.Contains("lib/python3.13/site-packages:", Compute(previous));
    }

    [Fact]
    public void ARacyPreviousFingerprint_IsNotTrustedAsAHint()
    {
        var previous = "racy:" + Compute();
        AddPython("python3.13");
        _stat.SetModified("/p/.venv/lib", Installed);

        Assert.Contains("python3.13", Compute(previous));
    }

    [Fact]
    public void ARecordedPythonDirectoryThatIsGone_DropsOut()
    {
        AddPython("python3.13");
        var previous = Compute();
        _fs.RemoveFile("/p/.venv/lib/python3.13/site-packages");
        _fs.RemoveFile("/p/.venv/lib/python3.13");
        _stat.SetModified("/p/.venv/lib", Installed);

        var now = Compute(previous);

        Assert.DoesNotContain("python3.13", now);
        Assert.NotEqual(previous, now);
    }

    [Fact]
    public void AWindowsLayoutLibIsListed_AndItsSitePackagesIncluded()
    {
        _fs.AddDirectory("/p/.venv/Lib/site-packages");

        Assert.Contains("Lib/site-packages:", Compute());
    }

    [Fact]
    public void IsRacyWhenSomethingChangedWithinTheRacyWindow()
    {
        _stat.SetModified("/p/.venv/bin", DateTimeOffset.FromUnixTimeMilliseconds(Now / 1_000_000 - 500));

        Assert.True(EnvironmentFingerprint.IsRacy(Compute()));
    }

    [Fact]
    public void StampsEachRegularPthFileOfSitePackages()
    {
        _fs.AddFile("/p/.venv/lib/python3.12/site-packages/extra.pth", new MockFileData("/x"));
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages/extra.pth", Installed);

        Assert.Contains("lib/python3.12/site-packages/extra.pth:", Compute());
    }

    [Fact]
    public void APthFileRewrittenInPlace_ChangesIt_ThoughSitePackagesIsUnchanged()
    {
        _fs.AddFile("/p/.venv/lib/python3.12/site-packages/extra.pth", new MockFileData("/x"));
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages/extra.pth", Installed);
        var previous = Compute();
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages/extra.pth", Installed.AddMinutes(1));

        Assert.NotEqual(previous, Compute(previous));
    }

    [Fact]
    public void WhenSitePackagesIsUnchanged_TakesThePthNamesFromThePreviousFingerprint_WithoutListingIt()
    {
        var previous = Compute();
        // Impossible on a real file system (a new name changes the directory's mtime); here it shows it was not listed.
        _fs.AddFile("/p/.venv/lib/python3.12/site-packages/late.pth", new MockFileData("/x"));
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages/late.pth", Installed);
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages", Installed);

        Assert.DoesNotContain("late.pth", Compute(previous));
        Assert.Contains("late.pth", Compute());
    }

    [Fact]
    public void ANameHoldingSeparators_CannotForgeASegment()
    {
        var name = "x;bin:1:2;.pth";
        _fs.AddFile($"/p/.venv/lib/python3.12/site-packages/{name}", new MockFileData("/x"));
        _stat.SetModified($"/p/.venv/lib/python3.12/site-packages/{name}", Installed);

        var fingerprint = Compute();

        Assert.Contains("site-packages/x%3Bbin%3A1%3A2%3B.pth:", fingerprint);
        Assert.Equal(fingerprint, Compute(fingerprint));
    }

    private bool StillHolds(string recorded) => EnvironmentFingerprint.StillHolds(_reader, Venv, recorded, Now);

    private void AddPth(string name, DateTimeOffset modified)
    {
        _fs.AddFile($"/p/.venv/lib/python3.12/site-packages/{name}", new MockFileData("/x"));
        _stat.SetModified($"/p/.venv/lib/python3.12/site-packages/{name}", modified);
    }

    [Fact]
    public void StillHolds_WhenNothingChanged()
    {
        AddPth("extra.pth", Installed);

        Assert.True(StillHolds(Compute()));
    }

    [Fact]
    public void StillHolds_NotWhenSitePackagesChanged()
    {
        var recorded = Compute();
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages", Installed.AddMinutes(1));

        Assert.False(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_NotWhenAPthFileWasRewrittenInPlace()
    {
        AddPth("extra.pth", Installed);
        var recorded = Compute();
        _stat.SetModified("/p/.venv/lib/python3.12/site-packages/extra.pth", Installed.AddMinutes(1));

        Assert.False(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_NotWhenAStampedNameIsGone()
    {
        AddPth("extra.pth", Installed);
        var recorded = Compute();
        _fs.RemoveFile("/p/.venv/lib/python3.12/site-packages/extra.pth");

        Assert.False(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_NotWhenSomethingChangedWithinTheRacyWindow()
    {
        _stat.SetModified("/p/.venv/bin", DateTimeOffset.FromUnixTimeMilliseconds(Now / 1_000_000 - 500));
        // Every stamp matches the disk; one is too recent to trust.
        var recorded = Compute()["racy:".Length..];

        Assert.False(StillHolds(recorded));
    }

    [Theory]
    [InlineData("racy:")]
    [InlineData("unread:")]
    public void StillHolds_NeverForARacyOrUnreadRecording(string prefix)
    {
        Assert.False(StillHolds(prefix + Compute()));
    }

    [Fact]
    public void StillHolds_NotForAWindowsLayoutLib_WhoseListingIsNotStamped()
    {
        _fs.AddDirectory("/p/.venv/Lib/site-packages");
        var recorded = Compute();

        Assert.False(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_DoesNotLookForLib_WhenTheRecordingSaysThereWasNone_AndTheRootIsUnchanged()
    {
        var recorded = Compute();
        // Only possible with the root's mtime set back by hand: a Lib made since changes the root's mtime.
        _fs.AddDirectory("/p/.venv/Lib/site-packages");

        Assert.True(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_LooksForLib_WhenTheRecordingDoesNotSayThereWasNone()
    {
        var recordedBeforeTheMarker = Compute().Replace("@Lib=none;", "");
        _fs.AddDirectory("/p/.venv/Lib/site-packages");

        Assert.False(StillHolds(recordedBeforeTheMarker));
    }

    [Fact]
    public void StillHolds_DoesNotLstatUvsLib64Link_WhileTheRootIsUnchanged()
    {
        _stat.AddSymlink("/p/.venv/lib64", "lib");
        _stat.SetModified("/p/.venv/lib64", Installed);
        var recorded = Compute();
        // Only possible with touch -h: replacing the link changes the root's mtime, so the computation trusts it too.
        _stat.SetModified("/p/.venv/lib64", Installed.AddMinutes(1));

        Assert.Equal(recorded, Compute(recorded));
        Assert.True(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_LstatsLib64_WhenTheRootChanged()
    {
        _stat.AddSymlink("/p/.venv/lib64", "lib");
        _stat.SetModified("/p/.venv/lib64", Installed);
        var recorded = Compute();
        _stat.SetModified("/p/.venv/lib64", Installed.AddMinutes(1));
        _stat.SetModified("/p/.venv", Installed.AddMinutes(1));

        Assert.False(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_NotWhenTheEnvironmentIsNoLongerThere()
    {
        var recorded = Compute();
        _fs.Directory.Delete(Venv.Value, recursive: true);

        Assert.False(StillHolds(recorded));
    }

    [Fact]
    public void StillHolds_ForANameHoldingSeparators()
    {
        AddPth("x;bin:1:2;.pth", Installed);

        Assert.True(StillHolds(Compute()));
    }

    [Fact]
    public void StillHolds_NotForARecordingItCannotParse()
    {
        Assert.False(StillHolds(":1:notanumber;"));
        Assert.False(StillHolds(""));
        Assert.False(StillHolds("bin:1:2"));
    }

    /// <summary>The promise: it holds exactly when a recomputation with the recording as hint gives it again, not racy.</summary>
    [Theory]
    [InlineData("nothing")]
    [InlineData("new python")]
    [InlineData("new pth")]
    [InlineData("pth rewritten")]
    [InlineData("python gone")]
    [InlineData("share added")]
    [InlineData("cfg rewritten")]
    [InlineData("bin changed just now")]
    [InlineData("Lib added")]
    [InlineData("lib64 link replaced")]
    public void StillHolds_AgreesWithRecomputingTheFingerprint(string change)
    {
        AddPython("python3.11");
        _stat.AddSymlink("/p/.venv/lib64", "lib");
        _stat.SetModified("/p/.venv/lib64", Installed);
        AddPth("a.pth", Installed);
        var recorded = Compute();
        var later = Installed.AddMinutes(5);
        switch (change)
        {
            case "new python": AddPython("python3.13"); _stat.SetModified("/p/.venv/lib", later); break;
            case "new pth": AddPth("b.pth", later); _stat.SetModified("/p/.venv/lib/python3.12/site-packages", later); break;
            case "pth rewritten": _stat.SetModified("/p/.venv/lib/python3.12/site-packages/a.pth", later); break;
            case "python gone":
                _fs.RemoveFile("/p/.venv/lib/python3.11/site-packages");
                _fs.RemoveFile("/p/.venv/lib/python3.11");
                _stat.SetModified("/p/.venv/lib", later);
                break;
            case "share added": _fs.AddDirectory("/p/.venv/share"); _stat.SetModified("/p/.venv", later); break;
            case "cfg rewritten": _stat.SetModified("/p/.venv/pyvenv.cfg", later); break;
            case "bin changed just now": _stat.SetModified("/p/.venv/bin", DateTimeOffset.FromUnixTimeMilliseconds(Now / 1_000_000 - 10)); break;
            case "Lib added": _fs.AddDirectory("/p/.venv/Lib/site-packages"); _stat.SetModified("/p/.venv", later); break;
            case "lib64 link replaced":
                _fs.RemoveFile("/p/.venv/lib64");
                _stat.AddSymlink("/p/.venv/lib64", "lib/python3.11");
                _stat.SetModified("/p/.venv", later);
                break;
        }

        var recomputed = Compute(recorded);

        Assert.Equal(recomputed == recorded && !EnvironmentFingerprint.IsRacy(recomputed), StillHolds(recorded));
        Assert.Equal(change == "nothing", StillHolds(recorded));
    }
}
