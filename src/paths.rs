//! Where steady's files live, in each platform's usual place (through etcetera):
//!
//! - config and the user's exercises: `$XDG_CONFIG_HOME/steady/` on Linux and macOS
//!   (`~/.config/steady/`), `%APPDATA%\steady\` on Windows;
//! - the completion counts: `$XDG_DATA_HOME/steady/` (`~/.local/share/steady/`), or
//!   `%LOCALAPPDATA%\steady\` on Windows.
//!
//! `STEADY_EXERCISES_DIR` and `STEADY_DATA_DIR` override the two folders.

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

fn config_home() -> Option<PathBuf> {
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.config_dir())
}

/// Where the platform keeps an application's data. On Windows that is `%LOCALAPPDATA%`,
/// which stays on this computer: `%APPDATA%`, where the config goes, may travel with the
/// account to others, and the counts are nobody's business there. It also keeps the
/// counts in a folder of their own, which only then is stamped (see [`crate::store`]).
fn data_home(base: &impl BaseStrategy) -> PathBuf {
    if cfg!(windows) {
        base.cache_dir()
    } else {
        base.data_dir()
    }
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

/// The folder for the completion counts: `STEADY_DATA_DIR`, else `$XDG_DATA_HOME/steady`
/// (`%LOCALAPPDATA%\steady` on Windows).
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("STEADY_DATA_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => etcetera::choose_base_strategy()
            .ok()
            .map(|s| data_home(&s).join("steady")),
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
