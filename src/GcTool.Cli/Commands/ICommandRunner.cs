using System.CommandLine;
using GcTool.Core.Errors;

namespace GcTool.Cli.Commands;

/// <summary>Runs a command's body in a <see cref="CommandSession"/> and turns its result into the process exit code.</summary>
internal interface ICommandRunner
{
    int Run(ParseResult parse, Func<CommandSession, ExitCode> body);
}
