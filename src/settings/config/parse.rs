//! Reading the config's text: every valid key applies, every problem is reported at its
//! key or value with what was done about it, and after a TOML syntax error each line is
//! read on its own.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Config;
use super::keys::{Invalid, KEYS, Kind, names};
use super::report::{OTHERS_APPLY, Parsed, Problem};
use crate::exercise::Diagnostic;
use crate::player::state::Accent;
use crate::settings::values::{Pace, Volume};

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
pub(super) fn by_lines(src: &str) -> Parsed {
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
            self.unknown(key.get_ref(), key_span, value.get_ref());
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
            Kind::Accent => {
                let v = value.get_ref().as_str().and_then(Accent::named);
                if let Some(v) = self.ranged(name, v, earlier, value_span, Accent::WORDS, "cyan") {
                    self.config.accent = Some(v);
                }
            }
            Kind::Switch(slot, invalid) => {
                let at = (key_span, value_span);
                self.switch(name, slot, invalid, value, earlier, at);
            }
        }
    }

    fn unknown(&mut self, key: &str, span: Range<usize>, value: &DeValue<'_>) {
        let shown = short(key);
        let mut d = Diagnostic::error(format!("unknown setting `{shown}`"), Some(span));
        let Some(m) = crate::exercise::fields::did_you_mean(key, names()) else {
            d.help = Some(format!(
                "the settings are {}; this line is left out",
                names().collect::<Vec<_>>().join(", ")
            ));
            self.problem(d, OTHERS_APPLY);
            return;
        };
        d.label = Some(format!("did you mean `{m}`?"));
        // A misspelt switch asking for its gentle value (motion off, sound off, nothing
        // recorded) gets it: a typo never leaves on what the person meant to turn off.
        let gentle = KEYS
            .iter()
            .find(|k| k.name == m)
            .and_then(|k| match k.kind {
                Kind::Switch(slot, Invalid::Gentle(g)) if value.as_bool() == Some(g) => {
                    Some((slot, g))
                }
                _ => None,
            });
        match gentle {
            Some((slot, g)) => {
                *slot(&mut self.config) = Some(g);
                d.help = Some(format!(
                    "read as `{m} = {g}`, the gentler choice, until it is fixed"
                ));
                self.problem(d, format!("{m} is taken as {g}"));
            }
            None => {
                d.help = Some("this line is left out until it is fixed".into());
                self.problem(d, OTHERS_APPLY);
            }
        }
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
        let readme = include_str!("../../../README.md");
        let section = &readme[readme.find("## Settings").expect("a Settings section")..];
        let start = section.find("```toml\n").expect("an example") + 8;
        let end = start + section[start..].find("```").expect("a closed fence");
        let p = parse(&section[start..end]);
        assert_eq!(p.problems, [], "valid");
        assert!(p.config.pace.is_some(), "the example shows `pace`");
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
                    "reduced_motion is taken as true".into()
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
    fn accent_takes_a_colour_name_or_none_and_says_which_at_the_value() {
        for (src, accent) in [
            ("accent = \"magenta\"", Accent::Magenta),
            ("accent = \"Blue\"", Accent::Blue),
            ("accent = \"none\"", Accent::None),
        ] {
            let p = parse(src);
            assert_eq!(p.problems, [], "{src}");
            assert_eq!(p.config.accent, Some(accent), "{src}");
        }
        assert_eq!(
            problems("accent = \"purple\"\nmute = true\n"),
            [(
                1,
                10,
                Accent::WORDS.into(),
                "accent is taken as cyan, its default".into()
            )]
        );
        // The gentle default applies; the other settings still do.
        let p = parse("accent = \"purple\"\nmute = true\n");
        assert_eq!((p.config.accent, p.config.mute), (None, Some(true)));
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
            (
                "accent = \"purple\"",
                "accent is taken as cyan, its default",
            ),
            ("accent = 3", "accent is taken as cyan, its default"),
        ];
        for (src, outcome) in rows {
            let p = parse(src);
            assert_eq!(p.config, Config::default(), "{src}");
            assert_eq!(p.problems.len(), 1, "{src}");
            assert_eq!(p.problems[0].outcome, outcome, "{src}");
        }
    }

    /// A misspelt switch asking for its gentle value gets it, and says so; one asking
    /// for the other value, or a setting with no gentle side, is left out.
    #[test]
    fn a_misspelt_switch_asking_for_the_gentle_value_gets_it() {
        let p = parse("reduce_motion = true\nmut = true\n");
        assert_eq!(p.config.reduced_motion, Some(true));
        assert_eq!(p.config.mute, Some(true));
        let outcomes: Vec<&str> = p.problems.iter().map(|p| p.outcome.as_str()).collect();
        assert_eq!(
            outcomes,
            ["reduced_motion is taken as true", "mute is taken as true"]
        );
        assert_eq!(parse("reduce_motion = false\n").config.reduced_motion, None);
        assert_eq!(
            parse("voic = true\n").config.voice,
            None,
            "voice has no gentle side"
        );
        assert_eq!(parse("recrd = false\n").config.record, Some(false));
    }
}
