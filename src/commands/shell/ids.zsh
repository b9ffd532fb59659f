# Exercise ids after `run`, `show` and `forget`, from `steady list --ids`, so your own
# exercises are offered too; after `run` and `show` a path completes as well.
(( $+functions[_steady_exercises] )) ||
_steady_exercises() {
    local -a ids
    ids=(${(f)"$(_call_program exercises steady list --ids 2>/dev/null)"})
    _wanted exercises expl 'exercise' compadd -a ids
}
(( $+functions[_steady_exercise_or_file] )) ||
_steady_exercise_or_file() {
    _alternative 'exercises:exercise:_steady_exercises' 'files:exercise file:_files'
}

