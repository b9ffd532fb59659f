//! The seams between the players and the world: where completions are recorded and
//! where cue sounds would play. The players call these; tests pass recorders.

use std::time::Instant;

use crate::player::state::Current;

/// What became of a completion, for the closing words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Counted; the new total.
    Counted(u32),
    /// Counted, but counts are hidden (`show_counts = false`).
    Hidden,
    /// Not recorded on purpose: `--no-record`, `record = false` or `--speed`.
    Off,
    /// Could not be recorded; one sentence on why.
    Failed(String),
    /// Another steady holds the counts' lock: still trying, with keys alive meanwhile
    /// (see [`Edges::retry_record`]).
    Saving,
    /// Another steady held the lock too long, or the person left while waiting: not
    /// counted.
    Busy,
}

pub trait Edges {
    /// Records a completion of `id`, the moment the end is reached.
    fn record_completion(&mut self, id: &str) -> Recorded;
    /// Tries again a completion that came back [`Recorded::Saving`]: `None` while still
    /// waiting. Never blocks; the edges give up by themselves after a few seconds of `now`.
    fn retry_record(&mut self, _now: Instant) -> Option<Recorded> {
        Some(Recorded::Busy)
    }
    /// The person left while a completion was still [`Recorded::Saving`].
    fn abandon_record(&mut self) -> Recorded {
        Recorded::Busy
    }
    /// Cue `cue` of `cur`'s timeline began.
    fn cue_started(&mut self, _cur: &Current, _cue: usize) {}
    /// The person muted or unmuted.
    fn set_muted(&mut self, _muted: bool) {}
    /// A few words for the footer about the edges (e.g. that sound is off), if any.
    fn notice(&self) -> Option<&'static str> {
        None
    }
    /// False while something is still starting (the sound device opening).
    fn settled(&self) -> bool {
        true
    }
}

/// Edges that keep nothing and play nothing.
pub struct Quiet;

impl Edges for Quiet {
    fn record_completion(&mut self, _id: &str) -> Recorded {
        Recorded::Off
    }
}
