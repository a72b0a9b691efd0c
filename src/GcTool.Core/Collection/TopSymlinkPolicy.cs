namespace GcTool.Core.Collection;

/// <summary>What <see cref="HandleTreeDeleter"/> does when the path it is given is itself a symlink.</summary>
public enum TopSymlinkPolicy
{
    /// <summary>Unlink the link; its target is never touched.</summary>
    UnlinkLink = 0,

    /// <summary>Touch nothing and report a failure (for callers that only ever expect a real directory).</summary>
    Refuse = 1,
}
