using System.CommandLine;

namespace GcTool.Cli.Commands;

/// <summary>
/// <c>gctool completion bash|zsh</c>: prints a script that asks gctool itself what may come next,
/// through System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match
/// the installed version's commands and options. Where gctool suggests nothing (a ROOT, a FILE),
/// the shell falls back to completing file names.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(TextWriter stdout)
    {
        var shell = new Argument<string>("SHELL")
        {
            Description = "bash or zsh",
        };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", Describe.Command(
            "Print a shell completion script for commands and options. Load it from your shell's startup file, or install it once for every user.",
            "source <(gctool completion bash)",
            "gctool completion zsh > \"${fpath[1]}/_gctool\""))
        {
            shell,
        };
        command.SetAction(parse =>
        {
            stdout.Write(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return 0;
        });
        return command;
    }

    // COMP_LINE up to COMP_POINT is what the user typed before the cursor; gctool strips its own name.
    private const string Bash = """
        # bash completion for gctool: `source <(gctool completion bash)` in ~/.bashrc,
        # or save as /usr/share/bash-completion/completions/gctool.
        _gctool_complete() {
            local IFS=$'\n'
            local suggestions
            suggestions=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${suggestions}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -o bashdefault -F _gctool_complete gctool

        """;

    // In a completion widget BUFFER and CURSOR are the whole line and the cursor; compadd filters by prefix.
    private const string Zsh = """
        #compdef gctool
        # zsh completion for gctool: save as _gctool in a directory on $fpath,
        # or `source <(gctool completion zsh)` after compinit in ~/.zshrc.
        _gctool() {
            local -a suggestions
            suggestions=("${(@f)$(${words[1]} "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            suggestions=(${suggestions:#})
            if (( ${#suggestions} )); then
                compadd -- "${suggestions[@]}"
            else
                _files
            fi
        }
        if [[ "${funcstack[1]}" = "_gctool" ]]; then
            _gctool "$@"
        else
            compdef _gctool gctool
        fi

        """;
}
