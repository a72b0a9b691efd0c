namespace GcTool.Core.Platform;

/// <summary>Who this process acts as: decides whether every user's tool directory is a root, and who must own gctool's pins directory.</summary>
public static class ProcessIdentity
{
    public static uint EffectiveUid => OperatingSystem.IsLinux() ? DirectoryHandles.GetEuid() : uint.MaxValue;

    public static bool IsRoot => EffectiveUid == 0;
}
