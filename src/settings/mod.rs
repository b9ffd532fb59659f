//! The settings a run uses, resolved once, ripgrep-style: the command line
//! ([`crate::cli::PlayArgs`], validation only), the config file ([`Config`]) and a few
//! facts about the environment ([`Env`], read once in `main`) go into one pure function,
//! [`Settings::resolve`], and nothing after it reads a flag, a config key or a variable.
//!
//! Precedence (SPEC §2): a flag wins over the config file, and of two flags the last one
//! wins (`steady --speed 2 run x --speed 1` plays at speed 1). The environment only ever
//! makes things gentler: `TERM=dumb` or an output that is not a terminal means plain
//! mode, and `NO_COLOR` (or `--color never`) means no colour.
//!
//! The values with a range ([`Volume`], [`Pace`]) are types, each validated in one place
//! with one sentence, whether it came from a flag or from the config file.

use std::ffi::OsString;
use std::io::IsTerminal;

use crate::cli::{ColorWhen, PlayArgs};
pub mod config;
pub mod values;

pub use values::{Pace, Volume};

use crate::exercise::diagnostic::Style;
use config::Config;

/// Facts about the environment, read once at start (the only place steady reads `TERM`
/// or asks whether a stream is a terminal or may have colour, for settings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// `TERM`, if set.
    pub term: Option<OsString>,
    /// Colour on stdout (the player), and on stderr (diagnostics): `--color`, else what
    /// `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, `TERM` and the stream say, decided as
    /// clap decides for its own help (anstream), so the binary makes one decision.
    pub stdout_color: bool,
    pub stderr_color: bool,
    pub stdout_terminal: bool,
    pub stdin_terminal: bool,
    pub stderr_terminal: bool,
    /// The width of the terminal stdout is, in columns; `None` when it is not one.
    pub stdout_columns: Option<usize>,
}

impl Env {
    /// Reads the variables and asks the three standard streams. `color` is `--color`:
    /// it becomes the one choice clap and every stream of steady's follow.
    pub fn read(color: ColorWhen) -> Self {
        use anstream::{AutoStream, ColorChoice};
        ColorChoice::write_global(match color {
            ColorWhen::Auto => ColorChoice::Auto,
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
        });
        let stdout_terminal = std::io::stdout().is_terminal();
        Self {
            term: std::env::var_os("TERM"),
            stdout_color: AutoStream::choice(&std::io::stdout()) != ColorChoice::Never,
            stderr_color: AutoStream::choice(&std::io::stderr()) != ColorChoice::Never,
            stdout_terminal,
            stdout_columns: stdout_terminal.then(columns).flatten(),
            stdin_terminal: std::io::stdin().is_terminal(),
            stderr_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// A person at a terminal with no colour preference: what tests start from.
    pub fn terminal() -> Self {
        Self {
            term: Some("xterm-256color".into()),
            stdout_color: true,
            stderr_color: true,
            stdout_terminal: true,
            stdin_terminal: true,
            stderr_terminal: true,
            stdout_columns: Some(80),
        }
    }

    /// `TERM=dumb`: a terminal that can't draw a screen.
    pub fn dumb_terminal(&self) -> bool {
        self.term.as_ref().is_some_and(|t| t == "dumb")
    }

    /// How diagnostics on stderr are drawn.
    pub fn stderr_style(&self) -> Style {
        Style {
            color: self.stderr_color,
        }
    }
}

/// The terminal's width: `COLUMNS` when it holds a number (as `ls` and git take it), else
/// what the terminal says.
fn columns() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c| c > 0)
        .or_else(|| {
            crossterm::terminal::size()
                .ok()
                .map(|(w, _)| usize::from(w))
        })
}

/// Everything a practice (and `list`/`stats`) needs to know about how to run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Line by line (`--plain`, `plain = true`, `TERM=dumb`, or no terminal to draw on).
    pub plain: bool,
    pub reduced_motion: bool,
    /// Colour in the player; off with `NO_COLOR` or `--color never`.
    pub color: bool,
    /// The player's one colour (`accent`).
    pub accent: crate::player::state::Accent,
    /// Count a completion (`--no-record`, `record = false` and a `--speed` other than 1
    /// turn it off).
    pub record: bool,
    pub show_counts: bool,
    /// How many times faster than written (`--speed`); 1 in practice.
    pub speed: f64,
    pub mute: bool,
    /// Spoken guidance (`--voice`, `voice = true`).
    pub voice: bool,
    pub volume: Volume,
    /// The breathing pace to start at (`pace`).
    pub pace: Pace,
    /// Stdin is a terminal: plain mode shows its commands and waits for Enter.
    pub interactive: bool,
    /// The whole practice this many times as long (`--length`); 1 as written.
    pub length: f64,
}

impl Settings {
    /// The settings of a run: `args` (the flags, outer and `run`'s already merged by
    /// [`PlayArgs::or`]) over `config`, and then what `env` rules out.
    pub fn resolve(args: &PlayArgs, config: &Config, env: &Env) -> Self {
        // The flag's word when it says one (the last of a pair), else the config's,
        // else the default.
        let switch =
            |flag: Option<bool>, key: Option<bool>, default: bool| flag.or(key).unwrap_or(default);
        let speed = args.speed.unwrap_or(1.0);
        Self {
            plain: switch(args.plain(), config.plain, false)
                || env.dumb_terminal()
                || !env.stdout_terminal,
            reduced_motion: switch(args.reduced_motion(), config.reduced_motion, false),
            color: env.stdout_color,
            accent: config.accent.unwrap_or_default(),
            record: switch(args.record(), config.record, true) && speed == 1.0,
            show_counts: switch(args.show_counts(), config.show_counts, true),
            speed,
            mute: switch(args.mute(), config.mute, false),
            voice: switch(args.voice(), config.voice, false),
            volume: args.volume.or(config.volume).unwrap_or(Volume::DEFAULT),
            pace: config.pace.unwrap_or(Pace::AUTHORED),
            interactive: env.stdin_terminal,
            length: args.length.unwrap_or(1.0),
        }
    }

    /// The settings of a plain `steady run NAME` at a terminal, with no config file.
    pub fn defaults() -> Self {
        Self::resolve(&PlayArgs::default(), &Config::default(), &Env::terminal())
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use clap::Parser;

    use super::*;
    use crate::cli::Cli;
    use crate::session::Session;
    use crate::timeline::Timeline;

    /// The settings for this command line and config file, at a terminal.
    fn resolve(args: &[&str], config: &str) -> Settings {
        resolve_in(args, config, &Env::terminal())
    }

    fn resolve_in(args: &[&str], config: &str, env: &Env) -> Settings {
        let cli = Cli::try_parse_from(std::iter::once("steady").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        let parsed = crate::settings::config::parse(config);
        assert_eq!(parsed.problems, [], "{config:?}");
        Settings::resolve(&cli.play_args(), &parsed.config, env)
    }

    #[test]
    fn nothing_given_is_the_defaults() {
        let s = resolve(&["run", "x"], "");
        assert_eq!(s, Settings::defaults());
        assert!(!s.plain && !s.mute && !s.reduced_motion && s.color && s.record);
        assert!(s.show_counts && s.interactive);
        assert_eq!(
            (s.speed, s.volume, s.pace),
            (1.0, Volume::DEFAULT, Pace::AUTHORED)
        );
    }

    #[test]
    fn a_flag_wins_over_the_config_file() {
        // (flags, config, what the setting comes out as)
        type Row = (&'static [&'static str], &'static str, fn(&Settings) -> bool);
        let rows: &[Row] = &[
            (&["--mute"], "mute = false", |s| s.mute),
            (&[], "mute = true", |s| s.mute),
            (&[], "mute = false", |s| !s.mute),
            (&["--plain"], "plain = false", |s| s.plain),
            (&[], "plain = true", |s| s.plain),
            (&["--reduced-motion"], "reduced_motion = false", |s| {
                s.reduced_motion
            }),
            (&[], "reduced_motion = true", |s| s.reduced_motion),
            (&["--no-record"], "record = true", |s| !s.record),
            (&[], "record = false", |s| !s.record),
            (&["--volume", "0.1"], "volume = 0.9", |s| {
                s.volume.get() == 0.1
            }),
            (&[], "volume = 0.9", |s| s.volume.get() == 0.9),
            (&[], "show_counts = false", |s| !s.show_counts),
            (&[], "pace = 0.7", |s| s.pace.tenths() == 7),
            // Each switch the file sets can be undone for one practice.
            (&["--no-mute"], "mute = true", |s| !s.mute),
            (&["--no-voice"], "voice = true", |s| !s.voice),
            (&["--no-plain"], "plain = true", |s| !s.plain),
            (&["--no-reduced-motion"], "reduced_motion = true", |s| {
                !s.reduced_motion
            }),
            (&["--record"], "record = false", |s| s.record),
            (&["--show-counts"], "show_counts = false", |s| s.show_counts),
            (&["--no-show-counts"], "show_counts = true", |s| {
                !s.show_counts
            }),
            // Of two opposite flags, the last wins.
            (&["--no-mute", "--mute"], "", |s| s.mute),
            (&["--mute", "--no-mute"], "mute = true", |s| !s.mute),
            (&["--record", "--no-record"], "", |s| !s.record),
        ];
        for (flags, config, holds) in rows {
            let s = resolve(&[&["run", "x"], *flags].concat(), config);
            assert!(holds(&s), "{flags:?} with `{config}`: {s:?}");
        }
    }

    #[test]
    fn the_last_flag_wins_before_and_after_the_command() {
        // (command line, speed, muted, plain, volume)
        let rows: &[(&[&str], f64, bool, bool, f32)] = &[
            (
                &["--speed", "2", "run", "x", "--speed", "1"],
                1.0,
                false,
                false,
                0.4,
            ),
            (
                &["--speed", "1", "run", "x", "--speed", "2"],
                2.0,
                false,
                false,
                0.4,
            ),
            (&["--speed", "2", "run", "x"], 2.0, false, false, 0.4),
            (
                &["--speed", "3", "--speed", "2", "run", "x"],
                2.0,
                false,
                false,
                0.4,
            ),
            (
                &["run", "x", "--speed", "3", "--speed", "1"],
                1.0,
                false,
                false,
                0.4,
            ),
            (
                &["--volume", "0.9", "run", "x", "--volume", "0"],
                1.0,
                false,
                false,
                0.0,
            ),
            (&["--volume", "0.9", "run", "x"], 1.0, false, false, 0.9),
            (
                &["run", "x", "--volume", "1", "--volume", "0.2"],
                1.0,
                false,
                false,
                0.2,
            ),
            (&["--mute", "run", "x"], 1.0, true, false, 0.4),
            (&["run", "x", "--mute"], 1.0, true, false, 0.4),
            (
                &["--mute", "run", "x", "--mute", "--mute"],
                1.0,
                true,
                false,
                0.4,
            ),
            (&["--plain", "run", "x"], 1.0, false, true, 0.4),
            (&["run", "x", "--plain", "--plain"], 1.0, false, true, 0.4),
            (&["--plain", "--mute"], 1.0, true, true, 0.4),
            // Opposites before and after the command: the later wins.
            (&["--mute", "run", "x", "--no-mute"], 1.0, false, false, 0.4),
            (&["--no-mute", "run", "x", "--mute"], 1.0, true, false, 0.4),
            (
                &["--no-plain", "run", "x", "--plain"],
                1.0,
                false,
                true,
                0.4,
            ),
            (
                &["--plain", "run", "x", "--no-plain"],
                1.0,
                false,
                false,
                0.4,
            ),
            (&["--no-mute", "run", "x", "--plain"], 1.0, false, true, 0.4),
        ];
        for &(args, speed, mute, plain, volume) in rows {
            let s = resolve(args, "");
            assert_eq!(
                (s.speed, s.mute, s.plain, s.volume.get()),
                (speed, mute, plain, volume),
                "{args:?}"
            );
        }
    }

    #[test]
    fn only_a_speed_other_than_one_turns_recording_off() {
        // (speed flags, recorded)
        let rows: &[(&[&str], bool)] = &[
            (&[], true),
            (&["--speed", "1"], true),
            (&["--speed", "1.0"], true),
            (&["--speed", "2"], false),
            (&["--speed", "0.5"], false),
        ];
        for &(flags, record) in rows {
            let s = resolve(&[&["run", "x"], flags].concat(), "");
            assert_eq!(s.record, record, "{flags:?}");
        }
        assert!(!resolve(&["run", "x", "--speed", "1"], "record = false").record);
    }

    #[test]
    fn the_environment_turns_on_plain_mode_and_off_colour() {
        let env = |f: fn(&mut Env)| {
            let mut e = Env::terminal();
            f(&mut e);
            e
        };
        // (environment, plain, colour, interactive)
        let rows: &[(Env, bool, bool, bool)] = &[
            (Env::terminal(), false, true, true),
            (env(|e| e.term = Some("dumb".into())), true, true, true),
            (env(|e| e.term = Some("dumber".into())), false, true, true),
            (env(|e| e.term = None), false, true, true),
            (env(|e| e.stdout_terminal = false), true, true, true),
            (env(|e| e.stdin_terminal = false), false, true, false),
            (env(|e| e.stdout_color = false), false, false, true),
        ];
        for (e, plain, color, interactive) in rows {
            let s = resolve_in(&["run", "x"], "plain = false", e);
            assert_eq!(
                (s.plain, s.color, s.interactive),
                (*plain, *color, *interactive),
                "{e:?}"
            );
        }
    }

    #[test]
    fn the_colour_of_diagnostics_is_the_colour_of_stderr() {
        let mut e = Env::terminal();
        assert!(e.stderr_style().color);
        e.stderr_color = false;
        assert!(!e.stderr_style().color);
    }

    /// The last `--color` before a `--` is the one clap's own help follows.
    #[test]
    fn the_color_flag_is_found_before_clap_parses() {
        let found = |args: &[&str]| {
            ColorWhen::from_args(
                std::iter::once("steady")
                    .chain(args.iter().copied())
                    .map(OsString::from),
            )
        };
        assert_eq!(found(&[]), None);
        assert_eq!(
            found(&["--color", "never", "--help"]),
            Some(ColorWhen::Never)
        );
        assert_eq!(
            found(&["run", "x", "--color=always"]),
            Some(ColorWhen::Always)
        );
        assert_eq!(
            found(&["--color=never", "check", "--color", "auto"]),
            Some(ColorWhen::Auto)
        );
        assert_eq!(
            found(&["--color=never", "--color=purple"]),
            Some(ColorWhen::Never)
        );
        assert_eq!(found(&["check", "--", "--color=always"]), None);
    }

    #[test]
    fn a_volume_out_of_range_is_refused_in_the_same_words_from_flag_and_config() {
        for bad in ["3", "-0.1", "1.01", "nan", "inf", "loud"] {
            let e = Cli::try_parse_from(["steady", "run", "x", &format!("--volume={bad}")])
                .expect_err(bad)
                .to_string();
            assert!(e.contains(Volume::WORDS), "{bad}: {e}");
        }
        for bad in ["3", "-0.1", "1.01", "nan", "inf"] {
            let p = crate::settings::config::parse(&format!("volume = {bad}\n"));
            assert_eq!(p.problems[0].diagnostic.message, Volume::WORDS, "{bad}");
        }
        for good in ["0", "0.3", "1"] {
            assert!(Volume::parse(good).is_ok(), "{good}");
            let p = crate::settings::config::parse(&format!("volume = {good}"));
            assert_eq!(p.problems, [], "{good}");
        }
    }

    #[test]
    fn pace_is_half_to_whole_and_rounds_to_the_ten_percent_steps() {
        // (config value, tenths, or None when refused)
        let rows: &[(&str, Option<u8>)] = &[
            ("0.5", Some(5)),
            ("1", Some(10)),
            ("1.0", Some(10)),
            ("0.8", Some(8)),
            ("0.7", Some(7)),
            ("0.74", Some(7)),
            ("0.76", Some(8)),
            ("0.99", Some(10)),
            ("0.51", Some(5)),
            ("0.49", None),
            ("1.1", None),
            ("0", None),
            ("2", None),
            ("-1", None),
            ("nan", None),
        ];
        for &(value, tenths) in rows {
            let src = format!("pace = {value}\n");
            let p = crate::settings::config::parse(&src);
            match (p.problems.first().map(|p| &p.diagnostic), tenths) {
                (None, Some(t)) => {
                    assert_eq!(p.config.pace.map(Pace::tenths), Some(t), "{value}")
                }
                (Some(d), None) => {
                    assert_eq!(d.message, Pace::WORDS, "{value}");
                    assert_eq!(d.line_col(&src), Some((1, 8)), "{value}: at the value");
                    assert_eq!(p.config.pace, None, "{value}: the default");
                }
                (got, _) => panic!("pace = {value}: {got:?}"),
            }
        }
    }

    #[test]
    fn a_session_starts_at_the_pace_and_keeps_its_steps() {
        let src =
            "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 2\ncycles = 1\n";
        let ex = crate::exercise::load::parse(src).exercise.expect("valid");
        let timeline = Timeline::compile(&ex, 0);
        let t = Instant::now();
        let at = |pace: Pace, secs: f64| {
            Session::start(&timeline, t)
                .with_pace(pace.tenths())
                .at(t + Duration::from_secs_f64(secs))
        };
        let half = Pace::try_from(0.5).expect("in range");
        // At half speed the 2 s inhale takes 4 s; as written, 2 s.
        assert_eq!(at(half, 3.9).cue, 0);
        assert_eq!(at(half, 4.1).cue, 1);
        assert_eq!(at(Pace::AUTHORED, 2.1).cue, 1);
        assert_eq!(at(half, 0.0).pace, 5);
        // ↑ from the starting pace moves one 10% step.
        let mut s = Session::start(&timeline, t).with_pace(half.tenths());
        assert_eq!(s.faster(t), 6);
    }
}
