//! The command line: one definition per command and flag, which drives parsing and help.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::settings::values::Volume;

/// Short grounding exercises in the terminal
///
/// Paced breathing with a longer exhale, eye-contact timers and body scans, written as
/// TOML files anyone can read and share.
#[derive(Debug, Parser)]
#[command(name = "steady", version, after_help = crate::words::AFTER_HELP)]
// The last of a repeated flag wins (`--speed 3 --speed 1`), in every subcommand too.
#[command(args_override_self = true)]
pub struct Cli {
    /// Without a command, steady opens a picker of every exercise.
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub play: PlayArgs,

    /// Read the settings from FILE instead of the usual config file.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        value_hint = ValueHint::FilePath,
        overrides_with = "no_config"
    )]
    pub config: Option<PathBuf>,

    /// Colour in the player, in `check`'s messages and in this help: auto (where the
    /// output is a terminal, honouring NO_COLOR, CLICOLOR, CLICOLOR_FORCE and
    /// TERM=dumb), always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Read no config file: only the flags and the defaults apply. With --config too, the
    /// later of the two wins (given on both sides of the command, --no-config).
    #[arg(long, global = true, overrides_with = "config")]
    pub no_config: bool,
}

impl Cli {
    /// The flags for playing, given before the command or after `run`: the later wins.
    pub fn play_args(&self) -> PlayArgs {
        match &self.command {
            Some(Command::Run { play, .. }) => play.or(&self.play),
            _ => self.play.clone(),
        }
    }
}

/// How to practise: for `steady run` and for the picker. Only what was typed, checked;
/// [`crate::settings::Settings::resolve`] adds the config file and the environment.
///
/// Every switch the config file can set has a flag for each way, so a setting in the
/// file can be undone for one practice (`--no-mute` after `mute = true`); of the two,
/// the last on the command line wins.
#[derive(Debug, Clone, Default, Args)]
pub struct PlayArgs {
    /// One line per cue, for screen readers, logs and pipes (automatic when the output is
    /// not a terminal, or TERM=dumb).
    #[arg(long, overrides_with = "no_plain")]
    pub plain: bool,

    /// The full screen, even if the config file says `plain = true` (where the output is
    /// a terminal).
    #[arg(long, overrides_with = "plain")]
    pub no_plain: bool,

    /// No animation: words and a countdown instead of the moving shape.
    #[arg(long, overrides_with = "no_reduced_motion")]
    pub reduced_motion: bool,

    /// The moving shape, even if the config file says `reduced_motion = true`.
    #[arg(long, overrides_with = "reduced_motion")]
    pub no_reduced_motion: bool,

    /// Don't count this practice.
    #[arg(long, overrides_with = "record")]
    pub no_record: bool,

    /// Count this practice, even if the config file says `record = false` (a --speed
    /// other than 1 still counts nothing).
    #[arg(long, overrides_with = "no_record")]
    pub record: bool,

    /// No sound (m mutes and unmutes while playing).
    #[arg(long, overrides_with = "no_mute")]
    pub mute: bool,

    /// Sound on, even if the config file says `mute = true`.
    #[arg(long, overrides_with = "mute")]
    pub no_mute: bool,

    /// Spoken guidance: the steps, prompts, looks and first breaths said aloud by the
    /// system's speech service, for practising with the eyes elsewhere (v turns it off
    /// and on while playing).
    #[arg(long, overrides_with = "no_voice")]
    pub voice: bool,

    /// No spoken guidance, even if the config file says `voice = true`.
    #[arg(long, overrides_with = "voice")]
    pub no_voice: bool,

    /// Show completion counts, even if the config file says `show_counts = false`.
    #[arg(long, overrides_with = "no_show_counts")]
    pub show_counts: bool,

    /// Hide completion counts, as `show_counts = false` does.
    #[arg(long, overrides_with = "show_counts")]
    pub no_show_counts: bool,

    /// Sound volume from 0 to 1 [default: 0.4, soft].
    #[arg(long, value_name = "V", value_parser = Volume::parse, value_hint = ValueHint::Other)]
    pub volume: Option<Volume>,

    /// Preview N times faster than written (0.1 to 100). A preview is never counted.
    #[arg(long, value_name = "N", value_parser = speed, value_hint = ValueHint::Other)]
    pub speed: Option<f64>,

    /// The whole practice shorter or longer, from 0.5 to 2: breaths, rounds and prompt
    /// times scale; each breath, look and hold keeps its length. Any length counts.
    #[arg(long, value_name = "FACTOR", value_parser = length, value_hint = ValueHint::Other)]
    pub length: Option<f64>,
}

/// What a pair of opposite flags says: on, off, or nothing (clap leaves only the last
/// of the two set).
fn said(on: bool, off: bool) -> Option<bool> {
    match (on, off) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

impl PlayArgs {
    /// These flags given here or before the command: `steady --plain run x` too. `self`
    /// comes later on the command line, so what it says wins.
    pub fn or(&self, outer: &PlayArgs) -> PlayArgs {
        // One pair at a time: this one's, when it says either way, else the outer's.
        let pair = |on: fn(&PlayArgs) -> (bool, bool)| {
            if said(on(self).0, on(self).1).is_some() {
                on(self)
            } else {
                on(outer)
            }
        };
        let (plain, no_plain) = pair(|a| (a.plain, a.no_plain));
        let (reduced_motion, no_reduced_motion) = pair(|a| (a.reduced_motion, a.no_reduced_motion));
        let (record, no_record) = pair(|a| (a.record, a.no_record));
        let (mute, no_mute) = pair(|a| (a.mute, a.no_mute));
        let (voice, no_voice) = pair(|a| (a.voice, a.no_voice));
        let (show_counts, no_show_counts) = pair(|a| (a.show_counts, a.no_show_counts));
        PlayArgs {
            plain,
            no_plain,
            reduced_motion,
            no_reduced_motion,
            record,
            no_record,
            mute,
            no_mute,
            voice,
            no_voice,
            show_counts,
            no_show_counts,
            volume: self.volume.or(outer.volume),
            speed: self.speed.or(outer.speed),
            length: self.length.or(outer.length),
        }
    }

    /// `--plain` (true), `--no-plain` (false), or neither.
    pub fn plain(&self) -> Option<bool> {
        said(self.plain, self.no_plain)
    }

    pub fn reduced_motion(&self) -> Option<bool> {
        said(self.reduced_motion, self.no_reduced_motion)
    }

    pub fn record(&self) -> Option<bool> {
        said(self.record, self.no_record)
    }

    pub fn mute(&self) -> Option<bool> {
        said(self.mute, self.no_mute)
    }

    pub fn voice(&self) -> Option<bool> {
        said(self.voice, self.no_voice)
    }

    pub fn show_counts(&self) -> Option<bool> {
        said(self.show_counts, self.no_show_counts)
    }
}

fn length(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(n) if (0.5..=2.0).contains(&n) => Ok(n),
        _ => Err("give a number from 0.5 (half as long) to 2 (twice as long), like 1.5".into()),
    }
}

fn speed(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(n) if (0.1..=100.0).contains(&n) => Ok(n),
        _ => Err("give a number from 0.1 to 100, like 10".into()),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play an exercise full-screen. q, Esc or Ctrl-C stops at any moment.
    #[command(after_help = crate::player::keys::run_help())]
    Run {
        /// An exercise id (like `long-exhale`) or a path to a .toml file.
        #[arg(value_name = "NAME|FILE")]
        exercise: OsString,
        #[command(flatten)]
        play: PlayArgs,
    },
    /// Completion counts, as a small bar chart, and where they are kept.
    Stats,
    /// Erase completion counts: all of them, or one exercise's.
    Forget {
        /// Only this exercise's count.
        #[arg(value_name = "NAME")]
        exercise: Option<String>,
        /// Don't ask first (needed when there is no terminal to ask on).
        #[arg(long)]
        yes: bool,
    },
    /// List the exercises steady can find: built-in, in your folder, and what shadows what.
    List {
        /// Only exercises with this tag (for example `short` or `before-conversation`).
        #[arg(long, value_name = "TAG", value_hint = ValueHint::Other)]
        tag: Option<String>,
        /// Only the ids, one a line (for scripts, and for shell completion).
        #[arg(long)]
        ids: bool,
    },
    /// Show an exercise as a timeline: its steps, when each starts, and the total.
    Show {
        /// An exercise id (like `long-exhale`) or a path to a .toml file.
        #[arg(value_name = "NAME|FILE")]
        exercise: OsString,
        /// List every cue (each breath, look and prompt), not one line per step.
        #[arg(long)]
        cues: bool,
    },
    /// Check exercise files and explain any problem, with its line and column.
    Check {
        /// Files (or ids) to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<OsString>,
    },
    /// Write a commented starter exercise to ./NAME.toml, or with --library into your
    /// exercises folder (never overwrites a file).
    New {
        /// What kind of exercise to start from.
        kind: NewKind,
        /// The new file's name, without `.toml`; it becomes the exercise's id.
        #[arg(value_hint = ValueHint::Other)]
        name: String,
        /// Write it into your exercises folder, making the folder if need be: steady
        /// then finds it by name (`steady run NAME`).
        #[arg(long)]
        library: bool,
    },
    /// Print the JSON Schema of the exercise format, for editors (draft-07, works with taplo).
    Schema,
    /// Print shell completions: `steady completions bash > ~/.local/share/bash-completion/completions/steady`.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff): `steady man | man -l -`.
    Man,
}

/// `--color`: whether to colour what steady writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// The `--color` the command line asks for, read before clap parses it, so that
    /// clap's own help and errors follow it too: the last one given, up to a `--`. A
    /// value clap would refuse is left for clap to say so.
    pub fn from_args(args: impl IntoIterator<Item = OsString>) -> Option<ColorWhen> {
        let mut found = None;
        let mut args = args.into_iter().skip(1);
        while let Some(a) = args.next() {
            let a = a.to_string_lossy().into_owned();
            let value = match a.as_str() {
                "--" => break,
                "--color" => args.next().map(|v| v.to_string_lossy().into_owned()),
                _ => a.strip_prefix("--color=").map(str::to_owned),
            };
            if let Some(v) = value {
                found = ColorWhen::from_str(&v, false).ok().or(found);
            }
        }
        found
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Breathe,
    EyeContact,
    BodyScan,
    Routine,
}

impl NewKind {
    pub fn template(self) -> &'static str {
        match self {
            NewKind::Breathe => include_str!("templates/breathe.toml"),
            NewKind::EyeContact => include_str!("templates/eye-contact.toml"),
            NewKind::BodyScan => include_str!("templates/body-scan.toml"),
            NewKind::Routine => include_str!("templates/routine.toml"),
        }
    }
}
