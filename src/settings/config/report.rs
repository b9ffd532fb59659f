//! What was wrong with the config and what steady did about it: each problem as a
//! diagnostic with its outcome, rendered rustc-style for stderr, or as one line for the
//! full-screen player.

use std::path::Path;

use super::Config;
use crate::exercise::{Diagnostic, diagnostic};

/// One problem in the config and what steady did about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub diagnostic: Diagnostic,
    /// What was done, in a few words for the screen: "the other settings apply",
    /// "mute is taken as true".
    pub outcome: String,
}

/// What reading the config found: the settings to use, and what was wrong.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Parsed {
    pub config: Config,
    pub problems: Vec<Problem>,
}

/// A config with problems, with its text (when readable) for rendering.
#[derive(Debug, Clone)]
pub struct Report {
    pub source: Option<String>,
    pub problems: Vec<Problem>,
    /// Nothing in the file could be used (it could not be read at all).
    pub unread: bool,
}

/// What [`load`](super::load) gives: the settings, and the problems when there were any.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub report: Option<Report>,
}

impl Report {
    /// The diagnostics, rustc-style, and one closing sentence on what applies.
    pub fn render(&self, path: &Path, style: diagnostic::Style) -> String {
        let shown = path.to_string_lossy();
        let diags: Vec<Diagnostic> = self.problems.iter().map(|p| p.diagnostic.clone()).collect();
        let mut out = diagnostic::render(&diags, &shown, self.source.as_deref(), style);
        out.push_str(if self.unread {
            "steady carries on with the default settings.\n\n"
        } else {
            "The other settings in the file apply.\n\n"
        });
        out
    }

    /// One line for the full-screen player, escaped: the problem and what was done,
    /// e.g. "config.toml line 3: unknown setting `reduce_motion` (the other settings
    /// apply)", or a count and the lines when there are several.
    pub fn notice(&self, path: &Path) -> String {
        let name = path
            .file_name()
            .map_or_else(|| "config.toml".into(), |n| n.to_string_lossy());
        let line = |p: &Problem| {
            self.source
                .as_deref()
                .and_then(|s| p.diagnostic.line_col(s))
                .or(p.diagnostic.position.map(|(l, c)| (l as usize, c as usize)))
                .map(|(l, _)| l)
        };
        let text = match self.problems.as_slice() {
            [] => String::new(),
            [p] => {
                let at = line(p).map_or(String::new(), |l| format!(" line {l}"));
                format!("{name}{at}: {} ({})", p.diagnostic.message, p.outcome)
            }
            many => {
                let mut lines: Vec<usize> = many.iter().filter_map(line).collect();
                lines.dedup();
                let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
                let mut done: Vec<&str> = many
                    .iter()
                    .map(|p| p.outcome.as_str())
                    .filter(|o| *o != OTHERS_APPLY)
                    .collect();
                done.dedup();
                done.push(OTHERS_APPLY);
                format!(
                    "{name} has {} problems, on lines {}: {}",
                    many.len(),
                    lines.join(", "),
                    done.join("; ")
                )
            }
        };
        crate::text::escape(&text).into_owned()
    }
}

pub(super) const OTHERS_APPLY: &str = "the other settings apply";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::config::parse;

    #[test]
    fn the_notice_names_the_line_and_what_applies_escaped() {
        let path = Path::new("/x/config.toml");
        let notice = |src: &str| {
            let p = parse(src);
            Report {
                source: Some(src.to_owned()),
                problems: p.problems,
                unread: false,
            }
            .notice(path)
        };
        assert_eq!(
            notice("mute = true\n\nreduce_motion = true\n"),
            "config.toml line 3: unknown setting `reduce_motion` (reduced_motion is taken as true)"
        );
        assert_eq!(
            notice("mute = \"yes\"\nx = 1\ny = 2\n"),
            "config.toml has 3 problems, on lines 1, 2, 3: mute is taken as true; the other settings apply"
        );
        // Where there are several, the on-screen line names what applies for each: a
        // misspelt `reduced_motion` beside a bad `plain` (it named only `plain`).
        assert_eq!(
            notice("plain = \"yes\"\nreduce_motion = true\n"),
            "config.toml has 2 problems, on lines 1, 2: plain is taken as false, its default; reduced_motion is taken as true; the other settings apply"
        );
        let n = notice("\"\u{1b}[2J\" = 1\n");
        assert!(!n.contains('\u{1b}'), "{n}");
    }
}
