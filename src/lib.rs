//! steady: short grounding exercises in the terminal.
//!
//! Everything is a function of one timeline. A TOML file becomes a validated
//! [`exercise::Exercise`]; [`timeline::Timeline`] compiles it into timed cues that every
//! reader shares; a [`session::Session`] says where a practice is at any instant; the
//! player turns keys or typed words into actions on that session and draws or says
//! what is true now. The files, the terminal, the clock and the sound are at the edges.
//!
//! The modules by layer, each importing only from the layers above it:
//!
//! | layer | modules | what they own |
//! |---|---|---|
//! | words and text | [`durations`], [`text`], [`words`] | lengths of time as words; what may reach a terminal; every sentence shown |
//! | the format | [`exercise`] | TOML to `Exercise`: fields, validation with spans, diagnostics, wording checks, the library, the JSON Schema |
//! | time | [`timeline`], [`session`] | cues with exact starts; pause, skip, back and pace against an injected clock |
//! | the player | [`player`], [`ui`] | one engine for both players, key and word tables, the terminal loop, plain mode; views that only read |
//! | the edges | [`files`], [`paths`], [`store`], [`sound`], [`settings`], [`cli`], [`commands`] | bounded reading and I/O words; where files live; the counts; cue sounds; flags, the config file and the environment resolved once; one file per command |
//!
//! Pure (no clock, file or terminal): `durations`, `text`, `words`, `exercise::load`,
//! `timeline`, `session`, `player::state`, `player::keys`, `ui`, `settings::resolve`.

#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod commands;
pub mod durations;
pub mod exercise;
pub mod files;
pub mod paths;
pub mod player;
pub mod session;
pub mod settings;
pub mod sound;
pub mod store;
pub mod text;
pub mod timeline;
pub mod ui;
pub mod words;
