namespace GcTool.Cli.Output;

/// <summary>
/// Writes one command's result on stdout in one format: tables and lines for people
/// (<see cref="Human.HumanReportRenderer"/>) or one JSON object (<see cref="Json.JsonReportRenderer"/>).
/// Each implementation is one switch over <see cref="CommandResult"/>.
/// </summary>
internal interface IReportRenderer
{
    void Render(CommandResult result);
}
