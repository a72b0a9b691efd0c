using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Cli.Output;

/// <summary><c>roots list</c>: the registered roots.</summary>
internal sealed record RootsReport(IReadOnlyList<RegisteredRoot> Roots) : CommandResult;

/// <summary>What <c>roots add|remove</c> did.</summary>
/// <param name="Changed">False when the root was already registered (add) or was not registered (remove).</param>
internal sealed record RootChangeReport(RootChangeAction Action, RootPath Root, bool Changed) : CommandResult;

internal enum RootChangeAction
{
    Add,
    Remove,
}
