using GcTool.Core.Reporting;

namespace GcTool.Cli.Output;

/// <summary>What <c>gctool report</c> did: the file it wrote, its size, and the numbers in it.</summary>
internal sealed record ReportWritten(string Path, long FileBytes, CacheReport Report) : CommandResult;
