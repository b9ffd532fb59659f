//! Where steady's files live: `$XDG_CONFIG_HOME/steady/` for the config and the user's
//! exercises (the platform's equivalent elsewhere, through etcetera), with
//! `STEADY_EXERCISES_DIR` overriding the exercise folder.

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

fn config_home() -> Option<PathBuf> {
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.config_dir())
}

/// `$XDG_CONFIG_HOME/steady/config.toml`, when a home can be found.
pub fn config_file() -> Option<PathBuf> {
    config_home().map(|c| c.join("steady").join("config.toml"))
}

/// The user's exercise folder: `STEADY_EXERCISES_DIR`, else `$XDG_CONFIG_HOME/steady/exercises`.
pub fn exercises_dir() -> Option<PathBuf> {
    match std::env::var_os("STEADY_EXERCISES_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => config_home().map(|c| c.join("steady").join("exercises")),
    }
}

/// The folder for the completion counts: `STEADY_DATA_DIR`, else `$XDG_DATA_HOME/steady`.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("STEADY_DATA_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => etcetera::choose_base_strategy()
            .ok()
            .map(|s| s.data_dir().join("steady")),
    }
}

/// `path` with the home folder written `~` (`~/.config/steady/exercises`), for text
/// meant to be shared, which should carry no one's user name.
pub fn from_home(path: &Path) -> String {
    let home = etcetera::home_dir().ok();
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".into(),
        Some(rest) => format!("~{}{}", std::path::MAIN_SEPARATOR, rest.display()),
        None => path.display().to_string(),
    }
}
