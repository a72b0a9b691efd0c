using System.Diagnostics;
using System.IO.Abstractions;
using System.Runtime.Versioning;
using GcTool.Core.Platform;

namespace GcTool.IntegrationTests.Platform;

/// <summary>The native lister must see a directory exactly as the System.IO.Abstractions listing + lstat it replaced.</summary>
[SupportedOSPlatform("linux")]
public sealed class NativeDirectoryListerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gctool-lister-").FullName;

    public void Dispose() => Sh("rm -rf \"$1\"", _root);

    [Fact]
    public void TryList_MatchesTheAbstractionsListing_ForFilesDirsDotfilesAndLinks()
    {
        File.WriteAllText(Path.Join(_root, "file.py"), "x");
        File.WriteAllText(Path.Join(_root, ".hidden"), "x");
        Directory.CreateDirectory(Path.Join(_root, "pkg"));
        File.CreateSymbolicLink(Path.Join(_root, "abs-link"), "/nowhere/archive-v0/ID/x.py");
        File.CreateSymbolicLink(Path.Join(_root, "lib64"), "lib");
        Sh("ln \"$1/file.py\" \"$1/hard.py\"", _root);

        var native = new DirectoryReader(new FileSystem(), NativeFileStatReader.Instance);
        var viaAbstractions = new DirectoryReader(new FileSystem(), new NonNativeStat());
        Assert.True(native.IsNative);
        Assert.False(viaAbstractions.IsNative);

        var fast = native.TryList(_root, out var error)!.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var slow = viaAbstractions.TryList(_root, out _)!.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        Assert.Null(error);
        Assert.Equal(slow.Select(c => (c.Path, c.Name, c.Status)), fast.Select(c => (c.Path, c.Name, c.Status)));
        Assert.Equal("/nowhere/archive-v0/ID/x.py", fast.Single(c => c.Name == "abs-link").LinkTarget);
        Assert.Equal("lib", native.TryReadLink(fast.Single(c => c.Name == "lib64")));
        Assert.Equal(2u, fast.Single(c => c.Name == "hard.py").Status!.Value.LinkCount);
    }

    [Fact]
    public void TryList_WithFileStatus_LstatsOnlyRegularFiles_AndStillReadsLinksAndTellsKinds()
    {
        File.WriteAllText(Path.Join(_root, "file.py"), "x");
        Directory.CreateDirectory(Path.Join(_root, "pkg"));
        File.CreateSymbolicLink(Path.Join(_root, "abs-link"), "/nowhere/archive-v0/ID/x.py");
        Sh("ln \"$1/file.py\" \"$1/hard.py\"", _root);
        var native = new DirectoryReader(new FileSystem(), NativeFileStatReader.Instance);
        var full = native.TryList(_root, out _)!.ToDictionary(c => c.Name);

        var lean = native.TryList(_root, ListingDetail.FileStatus, out var error)!.ToDictionary(c => c.Name);

        Assert.Null(error);
        Assert.Equal(full.Keys.Order(StringComparer.Ordinal), lean.Keys.Order(StringComparer.Ordinal));
        Assert.All(lean.Values, c => Assert.Equal(full[c.Name].Kind, c.Kind));
        Assert.Equal(full["hard.py"].Status, lean["hard.py"].Status);
        Assert.Null(lean["pkg"].Status);
        Assert.Null(lean["abs-link"].Status);
        Assert.Equal("/nowhere/archive-v0/ID/x.py", lean["abs-link"].LinkTarget);
    }

    [Fact]
    public void TryList_WithKindOnly_TellsKindsWithoutLstatOrReadlink()
    {
        File.WriteAllText(Path.Join(_root, "a.pth"), "x");
        Directory.CreateDirectory(Path.Join(_root, "python3.12"));
        File.CreateSymbolicLink(Path.Join(_root, "link.pth"), "a.pth");
        var native = new DirectoryReader(new FileSystem(), NativeFileStatReader.Instance);

        var kinds = native.TryList(_root, ListingDetail.Kind, out _)!.ToDictionary(c => c.Name);

        Assert.Equal(FileKind.File, kinds["a.pth"].Kind);
        Assert.Equal(FileKind.Directory, kinds["python3.12"].Kind);
        Assert.Equal(FileKind.Symlink, kinds["link.pth"].Kind);
        Assert.All(kinds.Values, c => Assert.Null(c.Status));
        Assert.Null(kinds["link.pth"].LinkTarget);
    }

    [Fact]
    public void TryList_ReturnsAnError_NotAnException_ForAMissingDirectory()
    {
        var native = new DirectoryReader(new FileSystem(), NativeFileStatReader.Instance);

        Assert.Null(native.TryList(Path.Join(_root, "missing"), out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryList_NamesAChildWhoseNameIsNotUtf8_ByItsExactBytes_AndStatsIt()
    {
        Sh("touch \"$1/$(printf 'bad\\377name')\"", _root);
        var native = new DirectoryReader(new FileSystem(), NativeFileStatReader.Instance);

        var child = Assert.Single(native.TryList(_root, out _)!);

        Assert.Equal([.. "bad"u8, 0xff, .. "name"u8], OsPath.Encode(child.Name));
        Assert.Equal(FileKind.File, child.Status?.Kind);
        Assert.Equal(child.Status, NativeFileStatReader.Instance.TryLStat(child.Path));
    }

    [Fact]
    public void TryLStat_BelowAnOpenedDirectory_MatchesAnLstatByPath_ForNamesNestedNamesAndItself()
    {
        Directory.CreateDirectory(Path.Join(_root, "lib", "python3.12"));
        File.CreateSymbolicLink(Path.Join(_root, "lib64"), "lib");
        Sh("touch \"$1/$(printf 'bad\\377name')\"", _root);
        var native = new DirectoryReader(new FileSystem(), NativeFileStatReader.Instance);
        var badName = native.TryList(_root, out _)!.Single(c => c.Name.StartsWith("bad", StringComparison.Ordinal)).Name;

        using var opened = native.TryOpenForStat(_root)!;

        Assert.Equal(NativeFileStatReader.Instance.TryLStat(_root), native.TryLStat(opened, ""));
        Assert.Equal(NativeFileStatReader.Instance.TryLStat(Path.Join(_root, "lib/python3.12")), native.TryLStat(opened, "lib/python3.12"));
        Assert.Equal(FileKind.Symlink, native.TryLStat(opened, "lib64")?.Kind);
        Assert.Equal(FileKind.File, native.TryLStat(opened, badName)?.Kind);
        Assert.Null(native.TryLStat(opened, "missing"));
    }

    [Fact]
    public void TryOpenForStat_RefusesADirectoryThatIsASymlink()
    {
        Directory.CreateDirectory(Path.Join(_root, "real"));
        File.CreateSymbolicLink(Path.Join(_root, "venv"), Path.Join(_root, "real"));
        var native = new DirectoryReader(new FileSystem(), NativeFileStatReader.Instance);

        Assert.Null(native.TryOpenForStat(Path.Join(_root, "venv")));
        Assert.Null(native.TryOpenForStat(Path.Join(_root, "missing")));
    }

    /// <summary>Forwards to the native reader but is not it, so DirectoryReader takes the System.IO.Abstractions path.</summary>
    private sealed class NonNativeStat : IFileStatReader
    {
        public FileStatus? TryLStat(string path) => NativeFileStatReader.Instance.TryLStat(path);
        public string? TryRealPath(string path) => NativeFileStatReader.Instance.TryRealPath(path);
    }

    private static void Sh(string script, string arg)
    {
        using var p = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", script, "sh", arg } })!;
        p.WaitForExit();
    }
}
