using System.Text;
using GcTool.Cli.Settings;

namespace GcTool.IntegrationTests.Cli;

public sealed class RawArgumentsTests
{
    private static byte[] CommandLine(params byte[][] arguments) => [.. arguments.SelectMany(a => a.Append((byte)0))];

    [Fact]
    public void Recover_TakesTheExactBytes_OfAnArgumentDotNetDecodedWithReplacementCharacters()
    {
        byte[] raw = [0x2f, 0x72, 0xe9];
        var args = new[] { "roots", "add", Encoding.UTF8.GetString(raw) };
        var cmdline = CommandLine("dotnet"u8.ToArray(), "gctool.dll"u8.ToArray(), "roots"u8.ToArray(), "add"u8.ToArray(), raw);

        var recovered = RawArguments.Recover(args, () => cmdline);

        Assert.Equal(["roots", "add", "/r\uDCE9"], recovered);
    }

    [Fact]
    public void Recover_KeepsTheArguments_WhenTheCommandLineDoesNotMatchThem()
    {
        var args = new[] { "audit", "env", "/x\uFFFD" };
        var cmdline = CommandLine("gctool"u8.ToArray(), "audit"u8.ToArray(), "entry"u8.ToArray(), [0x2f, 0x78, 0xff]);

        Assert.Same(args, RawArguments.Recover(args, () => cmdline));
    }

    [Fact]
    public void Recover_DoesNotReadTheCommandLine_WhenNoArgumentLostAByte()
    {
        var args = new[] { "scan", "/home/u" };

        Assert.Same(args, RawArguments.Recover(args, () => throw new InvalidOperationException("not read")));
    }
}
