//! The config file: options a person sets once, named after their flags (SPEC §2).
//!
//! A problem in the file never costs the settings around it: each bad key is reported
//! with line and column, every valid key still applies, and after a TOML syntax error
//! the file is read again line by line, so only the lines that can't be read are lost.
//! An invalid `reduced_motion`, `mute` or `record` takes the gentle value (true, true,
//! false): one typo never turns on what the person turned off. Other invalid values
//! take their defaults. Every problem says what was done about it.
//!
//! Its parts: `keys` defines each setting, `parse` reads the text into a [`Config`]
//! and its problems, and `report` says what was wrong and what applies; this module
//! reads the file.

mod keys;
mod parse;
mod report;

use std::path::Path;

use crate::exercise::{Diagnostic, MAX_FILE_BYTES};
use crate::files::{self, Doing, Why};
use crate::settings::values::{Pace, Volume};

pub use keys::{KEYS, Key, names};
pub use parse::parse;
pub use report::{Loaded, Parsed, Problem, Report};

use parse::by_lines;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    pub mute: Option<bool>,
    /// Spoken guidance.
    pub voice: Option<bool>,
    pub volume: Option<Volume>,
    pub reduced_motion: Option<bool>,
    pub plain: Option<bool>,
    pub record: Option<bool>,
    pub show_counts: Option<bool>,
    /// The breathing pace to start at, 0.5 to 1 (no flag: ↓ and ↑ change it while playing).
    pub pace: Option<Pace>,
    /// The player's one colour, or none.
    pub accent: Option<crate::player::state::Accent>,
}

/// Reads the config at `path`; a missing file is the default config.
pub fn load(path: &Path) -> Loaded {
    // Only a config that is not there means "no settings": a folder steady may not
    // enter, or a file where a folder should be, is a problem to report, since the
    // settings in it (`mute`, `reduced_motion`) matter to the person who wrote them.
    // (`Path::exists` would call all of these "not there".)
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
        _ => {}
    }
    let unread = |e: &files::ReadError| Loaded {
        config: Config::default(),
        report: Some(Report {
            source: None,
            problems: vec![Problem {
                diagnostic: Diagnostic::unreadable(e),
                outcome: "the default settings apply".into(),
            }],
            unread: true,
        }),
    };
    let (src, parsed) = match files::read_bounded(path, MAX_FILE_BYTES, Doing::ReadConfig) {
        Ok(src) => {
            let parsed = parse(&src);
            (src, parsed)
        }
        // A stray byte that is not UTF-8 costs only its own line.
        Err(e) if matches!(e.why, Why::NotUtf8 { .. }) => {
            match files::read_bounded_bytes(path, MAX_FILE_BYTES, Doing::ReadConfig) {
                Ok(bytes) => {
                    let src = String::from_utf8_lossy(&bytes).into_owned();
                    let parsed = by_lines(&src);
                    (src, parsed)
                }
                Err(e) => return unread(&e),
            }
        }
        Err(e) => return unread(&e),
    };
    let report = (!parsed.problems.is_empty()).then_some(Report {
        source: Some(src),
        problems: parsed.problems,
        unread: false,
    });
    Loaded {
        config: parsed.config,
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_is_not_utf8_costs_only_itself() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, b"mute = true\n# caf\xe9\nreduced_motion = tru\xe9\n")
            .expect("written");
        let loaded = load(&path);
        assert_eq!(loaded.config.mute, Some(true));
        assert_eq!(loaded.config.reduced_motion, None);
        let report = loaded.report.expect("a report");
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        let src = report.source.as_deref().expect("the text");
        assert_eq!(report.problems[0].diagnostic.line_col(src), Some((3, 21)));
    }
}
