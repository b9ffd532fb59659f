//! Running code steady can't vouch for (the sound decoders, the audio stack) so that a
//! panic inside it becomes an ordinary failure: nothing is printed, no terminal is
//! restored under a running player, and the caller carries on.
//!
//! Rust prints a panic's message from the panic hook, before unwinding starts, so
//! catching the unwind alone would still put "thread … panicked" on the screen. The
//! hook installed here stays quiet for a panic inside [`contain`] on the same thread and
//! passes every other panic to the hook that was there before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CONTAINING: Cell<usize> = const { Cell::new(0) };
}

/// Whether this thread is inside [`contain`] (hooks of its own check this too).
pub fn active() -> bool {
    CONTAINING.with(Cell::get) > 0
}

/// Runs `f`; a panic inside it gives `None` and prints nothing.
pub fn contain<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !active() {
                previous(info);
            }
        }));
    });
    CONTAINING.with(|c| c.set(c.get() + 1));
    // What `f` may have left half-changed is dropped with it: nothing is shared.
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(c.get().saturating_sub(1)));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_none_and_the_thread_goes_on() {
        assert_eq!(contain(|| 2 + 2), Some(4));
        let v: Vec<u8> = Vec::new();
        assert_eq!(contain(|| v[3]), None);
        assert!(!active());
    }
}
