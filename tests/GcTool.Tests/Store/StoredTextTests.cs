using GcTool.Core.Store;

namespace GcTool.Tests.Store;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData("/home/u/projects/.venv")]
    [InlineData("/p/caf\uDCE9/m\uDCFF.py")]
    [InlineData("/p/\uFFFF/\uFFFF\u00e9")]
    [InlineData("/p/\U0001F40D\uDC80")]
    public void Decode_GivesBackWhatWasEncoded(string text) =>
        Assert.Equal(text, StoredText.Decode(StoredText.Encode(text)));

    [Fact]
    public void Encode_LeavesTextWithoutEscapedBytesUnchanged_SoPathsStoredBeforeReadTheSame() =>
        Assert.Same("/home/u/caf\u00e9", StoredText.Encode("/home/u/caf\u00e9"));

    [Fact]
    public void Encode_GivesValidUnicode_ForAnEscapedByte() =>
        Assert.Equal("/p/\uFFFF\u00ff", StoredText.Encode("/p/\uDCFF"));

    [Fact]
    public void Encode_KeepsAnEscapedByteApart_FromTheCharacterOfTheSameNumber() =>
        Assert.NotEqual(StoredText.Encode("/p/\uDCE9"), StoredText.Encode("/p/\u00e9"));

    [Fact]
    public void Encode_KeepsTheStoredRootAPrefixOfTheStoredPathsBelowIt() =>
        Assert.StartsWith(StoredText.Encode("/r\uDCE9") + "/", StoredText.Encode("/r\uDCE9/v\uDCFF"), StringComparison.Ordinal);
}
