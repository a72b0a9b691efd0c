using System.CommandLine;
using GcTool.Cli.Output;

namespace GcTool.Cli.Commands;

/// <summary>Runs a command's body in a <see cref="CommandSession"/>, renders the one result it returns, and turns that into the process exit code.</summary>
internal interface ICommandRunner
{
    int Run(ParseResult parse, Func<CommandSession, CommandResult> body);
}
