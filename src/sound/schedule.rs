//! When an output stream should be open: a pure function of when the next sound is due,
//! when the last one plays out, and whether the practice is paused. No clock and no
//! device here; the audio thread asks it and sleeps until the instant it names.
//!
//! An open stream costs steady and the sound server CPU all the time it is open, even
//! playing silence, and a desktop shows it as a playing stream. So it is open only from
//! a little before a sound is due ([`Margins::lead`], long enough to open a stream on a
//! sound server) until that sound has played out and a short quiet margin has passed
//! ([`Margins::tail`]). Sounds closer together than [`Margins::bridge`] share one
//! stream: closing and reopening would cost more than it saves.

use std::time::{Duration, Instant};

/// How far around its sounds a stream is kept open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margins {
    /// Opened this long before a sound is due. A due time that passed without the sound
    /// arriving (the player was a little late) keeps the stream this long after it, too.
    pub lead: Duration,
    /// Kept open this long after the last sound has played out, so its end is never cut
    /// (the device still holds what it was given).
    pub tail: Duration,
    /// A sound due within this long of the last one's end keeps the stream open between.
    pub bridge: Duration,
}

/// The margins steady plays with, measured against PulseAudio with a null sink
/// (bench/sound.py, figures in bench/RESULTS.md): opening a stream there took 2–22 ms,
/// so a 150 ms lead leaves room on a busy machine; a stream is closed between sounds
/// more than about a second apart (a breathing cycle's, at 4.5 and 6.5 s, are).
pub const MARGINS: Margins = Margins {
    lead: Duration::from_millis(150),
    tail: Duration::from_millis(250),
    bridge: Duration::from_millis(500),
};

/// Whether a stream is wanted, and until when that answer holds with nothing new said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Open, at least until `until`.
    Open { until: Instant },
    /// Closed; `until` is when to open it (`None`: until something changes).
    Closed { until: Option<Instant> },
}

impl Stream {
    /// When the answer may change by itself.
    pub fn until(self) -> Option<Instant> {
        match self {
            Stream::Open { until } => Some(until),
            Stream::Closed { until } => until,
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Stream::Open { .. })
    }
}

/// Whether a stream is wanted at `now`. `next` is when the next sound is due, if one is
/// due at a known time (none in the preview, during a step that waits for Enter, or at
/// the end); `paused` ignores it, as nothing is due while paused. `sounding` is when the
/// last sound sent plays out. A sound playing as the person pauses plays to its end.
pub fn wanted(
    now: Instant,
    next: Option<Instant>,
    paused: bool,
    sounding: Option<Instant>,
    m: &Margins,
) -> Stream {
    // Around the next sound: from `lead` before it until `lead` after.
    let around = next
        .filter(|_| !paused)
        .map(|n| (n.checked_sub(m.lead).unwrap_or(n), n + m.lead))
        .filter(|&(_, end)| end > now);
    // The last sound, while it plays and for the quiet margin after.
    let last = sounding.map(|s| s + m.tail);
    let playing = last.filter(|&end| end > now);
    match (last, playing, around) {
        // Close enough to the next sound: one stream for both, in the gap too.
        (Some(end), _, Some((from, to))) if from <= end + m.bridge => {
            Stream::Open { until: to.max(end) }
        }
        (_, Some(end), _) => Stream::Open { until: end },
        (_, None, Some((from, to))) if from <= now => Stream::Open { until: to },
        (_, None, Some((from, _))) => Stream::Closed { until: Some(from) },
        (_, None, None) => Stream::Closed { until: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: Margins = Margins {
        lead: Duration::from_millis(150),
        tail: Duration::from_millis(250),
        bridge: Duration::from_millis(500),
    };

    fn ms(t0: Instant, n: u64) -> Instant {
        t0 + Duration::from_millis(n)
    }

    #[test]
    fn nothing_due_and_nothing_playing_wants_no_stream() {
        let t0 = Instant::now();
        assert_eq!(
            wanted(t0, None, false, None, &M),
            Stream::Closed { until: None }
        );
        // A sound that played out long ago keeps nothing open.
        assert_eq!(
            wanted(ms(t0, 5000), None, false, Some(ms(t0, 1000)), &M),
            Stream::Closed { until: None }
        );
    }

    #[test]
    fn a_stream_opens_the_lead_before_a_sound_is_due_and_not_sooner() {
        let t0 = Instant::now();
        let due = Some(ms(t0, 10_000));
        assert_eq!(
            wanted(t0, due, false, None, &M),
            Stream::Closed {
                until: Some(ms(t0, 9_850))
            }
        );
        assert_eq!(
            wanted(ms(t0, 9_849), due, false, None, &M),
            Stream::Closed {
                until: Some(ms(t0, 9_850))
            }
        );
        assert_eq!(
            wanted(ms(t0, 9_850), due, false, None, &M),
            Stream::Open {
                until: ms(t0, 10_150)
            }
        );
    }

    #[test]
    fn a_sound_plays_out_and_the_quiet_margin_passes_before_the_stream_closes() {
        let t0 = Instant::now();
        // The in chime (1.3 s) began at 10 s; the next sound is 4.5 s away.
        let sounding = Some(ms(t0, 11_300));
        let next = Some(ms(t0, 14_500));
        assert_eq!(
            wanted(ms(t0, 10_000), next, false, sounding, &M),
            Stream::Open {
                until: ms(t0, 11_550)
            }
        );
        assert_eq!(
            wanted(ms(t0, 11_549), next, false, sounding, &M),
            Stream::Open {
                until: ms(t0, 11_550)
            }
        );
        assert_eq!(
            wanted(ms(t0, 11_550), next, false, sounding, &M),
            Stream::Closed {
                until: Some(ms(t0, 14_350))
            }
        );
    }

    #[test]
    fn sounds_close_together_share_one_stream() {
        let t0 = Instant::now();
        let sounding = Some(ms(t0, 1_000));
        // Next due 800 ms after the last ends: its lead begins 400 ms after the tail
        // ends, inside the bridge.
        let next = Some(ms(t0, 1_800));
        assert_eq!(
            wanted(ms(t0, 500), next, false, sounding, &M),
            Stream::Open {
                until: ms(t0, 1_950)
            }
        );
        assert_eq!(
            wanted(ms(t0, 1_300), next, false, sounding, &M),
            Stream::Open {
                until: ms(t0, 1_950)
            }
        );
        // Further apart: closed between.
        let later = Some(ms(t0, 2_000));
        assert_eq!(
            wanted(ms(t0, 1_300), later, false, sounding, &M),
            Stream::Closed {
                until: Some(ms(t0, 1_850))
            }
        );
    }

    #[test]
    fn paused_wants_no_stream_once_the_last_sound_has_played_out() {
        let t0 = Instant::now();
        let due = Some(ms(t0, 100));
        assert_eq!(
            wanted(t0, due, true, None, &M),
            Stream::Closed { until: None }
        );
        // Paused during a chime: it plays to its end, then the stream closes.
        let sounding = Some(ms(t0, 1_000));
        assert_eq!(
            wanted(t0, due, true, sounding, &M),
            Stream::Open {
                until: ms(t0, 1_250)
            }
        );
        assert_eq!(
            wanted(ms(t0, 1_250), due, true, sounding, &M),
            Stream::Closed { until: None }
        );
    }

    #[test]
    fn a_due_time_the_sound_never_came_for_lets_the_stream_close() {
        let t0 = Instant::now();
        let due = Some(ms(t0, 1_000));
        // A little late: still open, waiting for it.
        assert_eq!(
            wanted(ms(t0, 1_100), due, false, None, &M),
            Stream::Open {
                until: ms(t0, 1_150)
            }
        );
        assert_eq!(
            wanted(ms(t0, 1_150), due, false, None, &M),
            Stream::Closed { until: None }
        );
    }
}
