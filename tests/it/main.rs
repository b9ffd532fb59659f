//! steady's integration tests, in one test program: one build and one link for all of
//! them, and one harness (`harness`) they share. Each module is a part of the program
//! seen from outside: the loader, the commands, both players, the store, sound.
//!
//! Nothing here changes the process's own state (its environment, current folder,
//! signal handlers): a test that needs another environment runs steady as a child, in a
//! home of its own ([`harness::isolated`]). Run one part with `cargo test --test it
//! pty::` or one test by its name.

mod harness;

mod bad_input;
mod care;
mod cli;
mod cli_browsing;
mod counts;
mod format2;
mod loader_props;
mod plain;
mod player;
// A pseudo-terminal and signals are Unix things.
#[cfg(unix)]
mod pty;
mod session;
mod sound;
mod sound_server;
mod store;
mod ui;
mod warnings;
