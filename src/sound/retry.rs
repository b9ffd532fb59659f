//! When the audio device counts as failed, and when to try it again: pure rules with
//! the time passed in, so the audio thread never sleeps on them and tests step a clock.
//!
//! Finding the device, opening a stream and a stream that fails are one run of tries:
//! each failure in a row waits twice as long as the last before the next try ([`wait`]:
//! 50 ms, 100, 200 … 1.6 s), and after [`RETRIES`] of them, 3.15 s of waiting in all,
//! sound is off for the run and the footer says so. A sound server that is not ready
//! for a new client yet (just started, busy) is tried again rather than taken for no
//! device at all.

use std::time::{Duration, Instant};

/// The wait after the first failure in a row; each failure after it doubles the wait.
pub const FIRST_WAIT: Duration = Duration::from_millis(50);

/// Failures in a row that are tried again; one more and sound is off. With
/// [`FIRST_WAIT`] doubling, the waits add up to 3.15 s: less than
/// [`super::PATIENCE`], so a device that is not there is named as such in the footer.
pub const RETRIES: u32 = 6;

/// The wait after the `n`th failure in a row (counted from 1).
pub fn wait(n: u32) -> Duration {
    FIRST_WAIT * 2u32.saturating_pow(n.saturating_sub(1).min(16))
}

/// What came of a try.
#[derive(Debug, PartialEq, Eq)]
pub enum Tried<T> {
    /// It worked.
    Done(T),
    /// It failed (now or before): the next try is due at this instant.
    Waiting(Instant),
    /// It failed [`RETRIES`] times after the first failure: no more tries.
    GaveUp,
}

/// Failures in a row, and when the next try may be made.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Backoff {
    failures: u32,
    /// Set by a failure: no try before this.
    next: Option<Instant>,
    gave_up: bool,
}

impl Backoff {
    /// Runs `attempt` at `now`, unless a failure's wait is not over or the tries are
    /// spent: then it is not run at all. A failure (`None`) is counted.
    pub fn attempt<T>(&mut self, now: Instant, attempt: impl FnOnce() -> Option<T>) -> Tried<T> {
        if self.gave_up {
            return Tried::GaveUp;
        }
        if let Some(next) = self.next.filter(|&n| now < n) {
            return Tried::Waiting(next);
        }
        match attempt() {
            Some(t) => Tried::Done(t),
            None => match self.failed(now) {
                Some(next) => Tried::Waiting(next),
                None => Tried::GaveUp,
            },
        }
    }

    /// Counts a failure at `now` (a try, or a stream that failed after it opened):
    /// when the next try is due, or `None` once the tries are spent.
    pub fn failed(&mut self, now: Instant) -> Option<Instant> {
        self.failures = self.failures.saturating_add(1);
        self.gave_up = self.failures > RETRIES;
        self.next = (!self.gave_up).then(|| now + wait(self.failures));
        self.next
    }

    /// Forgets the failures: what was opened has worked.
    pub fn worked(&mut self) {
        *self = Self::default();
    }

    /// When the next try is due, after a failure (it may have passed).
    pub fn next(&self) -> Option<Instant> {
        self.next
    }
}

/// How long errors may keep coming from an open stream before it counts as failed.
/// Right after a stream starts, the ALSA pulse plugin answers `snd_pcm_avail_delay`
/// with EIO until the server's first timing report arrives, and cpal reports each try:
/// bursts of up to about 2,200 errors over up to 8 ms were measured against a private
/// PulseAudio. Counting them (2,000 allowed, before) closed about one first stream in
/// ten; a stream that really fails keeps failing.
pub const ERRORS_FOR: Duration = Duration::from_millis(250);

/// Errors this far apart are separate bursts.
pub const ERRORS_APART: Duration = Duration::from_millis(50);

/// The errors an open stream has reported: when the present burst of them began.
#[derive(Debug, Default, Clone)]
pub struct Errors {
    began: Option<Instant>,
    last: Option<Instant>,
}

impl Errors {
    /// Counts an error at `now`: whether errors have now kept coming for
    /// [`ERRORS_FOR`], so the stream has failed.
    pub fn failed(&mut self, now: Instant) -> bool {
        let began = match (self.began, self.last) {
            (Some(b), Some(l)) if now.saturating_duration_since(l) < ERRORS_APART => b,
            _ => now,
        };
        self.began = Some(began);
        self.last = Some(now);
        now.saturating_duration_since(began) >= ERRORS_FOR
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(t0: Instant, n: u64) -> Instant {
        t0 + Duration::from_millis(n)
    }

    /// An opener that fails `fails` times, then works; it counts its calls.
    struct Fake {
        fails: u32,
        calls: u32,
    }

    impl Fake {
        fn open(&mut self) -> Option<&'static str> {
            self.calls += 1;
            (self.calls > self.fails).then_some("stream")
        }
    }

    #[test]
    fn the_wait_doubles_from_50_ms_and_all_of_them_add_up_to_a_few_seconds() {
        let waits: Vec<u128> = (1..=RETRIES).map(|n| wait(n).as_millis()).collect();
        assert_eq!(waits, [50, 100, 200, 400, 800, 1600]);
        let all: Duration = (1..=RETRIES).map(wait).sum();
        assert_eq!(all, Duration::from_millis(3150));
        // Said as no device, not as a device that did not answer.
        assert!(all < crate::sound::PATIENCE);
        // No overflow, however many.
        assert!(wait(u32::MAX) > wait(RETRIES));
    }

    #[test]
    fn a_first_opening_that_fails_is_tried_again_with_backoff_until_it_works() {
        let t0 = Instant::now();
        let mut b = Backoff::default();
        let mut fake = Fake { fails: 3, calls: 0 };
        assert_eq!(b.attempt(t0, || fake.open()), Tried::Waiting(ms(t0, 50)));
        // Not tried again before its time.
        assert_eq!(
            b.attempt(ms(t0, 49), || fake.open()),
            Tried::Waiting(ms(t0, 50))
        );
        assert_eq!(fake.calls, 1);
        assert_eq!(
            b.attempt(ms(t0, 50), || fake.open()),
            Tried::Waiting(ms(t0, 150))
        );
        assert_eq!(
            b.attempt(ms(t0, 150), || fake.open()),
            Tried::Waiting(ms(t0, 350))
        );
        assert_eq!(b.next(), Some(ms(t0, 350)));
        assert_eq!(
            b.attempt(ms(t0, 350), || fake.open()),
            Tried::Done("stream")
        );
        assert_eq!(fake.calls, 4);
    }

    #[test]
    fn sound_is_off_once_the_retries_are_spent_and_nothing_is_tried_after() {
        let t0 = Instant::now();
        let mut b = Backoff::default();
        let mut fake = Fake {
            fails: u32::MAX,
            calls: 0,
        };
        let mut now = t0;
        let mut last = Tried::Waiting(now);
        for _ in 0..100 {
            last = b.attempt(now, || fake.open());
            match last {
                Tried::Waiting(next) => now = next,
                _ => break,
            }
        }
        assert_eq!(last, Tried::GaveUp);
        assert_eq!(fake.calls, RETRIES + 1, "the first try and every retry");
        assert_eq!(now, ms(t0, 3150), "the last try, after all the waits");
        assert_eq!(b.next(), None);
        assert_eq!(b.attempt(ms(t0, 60_000), || fake.open()), Tried::GaveUp);
        assert_eq!(fake.calls, RETRIES + 1);
    }

    #[test]
    fn a_stream_that_fails_after_opening_waits_in_the_same_run_of_tries() {
        let t0 = Instant::now();
        let mut b = Backoff::default();
        let mut fake = Fake { fails: 0, calls: 0 };
        assert_eq!(b.attempt(t0, || fake.open()), Tried::Done("stream"));
        // It breaks at once: the next opening waits, and a second break waits longer.
        assert_eq!(b.failed(ms(t0, 10)), Some(ms(t0, 60)));
        assert_eq!(
            b.attempt(ms(t0, 30), || fake.open()),
            Tried::Waiting(ms(t0, 60))
        );
        assert_eq!(b.attempt(ms(t0, 60), || fake.open()), Tried::Done("stream"));
        assert_eq!(b.failed(ms(t0, 70)), Some(ms(t0, 170)));
        // One that played to its end worked: the next failure waits the first wait.
        b.worked();
        assert_eq!(b.failed(ms(t0, 1000)), Some(ms(t0, 1050)));
    }

    #[test]
    fn a_burst_of_errors_as_a_stream_starts_is_not_a_failure() {
        let t0 = Instant::now();
        let mut e = Errors::default();
        // 2,200 errors over 8 ms, as measured against PulseAudio.
        for i in 0..2200u64 {
            let now = t0 + Duration::from_micros(i * 8000 / 2200);
            assert!(!e.failed(now), "error {i}");
        }
        // Another burst at the next start, after a quiet while: a burst of its own.
        for i in 0..2200u64 {
            let now = ms(t0, 200) + Duration::from_micros(i * 100);
            assert!(!e.failed(now), "error {i} of the second burst");
        }
    }

    #[test]
    fn errors_that_keep_coming_are_a_failure() {
        let t0 = Instant::now();
        let mut e = Errors::default();
        let mut at = None;
        for i in 0..400u64 {
            if e.failed(ms(t0, i)) {
                at = Some(i);
                break;
            }
        }
        assert_eq!(at, Some(250));
    }
}
