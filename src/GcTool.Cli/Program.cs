namespace GcTool.Cli;

public static class Program
{
    public static int Main(string[] args) => GcToolApp.RunProcess(args);
}
