
# Exercise ids after `run`, `show` and `forget`, from `steady list --ids`, so your own
# exercises are offered too; a path still completes as a file name. After `check`, which
# takes several, ids, `.toml` files and folders, for each of them.
_steady_with_ids() {
    _steady "$@"
    local cur="$2" prev="$3" sub="" given=0 i w
    [[ "$cur" == -* ]] && return 0
    case "$prev" in --volume|--speed|--length|--tag) return 0 ;; esac
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        if [[ -z "$sub" ]]; then
            case "$w" in
                run|show|forget|check) sub="$w" ;;
                stats|list|new|schema|completions|man|help) return 0 ;;
            esac
        elif [[ "$w" != -* ]]; then
            case "${COMP_WORDS[i-1]}" in --volume|--speed|--length) ;; *) given=1 ;; esac
        fi
    done
    if [[ "$sub" == check ]]; then
        COMPREPLY=( $(compgen -W "$(steady list --ids 2>/dev/null)" -- "$cur")
                    $(compgen -f -X '!*.toml' -- "$cur") $(compgen -d -S / -- "$cur") )
        return 0
    fi
    [[ -n "$sub" && $given -eq 0 ]] || return 0
    COMPREPLY=( $(compgen -W "$(steady list --ids 2>/dev/null)" -- "$cur") )
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _steady_with_ids -o nosort -o bashdefault -o default steady
else
    complete -F _steady_with_ids -o bashdefault -o default steady
fi
