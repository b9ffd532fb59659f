
# Exercise ids after `run`, `show` and `forget`, from `steady list --ids`, so your own
# exercises are offered too; after `run` and `show` a path completes as well.
complete -c steady -n "__fish_steady_using_subcommand run; or __fish_steady_using_subcommand show" -a "(steady list --ids 2>/dev/null)" -d exercise
complete -c steady -n "__fish_steady_using_subcommand forget" -f -a "(steady list --ids 2>/dev/null)" -d exercise
