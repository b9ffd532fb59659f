//! steady: short grounding exercises in the terminal.
//!
//! The shape: `exercise` turns TOML into a validated [`exercise::Exercise`];
//! [`timeline::Timeline`] compiles it into timed cues that every reader shares; the
//! commands and (later) the player only read those. I/O lives at the edges.

pub mod cli;
pub mod commands;
pub mod config;
pub mod contain;
pub mod exercise;
pub mod files;
pub mod human;
pub mod paths;
pub mod player;
pub mod quiet;
pub mod session;
pub mod settings;
pub mod sound;
pub mod sound_file;
pub mod store;
pub mod text;
pub mod timeline;
pub mod ui;
pub mod words;
