namespace GcTool.TestSupport;

/// <summary>A <c>[console_scripts]</c> entry point: <c>name = module:function</c>.</summary>
public sealed record ConsoleScript(string Name, string Module, string Function)
{
    public static ConsoleScript Parse(string name, string target)
    {
        var parts = target.Split(':', 2);
        if (parts.Length != 2) throw new FormatException($"entry point target '{target}' is not module:function");
        return new ConsoleScript(name, parts[0], parts[1]);
    }

    public override string ToString() => $"{Name} = {Module}:{Function}";
}
