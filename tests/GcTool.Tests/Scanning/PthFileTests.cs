using GcTool.Core.Scanning;

namespace GcTool.Tests.Scanning;

public class PthFileTests
{
    [Fact]
    public void PlainLines_AreDirectories_RightStripped_CommentsAndBlankLinesSkipped() =>
        Assert.Equal(["/cache/archive-v0/ABC", "relative/dir"], PthFile.NamedPaths("# comment\n\n/cache/archive-v0/ABC  \r\nrelative/dir\n   \n"));

    [Fact]
    public void AnImportLine_NamesEveryStringLiteral_AsUvsOverlayWritesIt() =>
        Assert.Equal(["/cache/archive-v0/ID/lib/python3.12/site-packages"],
            PthFile.NamedPaths("import site; site.addsitedir(\"/cache/archive-v0/ID/lib/python3.12/site-packages\")"));

    [Fact]
    public void StringLiterals_UnescapeQuotesAndBackslashes_ButNotInRawStrings() =>
        Assert.Equal(["/a \"q\"/b", "/c\\d", "/e\\f"],
            PthFile.NamedPaths("import sys; sys.path.insert(0, \"/a \\\"q\\\"/b\"); sys.path.append('/c\\\\d'); sys.path.append(r'/e\\f')"));

    [Fact]
    public void AnImportLineWithAnUnterminatedLiteral_NamesWhatCameBefore() =>
        Assert.Equal(["/ok"], PthFile.NamedPaths("import site; site.addsitedir('/ok'); x = '/broken"));

    [Fact]
    public void ALineStartingWithImportButNoSpace_IsAPath() =>
        Assert.Equal(["importlib-dir"], PthFile.NamedPaths("importlib-dir"));

    [Theory]
    [InlineData("lib", true)]
    [InlineData("lib64", true)]
    [InlineData("Lib", true)]
    [InlineData("lib/python3.12", true)]
    [InlineData("lib/python3.12/site-packages", true)]
    [InlineData("Lib/site-packages", true)]
    [InlineData("lib/python3.12/site-packages/foo", false)]
    [InlineData("lib/python3.12/other", false)]
    [InlineData("bin", false)]
    [InlineData("share/lib", false)]
    public void LibraryPlaces_AreWherePythonImportsFrom(string relative, bool followed) =>
        Assert.Equal(followed, LibraryLinks.IsLibraryPlace(relative));
}
