using GcTool.Cli.Settings;

namespace GcTool.IntegrationTests.Cli;

public class DurationParserTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("12h", 43_200)]
    [InlineData("7d", 604_800)]
    [InlineData("1h30m", 5_400)]
    [InlineData("1d2h3m4s", 93_784)]
    [InlineData("007m", 420)]
    [InlineData("2w", 1_209_600)]
    [InlineData("1w3d", 864_000)]
    public void Accepts(string text, long seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5m")]
    [InlineData("+5m")]
    [InlineData("5x")]
    [InlineData("1y")]
    [InlineData("3d1w")]
    [InlineData("5")]
    [InlineData("1.5h")]
    [InlineData("5 m")]
    [InlineData(" 5m")]
    [InlineData("5M")]
    [InlineData("m")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("99999999999d")]
    [InlineData("99999999999999999999s")]
    [InlineData("106751991167300d")]
    public void Refuses(string? text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90, "1m30s")]
    [InlineData(86_400, "1d")]
    [InlineData(300, "5m")]
    [InlineData(93_784, "1d2h3m4s")]
    [InlineData(1_209_600, "14d")]
    public void Formats_AsTyped(long seconds, string expected) => Assert.Equal(expected, DurationParser.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void FormatThenParse_RoundTrips()
    {
        foreach (var seconds in new long[] { 0, 1, 59, 61, 3_599, 3_601, 86_399, 90_061, 31_536_000 })
        {
            Assert.True(DurationParser.TryParse(DurationParser.Format(TimeSpan.FromSeconds(seconds)), out var back, out _));
            Assert.Equal(seconds, (long)back.TotalSeconds);
        }
    }
}
