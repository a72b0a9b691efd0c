using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;

namespace GcTool.Tests.Scanning;

public class ReferenceClassifierTests
{
    private const string Id = "AbCdEfGh12345678";
    private static readonly EntryKey Key = new(0, EntryId.Parse(Id));

    /// <summary>realpath answers from a table: what the kernel would say on a machine laid out as the test describes.</summary>
    private sealed class TableStat(Dictionary<string, string> realPaths) : IFileStatReader
    {
        public FileStatus? TryLStat(string path) => null;
        public string? TryRealPath(string path) => realPaths.GetValueOrDefault(path);
    }

    private static ReferenceClassifier Classifier(Dictionary<string, string>? realPaths = null, string given = "/home/u/.cache/uv", string[]? aliases = null, Func<EntryKey, bool>? exists = null)
    {
        var stat = new TableStat(realPaths ?? new());
        var fs = new MockFileSystem();
        fs.AddFile("/data/uv/CACHEDIR.TAG", new MockFileData(UvCache.CacheDirTagSignature));
        var cacheStat = new TableStat(new() { [given] = "/data/uv", ["/data/uv"] = "/data/uv" });
        var cache = UvCache.Open(fs, new StatWithDirectory(cacheStat), given, aliases);
        return new ReferenceClassifier(cache, exists ?? (k => k == Key), stat);
    }

    private sealed class StatWithDirectory(IFileStatReader inner) : IFileStatReader
    {
        public FileStatus? TryLStat(string path) => new FileStatus(FileKind.Directory, 1, 2, 1, 0, 0, 0);
        public string? TryRealPath(string path) => inner.TryRealPath(path);
    }

    [Fact]
    public void AbsoluteTargetThroughTheGivenRoot_IsASymlinkReference()
    {
        var found = Classifier().Classify("/p/.venv/lib/python3.11/site-packages/foo/sub.py", $"/home/u/.cache/uv/archive-v0/{Id}/foo/sub.py");
        Assert.Equal([Key], found);
    }

    [Fact]
    public void TargetThroughAContainerMountPath_CountsWhenTheIdExistsHere()
    {
        var found = Classifier().Classify("/p/.venv/x", $"/mnt/shared-cache/archive-v0/{Id}/foo/deep/nested/mod.py");
        Assert.Equal([Key], found);
    }

    [Fact]
    public void TargetThroughAContainerMountPath_DoesNotCountForAnIdThisCacheLacks()
    {
        var found = Classifier().Classify("/p/.venv/x", "/mnt/other/archive-v0/ZZZZZZZZZZZZZZZZ/foo.py");
        Assert.Empty(found);
    }

    [Fact]
    public void TargetThroughAWheelsPointer_IsResolvedToTheEntryItPointsAt()
    {
        var pointer = "/home/u/.cache/uv/wheels-v6/pypi/foo/1.0-py3-none-any/foo/sub.py";
        var found = Classifier(new() { [pointer] = $"/data/uv/archive-v0/{Id}/foo/sub.py" }).Classify("/p/.venv/x", pointer);
        Assert.Equal([Key], found);
    }

    [Fact]
    public void TargetThroughAPointerAtAContainerPath_IsRerootedOntoThisCache()
    {
        var found = Classifier(new() { ["/data/uv/wheels-v6/pypi/foo/1.0-py3-none-any/foo.py"] = $"/data/uv/archive-v0/{Id}/foo.py" })
            .Classify("/p/.venv/x", "/container/cache/wheels-v6/pypi/foo/1.0-py3-none-any/foo.py");
        Assert.Equal([Key], found);
    }

    [Fact]
    public void RelativeTargetWithDotDots_IsResolvedAgainstTheLinkDirectory()
    {
        var found = Classifier().Classify("/home/u/.cache/uv/environments-v2/abc/def", $"../../archive-v0/{Id}");
        Assert.Equal([Key], found);
    }

    [Fact]
    public void LinkToTheBaseInterpreter_IsNotAReference()
    {
        var found = Classifier(new() { ["/usr/bin/python3.11"] = "/usr/bin/python3.11" }).Classify("/p/.venv/bin/python", "/usr/bin/python3.11");
        Assert.Empty(found);
    }

    [Fact]
    public void LinkToTheFileSystemRoot_IsNotAReference()
    {
        Assert.Empty(Classifier(new() { ["/"] = "/" }).Classify("/p/.venv/evil", "/"));
    }

    [Fact]
    public void DanglingLinkUnderAKnownRootSpelling_CountsEvenForAMissingEntry()
    {
        var found = Classifier(exists: _ => false).Classify("/p/.venv/x", "/home/u/.cache/uv/archive-v0/GoneGoneGoneGone/x.py");
        Assert.Equal([new EntryKey(0, EntryId.Parse("GoneGoneGoneGone"))], found);
    }

    [Fact]
    public void IdThatBeginsWithADash_IsRecognised()
    {
        var dashed = new EntryKey(0, EntryId.Parse("-x9QabcdEFGH12_z"));
        var found = Classifier(exists: k => k == dashed).Classify("/p/.venv/x", "/home/u/.cache/uv/archive-v0/-x9QabcdEFGH12_z/m.py");
        Assert.Equal([dashed], found);
    }

    [Fact]
    public void LegacyTwentyOneCharacterId_IsRecognised()
    {
        var legacy = new EntryKey(0, EntryId.Parse("V1StGXR8_Z5jdHi6B-myT"));
        var found = Classifier(exists: k => k == legacy).Classify("/p/.venv/x", "/home/u/.cache/uv/archive-v0/V1StGXR8_Z5jdHi6B-myT/m.py");
        Assert.Equal([legacy], found);
    }

    [Fact]
    public void LinkThroughASymlinkedDirectoryOutsideTheCache_IsResolvedByRealpath()
    {
        var found = Classifier(new() { ["/opt/shortcut/foo/sub.py"] = $"/data/uv/archive-v0/{Id}/foo/sub.py" })
            .Classify("/p/.venv/x", "/opt/shortcut/foo/sub.py");
        Assert.Equal([Key], found);
    }

    [Fact]
    public void EveryLinkIntoAnEntry_IsAnsweredAlike_AfterTheFirst()
    {
        var classifier = Classifier();

        var first = classifier.Classify("/p/.venv/a", $"/home/u/.cache/uv/archive-v0/{Id}/foo/a.py");
        var second = classifier.Classify("/p/.venv/b", $"/home/u/.cache/uv/archive-v0/{Id}/foo/b.py");
        var theEntryItself = classifier.Classify("/p/.venv/c", $"/home/u/.cache/uv/archive-v0/{Id}");

        Assert.Equal([Key], first);
        Assert.Equal([Key], second);
        Assert.Equal([Key], theEntryItself);
    }

    [Fact]
    public void ADanglingLinkUnderARootSpelling_IsAnsweredAlike_TheSecondTime()
    {
        var classifier = Classifier(exists: _ => false);
        var gone = new EntryKey(0, EntryId.Parse("GoneGoneGoneGone"));

        Assert.Equal([gone], classifier.Classify("/p/.venv/x", "/home/u/.cache/uv/archive-v0/GoneGoneGoneGone/x.py"));
        Assert.Equal([gone], classifier.Classify("/p/.venv/y", "/home/u/.cache/uv/archive-v0/GoneGoneGoneGone/y.py"));
    }

    [Fact]
    public void AnEarlierEntrySegmentInTheTarget_IsPreferred_WhenThatEntryExists_EvenAfterALinkBelowTheRoot()
    {
        var outer = new EntryKey(0, EntryId.Parse("OuterOuterOuter1"));
        var classifier = Classifier(given: "/srv/archive-v0/OuterOuterOuter1/uv", exists: k => k == outer || k == Key);

        // The root's own spelling holds an entry's segment: the regex's first match is that one.
        Assert.Equal([outer], classifier.Classify("/p/.venv/a", $"/srv/archive-v0/OuterOuterOuter1/uv/archive-v0/{Id}/a.py"));
        Assert.Equal([outer], classifier.Classify("/p/.venv/b", $"/srv/archive-v0/OuterOuterOuter1/uv/archive-v0/{Id}/b.py"));
    }

    [Fact]
    public void ALinkThroughAnIdThisCacheLacks_AfterAKnownOne_IsNotTakenForIt()
    {
        var classifier = Classifier();

        Assert.Equal([Key], classifier.Classify("/p/.venv/a", $"/home/u/.cache/uv/archive-v0/{Id}/a.py"));
        Assert.Equal([new EntryKey(0, EntryId.Parse("ZZZZZZZZZZZZZZZZ"))], classifier.Classify("/p/.venv/b", "/home/u/.cache/uv/archive-v0/ZZZZZZZZZZZZZZZZ/b.py"));
        Assert.Equal([Key], classifier.Classify("/p/.venv/c", $"/home/u/.cache/uv/archive-v0/{Id}x/../{Id}/c.py"));
    }
}
