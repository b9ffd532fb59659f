//! The config file: options a person sets once, named after their flags (SPEC §2).
//! A broken file is reported with line and column and then set aside, so a typo in a
//! setting never stands between someone and an exercise.

use std::path::Path;

use serde::Deserialize;

use crate::exercise::{Diagnostic, MAX_FILE_BYTES, diagnostic};
use crate::files::{self, Doing};
use crate::settings::values::{Pace, Volume};

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub mute: Option<bool>,
    pub volume: Option<Volume>,
    pub reduced_motion: Option<bool>,
    pub plain: Option<bool>,
    pub record: Option<bool>,
    pub show_counts: Option<bool>,
    /// The breathing pace to start at, 0.5 to 1 (no flag: ↓ and ↑ change it while playing).
    pub pace: Option<Pace>,
}

/// The keys, for "did you mean" and the docs.
pub const KEYS: &[&str] = &[
    "mute",
    "volume",
    "reduced_motion",
    "plain",
    "record",
    "show_counts",
    "pace",
];

/// A config that could not be used, with its text (when readable) for rendering.
#[derive(Debug)]
pub struct ConfigError {
    pub source: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ConfigError {
    pub fn render(&self, path: &Path, style: diagnostic::Style) -> String {
        let shown = path.to_string_lossy();
        diagnostic::render(&self.diagnostics, &shown, self.source.as_deref(), style)
    }
}

/// Reads the config at `path`; a missing file is the default config.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    // Only a config that is not there means "no settings": a folder steady may not
    // enter, or a file where a folder should be, is a problem to report, since the
    // settings in it (`mute`, `reduced_motion`) matter to the person who wrote them.
    // (`Path::exists` would call all of these "not there".)
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        _ => {}
    }
    let src =
        files::read_bounded(path, MAX_FILE_BYTES, Doing::ReadConfig).map_err(|e| ConfigError {
            source: None,
            diagnostics: vec![Diagnostic::unreadable(&e)],
        })?;
    parse(&src).map_err(|diagnostics| ConfigError {
        source: Some(src),
        diagnostics,
    })
}

/// Parses a config; a value out of range (`volume`, `pace`) is refused by its type, in
/// the same words as the flag's, at the value.
pub fn parse(src: &str) -> Result<Config, Vec<Diagnostic>> {
    toml::from_str(src).map_err(|e| {
        let mut msg = e.message().trim().to_owned();
        let mut d = Diagnostic::error("", e.span());
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default().to_owned();
            msg = format!("unknown setting `{key}`");
            if let Some(m) = crate::exercise::fields::did_you_mean(&key, KEYS.iter().copied()) {
                d.label = Some(format!("did you mean `{m}`?"));
            } else {
                d.help = Some(format!("the settings are {}", KEYS.join(", ")));
            }
        }
        d.message = crate::text::escape(&msg).into_owned();
        vec![d]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_reads_every_setting_named_after_its_flag() {
        let c = parse("mute = true\nvolume = 0.2\nreduced_motion = true\nplain = false\nrecord = false\nshow_counts = false\npace = 0.8\n")
            .expect("valid config");
        assert_eq!(c.mute, Some(true));
        assert_eq!(c.volume.map(Volume::get), Some(0.2));
        assert_eq!(c.show_counts, Some(false));
        assert_eq!(c.pace.map(Pace::tenths), Some(8));
    }

    #[test]
    fn the_readme_config_example_is_a_valid_config() {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("## Settings").expect("a Settings section")..];
        let start = section.find("```toml\n").expect("an example") + 8;
        let end = start + section[start..].find("```").expect("a closed fence");
        let c = parse(&section[start..end]).expect("valid");
        assert!(c.pace.is_some(), "the example shows `pace`");
    }

    #[test]
    fn config_typo_gets_line_and_suggestion() {
        let src = "mute = true\nshow_count = false\n";
        let d = parse(src).expect_err("typo");
        assert_eq!(d[0].line_col(src), Some((2, 1)));
        assert_eq!(d[0].label.as_deref(), Some("did you mean `show_counts`?"));
    }

    #[test]
    fn config_volume_out_of_range_is_an_error_at_the_value() {
        let src = "volume = 3\n";
        let d = parse(src).expect_err("range");
        assert_eq!(d[0].line_col(src), Some((1, 10)));
    }
}
