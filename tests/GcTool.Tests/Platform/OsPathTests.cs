using System.Text;
using GcTool.Core.Platform;

namespace GcTool.Tests.Platform;

public sealed class OsPathTests
{
    public static TheoryData<byte[]> Names => new()
    {
        "plain/ascii"u8.ToArray(),
        "caf\u00e9/\U0001F40D"u8.ToArray(),
        new byte[] { 0x62, 0xff, 0xfe, 0x64 },
        new byte[] { 0xe2, 0x82, 0x41 }, // a truncated three-byte sequence, then 'A'
        new byte[] { 0xed, 0xb2, 0x80 }, // a UTF-8-encoded surrogate: not valid UTF-8
        new byte[] { 0xf0, 0x9f, 0x90 }, // a truncated four-byte sequence at the end
        new byte[] { 0xc3 },
    };

    [Theory, MemberData(nameof(Names))]
    public void Encode_GivesBackTheExactBytes_ThatDecodeWasGiven(byte[] name) =>
        Assert.Equal(name, OsPath.Encode(OsPath.Decode(name)));

    [Fact]
    public void Decode_MapsEachByteThatIsNotUtf8_ToU_DC80PlusTheByte_AsPythonsSurrogateescapeDoes() =>
        Assert.Equal("b\uDCFF\uDCFEd\u00e9", OsPath.Decode([0x62, 0xff, 0xfe, 0x64, 0xc3, 0xa9]));

    [Fact]
    public void Decode_OfValidUtf8_IsTheOrdinaryString() =>
        Assert.Equal("caf\u00e9", OsPath.Decode(Encoding.UTF8.GetBytes("caf\u00e9")));

    [Fact]
    public void HasEscapedBytes_IsFalse_ForAValidSurrogatePair() =>
        Assert.False(OsPath.HasEscapedBytes("\U0001F40D"));

    [Fact]
    public void EncodeZ_EndsWithOneNul() =>
        Assert.Equal(new byte[] { 0x61, 0xff, 0 }, OsPath.EncodeZ(OsPath.Decode([0x61, 0xff])));
}
