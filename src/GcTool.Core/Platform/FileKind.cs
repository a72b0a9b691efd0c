namespace GcTool.Core.Platform;

public enum FileKind
{
    Other = 0,
    File = 1,
    Directory = 2,
    Symlink = 3,
}
