//! The config file: options a person sets once, named after their flags (SPEC §2).
//!
//! A problem in the file never costs the settings around it: each bad key is reported
//! with line and column, every valid key still applies, and after a TOML syntax error
//! the file is read again line by line, so only the lines that can't be read are lost.
//! An invalid `reduced_motion`, `mute` or `record` takes the gentle value (true, true,
//! false): one typo never turns on what the person turned off. Other invalid values
//! take their defaults. Every problem says what was done about it.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::exercise::{Diagnostic, MAX_FILE_BYTES, diagnostic};
use crate::files::{self, Doing, Why};
use crate::settings::values::{Pace, Volume};

#[derive(Debug, Default, Clone, PartialEq)]
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

/// One setting: its name in the file (the flag's, with `_` for `-`) and what it takes.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    kind: Kind,
}

/// What a setting takes, and where it goes in [`Config`].
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// True or false, kept in this field; an invalid value takes what [`Invalid`] says.
    Switch(fn(&mut Config) -> &mut Option<bool>, Invalid),
    /// The volume, 0 to 1.
    Volume,
    /// The breathing pace to start at, 0.5 to 1.
    Pace,
}

/// What a true-or-false setting takes when its value can't be read.
#[derive(Debug, Clone, Copy)]
enum Invalid {
    /// The gentle value (sound off, motion off, nothing recorded), so a typo never turns
    /// on what the person turned off; said twice, differently, the gentle word wins.
    Gentle(bool),
    /// Its default.
    Default(bool),
}

/// Every setting, in the order the docs list them: the one list the reader, "did you
/// mean" and the messages take them from.
pub const KEYS: &[Key] = &[
    Key {
        name: "mute",
        kind: Kind::Switch(|c| &mut c.mute, Invalid::Gentle(true)),
    },
    Key {
        name: "volume",
        kind: Kind::Volume,
    },
    Key {
        name: "reduced_motion",
        kind: Kind::Switch(|c| &mut c.reduced_motion, Invalid::Gentle(true)),
    },
    Key {
        name: "plain",
        kind: Kind::Switch(|c| &mut c.plain, Invalid::Default(false)),
    },
    Key {
        name: "record",
        kind: Kind::Switch(|c| &mut c.record, Invalid::Gentle(false)),
    },
    Key {
        name: "show_counts",
        kind: Kind::Switch(|c| &mut c.show_counts, Invalid::Default(true)),
    },
    Key {
        name: "pace",
        kind: Kind::Pace,
    },
];

/// The settings' names.
pub fn names() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|k| k.name)
}

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

/// What [`load`] gives: the settings, and the problems when there were any.
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

const OTHERS_APPLY: &str = "the other settings apply";

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

/// Parses a config: every valid key applies, every problem is reported at its key or
/// value. A value out of range (`volume`, `pace`) is refused in the same words as the
/// flag's. After a syntax error, each line is read on its own.
pub fn parse(src: &str) -> Parsed {
    match DeTable::parse(src) {
        Ok(doc) => {
            let mut r = Reader::default();
            let mut entries: Vec<_> = doc.get_ref().iter().collect();
            entries.sort_by_key(|(k, _)| k.span().start);
            for (k, v) in entries {
                r.setting(k, v, 0);
            }
            r.finish()
        }
        Err(_) => by_lines(src),
    }
}

/// Reads each `key = value` line on its own: what can't be read is reported and left
/// out, the rest applies. A line holding U+FFFD stood for bytes that were not UTF-8.
fn by_lines(src: &str) -> Parsed {
    let mut r = Reader::default();
    let mut start = 0;
    for raw in src.split_inclusive('\n') {
        let at = start;
        start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(bad) = line.find('\u{fffd}') {
            r.problem(
                Diagnostic::error(
                    "this line is not UTF-8 text",
                    Some(at + bad..at + bad + '\u{fffd}'.len_utf8()),
                )
                .help("this line is left out until it is saved as UTF-8"),
                OTHERS_APPLY,
            );
            continue;
        }
        match DeTable::parse(line) {
            Ok(doc) => {
                let mut entries: Vec<_> = doc.get_ref().iter().collect();
                entries.sort_by_key(|(k, _)| k.span().start);
                for (k, v) in entries {
                    r.setting(k, v, at);
                }
            }
            Err(e) => {
                let span = e
                    .span()
                    .map_or(at..at + line.len(), |s| at + s.start..at + s.end);
                let msg = format!("this is not valid TOML: {}", e.message().trim());
                r.problem(
                    Diagnostic::error(msg, Some(span)).help("this line is left out"),
                    OTHERS_APPLY,
                );
            }
        }
    }
    r.finish()
}

#[derive(Default)]
struct Reader {
    config: Config,
    problems: Vec<Problem>,
    /// The keys met so far.
    seen: Vec<&'static str>,
}

impl Reader {
    fn problem(&mut self, diagnostic: Diagnostic, outcome: impl Into<String>) {
        self.problems.push(Problem {
            diagnostic,
            outcome: outcome.into(),
        });
    }

    fn finish(mut self) -> Parsed {
        self.problems
            .sort_by_key(|p| p.diagnostic.span.as_ref().map_or(0, |s| s.start));
        Parsed {
            config: self.config,
            problems: self.problems,
        }
    }

    /// One `key = value`, found `offset` bytes into the file.
    fn setting(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        offset: usize,
    ) {
        let key_span = offset + key.span().start..offset + key.span().end;
        let value_span = offset + value.span().start..offset + value.span().end;
        let Some(def) = KEYS.iter().find(|k| k.name == key.get_ref().as_ref()) else {
            self.unknown(key.get_ref(), key_span);
            return;
        };
        let name = def.name;
        let earlier = self.seen.contains(&name);
        self.seen.push(name);
        match def.kind {
            Kind::Volume => {
                let v = number(value.get_ref()).and_then(|n| Volume::try_from(n).ok());
                let default = Volume::DEFAULT.get().to_string();
                if let Some(v) = self.ranged(name, v, earlier, value_span, Volume::WORDS, &default)
                {
                    self.config.volume = Some(v);
                }
            }
            Kind::Pace => {
                let v = number(value.get_ref()).and_then(|n| Pace::try_from(n).ok());
                if let Some(v) = self.ranged(name, v, earlier, value_span, Pace::WORDS, "1") {
                    self.config.pace = Some(v);
                }
            }
            Kind::Switch(slot, invalid) => {
                let at = (key_span, value_span);
                self.switch(name, slot, invalid, value, earlier, at);
            }
        }
    }

    fn unknown(&mut self, key: &str, span: Range<usize>) {
        let shown = short(key);
        let mut d = Diagnostic::error(format!("unknown setting `{shown}`"), Some(span));
        if let Some(m) = crate::exercise::fields::did_you_mean(key, names()) {
            d.label = Some(format!("did you mean `{m}`?"));
            d.help = Some("this line is left out until it is fixed".into());
        } else {
            d.help = Some(format!(
                "the settings are {}; this line is left out",
                names().collect::<Vec<_>>().join(", ")
            ));
        }
        self.problem(d, OTHERS_APPLY);
    }

    /// `volume` or `pace`: the value to set, if any. Out of range, the setting keeps
    /// what it had (its default, or the valid value of an earlier line).
    fn ranged<T>(
        &mut self,
        name: &str,
        v: Option<T>,
        earlier: bool,
        span: Range<usize>,
        words: &str,
        default: &str,
    ) -> Option<T> {
        match (v, earlier) {
            (None, _) => {
                let taken = format!("{name} is taken as {default}, its default");
                let help = format!("{taken}; {}", OTHERS_APPLY);
                self.problem(Diagnostic::error(words, Some(span)).help(help), taken);
                None
            }
            (Some(_), true) => {
                self.twice(name, span, "the first one applies");
                None
            }
            (Some(v), false) => Some(v),
        }
    }

    /// A true-or-false setting. Invalid or set twice, a gentle switch takes its gentle
    /// value; the others take their default.
    fn switch(
        &mut self,
        name: &'static str,
        slot: fn(&mut Config) -> &mut Option<bool>,
        invalid: Invalid,
        value: &Spanned<DeValue<'_>>,
        earlier: bool,
        (key_span, value_span): (Range<usize>, Range<usize>),
    ) {
        let gentle = match invalid {
            Invalid::Gentle(g) => Some(g),
            Invalid::Default(_) => None,
        };
        let slot = slot(&mut self.config);
        let Some(b) = value.get_ref().as_bool() else {
            let (taken, help) = match invalid {
                Invalid::Gentle(g) => {
                    *slot = Some(g);
                    let t = format!("{name} is taken as {g}");
                    let h = format!("{t}, so a typo never turns on what you turned off");
                    (t, h)
                }
                Invalid::Default(default) => {
                    let t = format!("{name} is taken as {default}, its default");
                    (t.clone(), t)
                }
            };
            let d = Diagnostic::error(
                format!(
                    "`{name}` must be true or false, not a{} {}",
                    if value.get_ref().type_str().starts_with(['a', 'i']) {
                        "n"
                    } else {
                        ""
                    },
                    value.get_ref().type_str()
                ),
                Some(value_span),
            )
            .label("not true or false")
            .help(help);
            self.problem(d, taken);
            return;
        };
        match (earlier, gentle) {
            (false, _) => *slot = Some(b),
            (true, Some(g)) => {
                // Two different words: the gentler one wins.
                if b == g {
                    *slot = Some(g);
                }
                let now = slot.unwrap_or(g);
                self.twice(name, key_span, &format!("{name} is taken as {now}"));
            }
            (true, None) => self.twice(name, key_span, "the first one applies"),
        }
    }

    fn twice(&mut self, name: &str, span: Range<usize>, outcome: &str) {
        self.problem(
            Diagnostic::error(format!("`{name}` is set twice"), Some(span))
                .label("set again here")
                .help(outcome.to_owned()),
            outcome,
        );
    }
}

/// A finite number from an integer or a float.
fn number(v: &DeValue<'_>) -> Option<f64> {
    let n = match v {
        DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    }?;
    n.is_finite().then_some(n)
}

/// A key as quoted in a message: at most 40 characters.
fn short(key: &str) -> String {
    if key.chars().count() <= 40 {
        key.to_owned()
    } else {
        let mut s: String = key.chars().take(39).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems of `src` as (line, column, message, outcome).
    fn problems(src: &str) -> Vec<(usize, usize, String, String)> {
        parse(src)
            .problems
            .into_iter()
            .map(|p| {
                let (l, c) = p.diagnostic.line_col(src).expect("a position");
                (l, c, p.diagnostic.message, p.outcome)
            })
            .collect()
    }

    #[test]
    fn config_reads_every_setting_named_after_its_flag() {
        let p = parse(
            "mute = true\nvolume = 0.2\nreduced_motion = true\nplain = false\nrecord = false\nshow_counts = false\npace = 0.8\n",
        );
        assert_eq!(p.problems, []);
        let c = p.config;
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
        let p = parse(&section[start..end]);
        assert_eq!(p.problems, [], "valid");
        assert!(p.config.pace.is_some(), "the example shows `pace`");
    }

    #[test]
    fn each_setting_sets_its_own_field_and_is_named_in_the_manual_and_readme() {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("## Settings").expect("a Settings section")..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
        let mut configs: Vec<Config> = Vec::new();
        for k in KEYS {
            assert!(crate::paths::CONFIG.manual.contains(k.name), "{}", k.name);
            assert!(section.contains(&format!("`{}`", k.name)), "{}", k.name);
            let value = match k.kind {
                Kind::Switch(..) => "true",
                Kind::Volume | Kind::Pace => "0.5",
            };
            let p = parse(&format!("{} = {value}\n", k.name));
            assert_eq!(p.problems, [], "{}", k.name);
            assert_ne!(p.config, Config::default(), "{}", k.name);
            assert!(!configs.contains(&p.config), "{} shares a field", k.name);
            configs.push(p.config);
        }
    }

    #[test]
    fn config_typo_gets_line_and_suggestion() {
        let src = "mute = true\nshow_count = false\n";
        let p = parse(src);
        let d = &p.problems[0].diagnostic;
        assert_eq!(d.line_col(src), Some((2, 1)));
        assert_eq!(d.label.as_deref(), Some("did you mean `show_counts`?"));
    }

    #[test]
    fn config_volume_out_of_range_is_an_error_at_the_value() {
        let src = "volume = 3\n";
        let d = &parse(src).problems[0].diagnostic;
        assert_eq!(d.line_col(src), Some((1, 10)));
    }

    #[test]
    fn every_bad_key_is_reported_with_line_and_column_and_the_valid_ones_apply() {
        let src =
            "reduce_motion = true\nreduced_motion = true\n  volum = 0.2\nmute = true\nwibble = 1\n";
        let p = parse(src);
        assert_eq!(p.config.reduced_motion, Some(true));
        assert_eq!(p.config.mute, Some(true));
        let found = problems(src);
        assert_eq!(
            found,
            [
                (
                    1,
                    1,
                    "unknown setting `reduce_motion`".into(),
                    OTHERS_APPLY.into()
                ),
                (3, 3, "unknown setting `volum`".into(), OTHERS_APPLY.into()),
                (5, 1, "unknown setting `wibble`".into(), OTHERS_APPLY.into()),
            ]
        );
        let labels: Vec<_> = p
            .problems
            .iter()
            .map(|p| p.diagnostic.label.as_deref())
            .collect();
        assert_eq!(
            labels,
            [
                Some("did you mean `reduced_motion`?"),
                Some("did you mean `volume`?"),
                None
            ]
        );
    }

    #[test]
    fn a_syntax_error_on_one_line_keeps_the_valid_lines() {
        let src = "# mine\nreduced_motion = true\nvolume = 0.2 0.3\n\nmute = true\nrecord = \"no\nshow_counts = false\npace = 0.7\n";
        let p = parse(src);
        let c = &p.config;
        assert_eq!(c.reduced_motion, Some(true));
        assert_eq!(c.mute, Some(true));
        assert_eq!(c.show_counts, Some(false));
        assert_eq!(c.pace.map(Pace::tenths), Some(7));
        assert_eq!(c.volume, None, "the broken line is left out");
        assert_eq!(c.record, None);
        let at: Vec<_> = problems(src).into_iter().map(|(l, c, ..)| (l, c)).collect();
        assert_eq!(at.iter().map(|a| a.0).collect::<Vec<_>>(), [3, 6], "{at:?}");
        assert!(
            p.problems
                .iter()
                .all(|p| p.diagnostic.message.starts_with("this is not valid TOML")),
            "{p:?}"
        );
    }

    #[test]
    fn an_invalid_gentle_switch_takes_the_gentle_value_and_says_so() {
        // (config, reduced_motion, mute, record, outcome)
        type Row = (
            &'static str,
            Option<bool>,
            Option<bool>,
            Option<bool>,
            &'static str,
        );
        let rows: &[Row] = &[
            (
                "mute = \"yes\"",
                None,
                Some(true),
                None,
                "mute is taken as true",
            ),
            (
                "mute = \"no\"",
                None,
                Some(true),
                None,
                "mute is taken as true",
            ),
            (
                "record = 1",
                None,
                None,
                Some(false),
                "record is taken as false",
            ),
            (
                "record = \"true\"",
                None,
                None,
                Some(false),
                "record is taken as false",
            ),
            (
                "reduced_motion = \"false\"",
                Some(true),
                None,
                None,
                "reduced_motion is taken as true",
            ),
            (
                "reduced_motion = 0",
                Some(true),
                None,
                None,
                "reduced_motion is taken as true",
            ),
            // Said twice, differently: the gentler word wins.
            (
                "mute = true\nmute = false",
                None,
                Some(true),
                None,
                "mute is taken as true",
            ),
            (
                "mute = false\nmute = true",
                None,
                Some(true),
                None,
                "mute is taken as true",
            ),
        ];
        for &(src, reduced, mute, record, outcome) in rows {
            let p = parse(src);
            assert_eq!(
                (p.config.reduced_motion, p.config.mute, p.config.record),
                (reduced, mute, record),
                "{src}"
            );
            assert_eq!(p.problems.len(), 1, "{src}: {p:?}");
            assert_eq!(p.problems[0].outcome, outcome, "{src}");
            let help = p.problems[0].diagnostic.help.as_deref().unwrap_or_default();
            assert!(help.starts_with(outcome), "{src}: {help}");
        }
        let src = "mute = \"yes\"\n";
        assert_eq!(
            problems(src),
            [(
                1,
                8,
                "`mute` must be true or false, not a string".into(),
                "mute is taken as true".into()
            )]
        );
    }

    #[test]
    fn other_invalid_values_take_their_defaults_and_say_so() {
        // (config, outcome)
        let rows = [
            ("plain = \"yes\"", "plain is taken as false, its default"),
            (
                "show_counts = 0",
                "show_counts is taken as true, its default",
            ),
            ("volume = \"soft\"", "volume is taken as 0.4, its default"),
            ("pace = 2", "pace is taken as 1, its default"),
        ];
        for (src, outcome) in rows {
            let p = parse(src);
            assert_eq!(p.config, Config::default(), "{src}");
            assert_eq!(p.problems.len(), 1, "{src}");
            assert_eq!(p.problems[0].outcome, outcome, "{src}");
        }
    }

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
            "config.toml line 3: unknown setting `reduce_motion` (the other settings apply)"
        );
        assert_eq!(
            notice("mute = \"yes\"\nx = 1\ny = 2\n"),
            "config.toml has 3 problems, on lines 1, 2, 3: mute is taken as true; the other settings apply"
        );
        let n = notice("\"\u{1b}[2J\" = 1\n");
        assert!(!n.contains('\u{1b}'), "{n}");
    }
}
