//! Shared helpers for the command-line tests: every run gets a private home, so no test
//! can read or write the real one.
#![allow(dead_code)]

use std::path::Path;

pub mod tui;

/// `program` with HOME, every XDG variable, Windows' USERPROFILE, APPDATA and
/// LOCALAPPDATA, and every `STEADY_*` variable pointed inside `home`, and nothing else of
/// the caller's environment but PATH (and, on Windows, SYSTEMROOT, without which some
/// of the system does not work).
pub fn isolated(program: impl AsRef<std::ffi::OsStr>, home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("USERPROFILE", home)
        .env("APPDATA", home.join("config"))
        .env("LOCALAPPDATA", home.join("data"))
        .env("STEADY_EXERCISES_DIR", home.join("exercises"))
        .env("STEADY_DATA_DIR", home.join("data").join("steady"))
        .current_dir(home);
    if let Some(root) = std::env::var_os("SYSTEMROOT") {
        cmd.env("SYSTEMROOT", root);
    }
    cmd
}

/// `steady` in an [`isolated`] environment, with no colour and an explicit dumb terminal.
pub fn steady(home: &Path) -> assert_cmd::Command {
    let mut cmd = isolated(env!("CARGO_BIN_EXE_steady"), home);
    cmd.env("NO_COLOR", "1").env("TERM", "dumb");
    assert_cmd::Command::from_std(cmd)
}

/// Runs `cmd`: its exit code (-1 for a signal), stdout and stderr as text.
pub fn out(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let o = cmd.output().expect("run steady");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// True when `s` could not move the cursor, change colours or reorder text: no control
/// character but newline, and no bidirectional override.
pub fn terminal_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// The errors (not the warnings) that checking exercise text `src` gives.
pub fn parse_errors(src: &str) -> Vec<steady::exercise::Diagnostic> {
    steady::exercise::load::parse(src)
        .diagnostics
        .into_iter()
        .filter(steady::exercise::Diagnostic::is_error)
        .collect()
}
