//! `steady completions SHELL`: clap_complete's script for the flags and commands, with a
//! hook of steady's own for bash, zsh and fish that offers exercise ids after `run`,
//! `show` and `forget`, asked of `steady list --ids` at each Tab, so exercises in the
//! user's folder are offered too. Options that take a number or a word are marked
//! `ValueHint::Other` in `cli.rs`, so no shell offers file names for them.

use std::process::ExitCode;

use clap_complete::Shell;

use super::{CommandError, Io};

/// After clap's bash script: a completion function that calls clap's, then offers ids.
const BASH_IDS: &str = include_str!("shell/ids.bash");
/// Before the end of clap's zsh script: the functions its positionals are pointed at.
const ZSH_IDS: &str = include_str!("shell/ids.zsh");
/// After clap's fish script: two more `complete` lines.
const FISH_IDS: &str = include_str!("shell/ids.fish");

/// `steady completions SHELL`. clap_complete panics when its writer fails (a full disk, a
/// closed pipe), so the script is made in memory and written here, where a failure is an
/// error like any other.
pub fn completions(io: &mut Io<'_>, shell: Shell) -> Result<ExitCode, CommandError> {
    io.out.write_all(script(shell).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The whole script for `shell`.
pub fn script(shell: Shell) -> String {
    use clap::CommandFactory;
    let mut made = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "steady", &mut made);
    let made = String::from_utf8_lossy(&made).into_owned();
    match shell {
        Shell::Bash => made + BASH_IDS,
        Shell::Fish => made + FISH_IDS,
        Shell::Zsh => zsh(&made),
        _ => made,
    }
}

/// clap's zsh script completes an exercise argument with `_default` (any file name):
/// `run` and `show` are pointed at ids or files, `forget` at ids only. zsh's own
/// functions go before the lines that end the script.
fn zsh(made: &str) -> String {
    let mut out = String::new();
    for line in made.lines() {
        let line = if line.trim_start().starts_with("':exercise -- ") {
            line.replace(":_default'", ":_steady_exercise_or_file'")
        } else if line.trim_start().starts_with("'::exercise -- ") {
            line.replace(":_default'", ":_steady_exercises'")
        } else {
            line.to_owned()
        };
        if line.starts_with("if [ \"$funcstack[1]\" = \"_steady\" ]") {
            out.push_str(ZSH_IDS);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
