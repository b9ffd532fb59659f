//! The command line: one definition per command and flag, which drives parsing and help.

use std::ffi::OsString;

use clap::{Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
steady is a practice aid, not therapy or crisis care. If you feel overwhelmed, you can stop \
at any moment, look around the room, and reach someone you trust or a local crisis line.

steady keeps nothing about you except how many times each exercise was completed, and never \
uses the network.";

/// Short grounding exercises in the terminal: paced breathing with a longer exhale,
/// eye-contact timers and body scans, written as TOML files anyone can read and share.
#[derive(Debug, Parser)]
#[command(name = "steady", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// Without a command, steady opens a picker of every exercise.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// No animation: words and a countdown instead of the moving shape.
    #[arg(long, global = true)]
    pub reduced_motion: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play an exercise full-screen. q, Esc or Ctrl-C stops at any moment.
    Run {
        /// An exercise id (like `long-exhale`) or a path to a .toml file.
        #[arg(value_name = "NAME|FILE")]
        exercise: OsString,
    },
    /// List the exercises steady can find: built-in, in your folder, and what shadows what.
    List {
        /// Only exercises with this tag (for example `short` or `before-conversation`).
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
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
    /// Write a commented starter exercise to ./NAME.toml (never overwrites a file).
    New {
        /// What kind of exercise to start from.
        kind: NewKind,
        /// The new file's name, without `.toml`; it becomes the exercise's id.
        name: String,
    },
    /// Print the JSON Schema of the exercise format, for editors (draft-07, works with taplo).
    Schema,
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
