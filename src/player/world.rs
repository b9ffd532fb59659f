//! What a practice touches outside itself: where a completion is recorded and where a
//! cue's sound plays. Both players call this trait; tests pass recorders.

use std::time::Instant;

use super::state::Current;
pub use super::state::Recorded;

pub trait World {
    /// Records a completion of `id`, the moment the end is reached; `growth`: whether it
    /// makes a growing eye-contact look longer next time.
    fn record_completion(&mut self, id: &str, growth: crate::exercise::Growth) -> Recorded;
    /// The end was reached in a run that does not count (`why`: every part skipped, or
    /// eye contact skipped or lowered where the look grows): the end as usual, nothing
    /// recorded, and why, unless counting is off anyway.
    fn end_uncounted(&mut self, why: super::state::Uncounted) -> Recorded {
        Recorded::Uncounted(why)
    }
    /// Tries again a completion that came back [`Recorded::Saving`]: `None` while still
    /// waiting. Never blocks; the world gives up by itself after a few seconds of `now`.
    fn retry_record(&mut self, _now: Instant) -> Option<Recorded> {
        Some(Recorded::Busy)
    }
    /// The person left while a completion was still [`Recorded::Saving`].
    fn abandon_record(&mut self) -> Recorded {
        Recorded::Busy
    }
    /// Cue `cue` of `cur`'s timeline began.
    fn cue_started(&mut self, _cur: &Current, _cue: usize) {}
    /// The next sound and when it is due (`None`: no time is known), and whether the
    /// practice is paused; said on every tick, so sound can be ready just in time, start
    /// on its moment, and be closed between.
    fn ahead(&mut self, _next: Option<(Instant, crate::sound::cue::Play)>, _paused: bool) {}
    /// The player's first screen (or plain mode's first lines) is out: what was kept
    /// from delaying it (finding the sound device) may start. Called again after later
    /// screens; only the first call does anything.
    fn shown(&mut self) {}
    /// The person muted or unmuted.
    fn set_muted(&mut self, _muted: bool) {}
    /// Spoken guidance was turned on or off.
    fn set_voice(&mut self, _on: bool) {}
    /// Says something, says the last sentence again, or falls silent (spoken guidance).
    fn speak(&mut self, _speech: &super::spoken::Speech) {}
    /// Whether the last sentence handed to [`World::speak`] has been said, cut off or
    /// can't be said: a timed prompt's clock waits for it. Never blocks.
    fn words_done(&mut self) -> bool {
        true
    }
    /// A few words for the footer about the world (e.g. that sound is off), if any.
    fn notice(&self) -> Option<&'static str> {
        None
    }
    /// False while something is still starting (the sound device opening).
    fn settled(&self) -> bool {
        true
    }
}
