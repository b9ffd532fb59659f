//! The player: one practice engine for the full-screen player and plain mode.
//!
//! - [`state`]: the screens and a practice in progress, driven by actions and the clock;
//!   pure, no terminal, no files.
//! - [`keys`]: one table per screen from keys (full screen) and typed words (plain
//!   mode) to actions, which also gives the footer's hints and plain mode's commands.
//! - [`drive`]: the one driver: what effects do to the world, and the lock retry.
//! - [`spoken`]: what spoken guidance says for each effect.
//! - [`world`]: what a practice touches outside itself (the counts, the sound), as a
//!   trait the players call and tests replace.
//! - [`stop`]: being asked from outside to stop (signals, the Windows console).
//! - [`terminal`]: the full-screen loop on a ratatui backend.
//! - [`plain`]: one line per cue, for screen readers, logs and pipes.

pub mod drive;
pub mod keys;
pub mod plain;
pub mod spoken;
pub mod state;
pub mod stop;
pub mod terminal;
pub mod world;
