//! steady: short grounding exercises in the terminal.
//!
//! Everything is a function of one timeline. A TOML file becomes a validated
//! [`exercise::Exercise`]; [`timeline::Timeline`] compiles it into timed cues that every
//! reader shares; a [`session::Session`] says where a practice is at any instant; the
//! player turns keys or typed words into actions on that session and draws or says
//! what is true now. The files, the terminal, the clock and the sound are at the edges.
//!
//! The modules by layer, each importing only from its own layer and the layers above it.
//! This table is the one statement of the layering: a test (`layers`) reads it and fails
//! on any `crate::` or `super::` path in the code that runs upward, or on a module the
//! table does not place.
//!
//! | layer | modules | what they own |
//! |---|---|---|
//! | text and time as words | `text`, `durations`, `files` | what may reach a terminal; lengths of time as words; bounded reading and the words for I/O errors |
//! | the format | `exercise` | TOML to `Exercise`: fields, validation with spans, diagnostics, wording checks, the JSON Schema |
//! | time | `timeline`, `session` | cues with exact starts; pause, skip, back and pace against an injected clock |
//! | sentences | `words` | every sentence shown, and those built from an exercise or a timeline |
//! | the engine | `sound::cue`, `sound::schedule`, `sound::retry`, `player::state`, `player::keys`, `player::world`, `player::drive`, `player::spoken` | the screens as data, actions in and effects out, one key and word table per screen; which sound a cue plays and the rules for opening the device; what a practice touches outside itself, as a trait |
//! | views | `ui` | drawing, a pure function of the app and the instant |
//! | the edges | `paths`, `store`, `library`, `sound`, `speech`, `settings`, `cli`, `player`, `commands` | where files live; the counts; the built-in and the person's exercises on disk; the audio thread; flags, the config file and the environment resolved once; the terminal loop, plain mode and stop signals; one file per command |
//!
//! Pure (no clock, file or terminal): everything above the edges, and
//! `settings::resolve`.

#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod commands;
pub mod durations;
pub mod exercise;
pub mod files;
pub mod library;
pub mod paths;
pub mod player;
pub mod session;
pub mod settings;
pub mod sound;
pub mod speech;
pub mod store;
pub mod text;
pub mod timeline;
pub mod ui;
pub mod words;

#[cfg(test)]
mod layers;
