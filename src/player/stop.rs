//! Being asked from outside to stop: by a signal on Unix (SIGTERM, SIGHUP, SIGINT), by
//! the console on Windows. Either way the answer is the same: a flag the player looks
//! at, so it ends the practice, gives the terminal back and exits calmly.
//!
//! On Windows the C runtime turns the console's Ctrl-C into SIGINT, and every other
//! console event (Ctrl-Break, closing the window, logging off, shutting down) into
//! SIGBREAK. In the full-screen player crossterm's raw mode makes Ctrl-C a key, so only
//! the others arrive here. Windows ends a process whose window is closed as soon as the
//! handler returns: steady has no console left to restore then, and a count being
//! written is never half-written (see [`crate::store`]).
//!
//! Unix can also wake whoever waits for input the moment a signal arrives (a thread
//! runs `then`); on Windows only the flag is set, so waits are kept short
//! ([`wait_slice`]) for the flag to be seen.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The signals that ask steady to stop.
#[cfg(unix)]
pub const SIGNALS: &[std::ffi::c_int] = {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    &[SIGTERM, SIGHUP, SIGINT]
};

/// The signals that ask steady to stop: Ctrl-C; Ctrl-Break and closing the console
/// (SIGBREAK); and SIGTERM, which only `raise` sends on Windows.
#[cfg(windows)]
pub const SIGNALS: &[std::ffi::c_int] = {
    use signal_hook::consts::{SIGBREAK, SIGINT, SIGTERM};
    &[SIGINT, SIGBREAK, SIGTERM]
};

/// Whether a stop wakes a waiting player at once (Unix), or is only seen when it next
/// looks at the flag (Windows).
pub const WAKES: bool = cfg!(unix);

/// How long a wait for input may last when a stop cannot wake it: a stop is then seen
/// within this long.
pub const LOOK_EVERY: Duration = Duration::from_millis(250);

/// How long to wait for input before looking at the flag again: the whole `timeout`
/// (`None`: as long as it takes) where a stop wakes the wait, else at most
/// [`LOOK_EVERY`].
pub fn wait_slice(timeout: Option<Duration>, wakes: bool) -> Option<Duration> {
    if wakes {
        timeout
    } else {
        Some(timeout.map_or(LOOK_EVERY, |t| t.min(LOOK_EVERY)))
    }
}

/// Listening for a stop until dropped.
pub struct Stop {
    asked: Arc<AtomicBool>,
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
}

impl Stop {
    /// Starts listening. `then` runs once, on a thread of its own, right after the flag
    /// is set, where the platform can wake one ([`WAKES`]); elsewhere it never runs.
    pub fn listen(then: impl FnOnce() + Send + 'static) -> io::Result<Self> {
        let asked = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        {
            let mut signals = signal_hook::iterator::Signals::new(SIGNALS)?;
            let handle = signals.handle();
            let flag = Arc::clone(&asked);
            std::thread::spawn(move || {
                if signals.forever().next().is_some() {
                    flag.store(true, Ordering::SeqCst);
                    then();
                }
            });
            Ok(Self { asked, handle })
        }
        #[cfg(not(unix))]
        {
            drop(then);
            for &signal in SIGNALS {
                signal_hook::flag::register(signal, Arc::clone(&asked))?;
            }
            Ok(Self { asked })
        }
    }

    /// Whether a stop was asked for (it stays asked).
    pub fn asked(&self) -> bool {
        self.asked.load(Ordering::SeqCst)
    }

    /// The flag itself, for a loop that looks at it.
    pub fn flag(&self) -> &AtomicBool {
        &self.asked
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        #[cfg(unix)]
        self.handle.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_that_a_stop_wakes_is_not_cut() {
        let long = Duration::from_secs(30);
        assert_eq!(wait_slice(Some(long), true), Some(long));
        assert_eq!(wait_slice(None, true), None);
    }

    #[test]
    fn a_wait_that_a_stop_cannot_wake_looks_at_the_flag_often() {
        let long = Duration::from_secs(30);
        let short = Duration::from_millis(10);
        assert_eq!(wait_slice(Some(long), false), Some(LOOK_EVERY));
        assert_eq!(wait_slice(None, false), Some(LOOK_EVERY));
        assert_eq!(wait_slice(Some(short), false), Some(short));
    }

    #[test]
    fn only_unix_wakes_a_waiting_player() {
        assert_eq!(WAKES, cfg!(unix));
    }

    /// On Windows, closing the console window arrives as SIGBREAK: it must be listened
    /// for, as must Ctrl-C.
    #[cfg(windows)]
    #[test]
    fn the_console_closing_and_ctrl_c_are_listened_for() {
        use signal_hook::consts::{SIGBREAK, SIGINT};
        assert!(SIGNALS.contains(&SIGBREAK));
        assert!(SIGNALS.contains(&SIGINT));
    }

    #[cfg(unix)]
    #[test]
    fn a_hang_up_a_terminate_and_an_interrupt_are_listened_for() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for s in [SIGHUP, SIGINT, SIGTERM] {
            assert!(SIGNALS.contains(&s));
        }
    }

    /// A stop signal raised in the process sets the flag (and, on Unix, runs `then`).
    /// On Windows SIGBREAK is what the C runtime delivers when the console closes.
    #[test]
    fn a_stop_signal_sets_the_flag() {
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = Stop::listen(move || {
            let _ = tx.send(());
        })
        .expect("listen");
        assert!(!stop.asked());
        #[cfg(unix)]
        {
            signal_hook::low_level::raise(signal_hook::consts::SIGHUP).expect("raise");
            rx.recv_timeout(Duration::from_secs(10))
                .expect("the waiting side is woken");
        }
        #[cfg(windows)]
        {
            let _ = rx;
            signal_hook::low_level::raise(signal_hook::consts::SIGBREAK).expect("raise");
        }
        assert!(stop.asked());
    }
}
