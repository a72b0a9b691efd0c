using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// Bad arguments on a real cache (the fake-host parsing tests live in Cli/CommandLineParsingTests):
/// each is a usage error, exit 2, and changes nothing — the cache is as it was and the database
/// file is not even created.
/// </summary>
public sealed class BadArgumentTests : IDisposable
{
    private readonly HostileWorld _world = new();
    private readonly string _root;

    public BadArgumentTests()
    {
        _world.Cache.PersistWheel(Wheel.Named("orphan", "1.0"));
        _root = _world.Dir("root");
    }

    public void Dispose() => _world.Dispose();

    private void AssertUsageErrorChangingNothing(params string[] args)
    {
        var before = HostileWorld.Snapshot(_world.Temp.Path);

        var run = _world.RunRaw(["--cache-dir", _world.Cache.Root, "--db", _world.Database, .. args]);

        Assert.True(run.Exit == 2, $"{string.Join(' ', args)}: {run}");
        Assert.StartsWith("gctool: error: ", run.Stderr);
        Assert.Equal(before, HostileWorld.Snapshot(_world.Temp.Path));
        Assert.False(File.Exists(_world.Database), "the database must not be created by a usage error");
    }

    [Theory]
    [InlineData("--min-age", "-0s")]
    [InlineData("--min-age", "-1d")]
    [InlineData("--min-age", "1fortnight")]
    [InlineData("--min-age", "1d-1h")]
    [InlineData("--min-age", "0x10s")]
    [InlineData("--min-age", "١s")] // an Arabic-Indic digit: not [0-9]
    [InlineData("--lock-timeout", "-5m")]
    [InlineData("--lock-timeout", "forever")]
    [InlineData("--lock-timeout", "5 m")]
    public void Gc_WithABadDuration_IsAUsageError(string option, string value) =>
        AssertUsageErrorChangingNothing("gc", option, value);

    [Fact]
    public void Gc_WithAStrayArgument_IsAUsageError() => AssertUsageErrorChangingNothing("gc", "now");

    [Fact]
    public void Gc_WithTheSameOptionTwice_IsAUsageError() => AssertUsageErrorChangingNothing("gc", "--min-age", "0s", "--min-age", "7d");

    [Fact]
    public void VerboseAndQuiet_OnARealCache_IsAUsageError() => AssertUsageErrorChangingNothing("gc", "-v", "-q", "--min-age", "0s");

    [Fact]
    public void Scan_OfAMissingRoot_IsAUsageError() => AssertUsageErrorChangingNothing("scan", _world.Temp.Combine("no-such-root"));

    [Fact]
    public void Scan_OfARootThatIsAFile_IsAUsageError()
    {
        var file = _world.Temp.Combine("file-root");
        File.WriteAllText(file, "");
        AssertUsageErrorChangingNothing("scan", file);
    }

    [Fact]
    public void RootsAdd_OfAMissingDirectory_IsAUsageError() => AssertUsageErrorChangingNothing("roots", "add", _world.Temp.Combine("nope"));

    [Fact]
    public void Scan_WithAnEmptyRoot_IsAUsageError() => AssertUsageErrorChangingNothing("scan", "");

    [Fact]
    public void AuditEntry_WithAPathTraversalId_IsAUsageError() => AssertUsageErrorChangingNothing("audit", "entry", "../../etc");

    [Fact]
    public void EmptyCacheDir_IsAUsageError() => AssertUsageErrorChangingNothing("--cache-dir", "", "status");

    [Fact]
    public void EmptyDatabasePath_IsAUsageError() => AssertUsageErrorChangingNothing("--db", "", "status");
}
