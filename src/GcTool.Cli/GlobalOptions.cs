using System.CommandLine;
using GcTool.Cli.Output;
using GcTool.Core.Errors;

namespace GcTool.Cli;

/// <summary>The options every command takes, before or after the command name.</summary>
internal sealed record GlobalSettings(
    string? CacheDir,
    string? Database,
    bool Json,
    Verbosity Verbosity,
    string? HostId = null,
    ColorMode Color = ColorMode.Auto,
    bool NoProgress = false);

internal sealed class GlobalOptions
{
    // Recursive: `gctool --json status` and `gctool status --json` mean the same.
    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "The uv cache [default: $UV_CACHE_DIR, else $XDG_CACHE_HOME/uv, else ~/.cache/uv]",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<string?> Database { get; } = new("--db")
    {
        Description = "gctool's database: an SQLite file outside the cache, or postgresql://USER@HOST:PORT/DB for a cache shared by several hosts [default: $GCTOOL_DB, else one file per cache in $XDG_STATE_HOME/gctool or ~/.local/state/gctool]",
        HelpName = "PATH|URL",
        Recursive = true,
    };

    public Option<string?> HostId { get; } = new("--host-id")
    {
        Description = "This host's name in a database shared by several hosts [default: $GCTOOL_HOST_ID, else /etc/machine-id, else the host name]",
        HelpName = "ID",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON object on stdout instead of tables (fields in README.md)",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print debug messages, and stack traces with errors, on stderr",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only warnings and errors on stderr (the report still goes to stdout)",
        Recursive = true,
    };

    public Option<ColorMode> Color { get; } = new("--color")
    {
        Description = "Colour on stdout: auto (on a terminal, unless NO_COLOR is set), always, or never [default: auto]",
        HelpName = "auto|always|never",
        Recursive = true,
        DefaultValueFactory = _ => ColorMode.Auto,
        CustomParser = ColorModes.Parse,
    };

    public Option<bool> NoProgress { get; } = new("--no-progress")
    {
        Description = "Never draw progress bars (they are drawn only when stderr is a terminal)",
        Recursive = true,
    };

    public IEnumerable<Option> All => [CacheDir, Database, HostId, Json, Verbose, Quiet, Color, NoProgress];

    public GlobalSettings Read(ParseResult parse)
    {
        var verbose = parse.GetValue(Verbose);
        var quiet = parse.GetValue(Quiet);
        if (verbose && quiet) throw new UsageException("--verbose and --quiet contradict each other; pass one of them");
        return new GlobalSettings(
            parse.GetValue(CacheDir),
            parse.GetValue(Database),
            parse.GetValue(Json),
            verbose ? Verbosity.Verbose : quiet ? Verbosity.Quiet : Verbosity.Normal,
            parse.GetValue(HostId),
            parse.GetValue(Color),
            parse.GetValue(NoProgress));
    }

    /// <summary>Best effort, for reporting a parse error in the requested form: never throws.</summary>
    public (bool Json, bool Verbose) Peek(ParseResult parse)
    {
        try
        {
            return (parse.GetValue(Json), parse.GetValue(Verbose));
        }
        catch (Exception)
        {
            return (false, false);
        }
    }
}
