//! The session: a pure state machine over a timeline. Given the instant the person
//! began, their pauses, skips and pace changes, [`Session::at`] says which cue is
//! playing, how far into it, and how long is left. Nothing here reads a clock or
//! sleeps: every `now` is passed in, so tests step time exactly.
//!
//! Time never accumulates by frames. The session keeps an anchor — the real instant a
//! cue began (or resumed) and the authored progress at that instant — and moves it
//! forward only by whole, exactly computed cue lengths, so cues cannot drift however
//! long the exercise runs.

use std::time::{Duration, Instant};

use crate::timeline::{Cue, Timeline};

/// Breathing pace in tenths of the authored speed: 10 is as written, 5 is half speed.
pub const PACE_AUTHORED: u8 = 10;
pub const PACE_SLOWEST: u8 = 5;

/// What is true at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Index of the current cue; equals the number of cues once finished.
    pub cue: usize,
    /// Authored time into the current cue (what fraction of the phase has passed).
    pub into: Duration,
    /// Real time left in the current cue at the current pace; `None` while waiting for
    /// the person (`until = "key"`).
    pub cue_left: Option<Duration>,
    /// Real time left in the whole exercise at the current pace, untimed steps as zero.
    pub total_left: Duration,
    pub paused: bool,
    pub finished: bool,
    pub pace: u8,
}

impl Moment {
    /// Progress through the current cue, 0.0 to 1.0 (0 for an untimed cue).
    pub fn progress(&self, timeline: &Timeline) -> f64 {
        match timeline.cues.get(self.cue).and_then(|c| c.length) {
            Some(len) if !len.is_zero() => {
                (self.into.as_secs_f64() / len.as_secs_f64()).clamp(0.0, 1.0)
            }
            _ => 0.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    /// Suffix sums of authored time: `(paced, everything else)` from cue `i` on; paced
    /// cues are the moving parts of a breath, which ↓/↑ stretch (holds are not).
    rest: Vec<(Duration, Duration)>,
    lengths: Vec<(Option<Duration>, bool)>,
    /// Soft-timed cues: timed as a guide, then waiting for Enter.
    soft: Vec<bool>,
    cue: usize,
    /// Authored progress into `cue` at `anchor`.
    into: Duration,
    /// The real instant at which `cue` had progressed `into`.
    anchor: Instant,
    paused: bool,
    /// The clock waits for spoken words to end (a timed prompt, voice on): as a pause,
    /// but not the person's, so their own pause and resume keep their meaning.
    held: bool,
    pace: u8,
    /// `--speed`: every cue runs this many times faster, for previewing. 1 in practice.
    speed: f64,
}

impl Session {
    /// Starts the session at `now`, at the authored pace.
    pub fn start(timeline: &Timeline, now: Instant) -> Self {
        Self::start_at_speed(timeline, now, 1.0)
    }

    /// Starts a preview running `speed` times faster than written (`--speed`).
    pub fn start_at_speed(timeline: &Timeline, now: Instant, speed: f64) -> Self {
        let lengths: Vec<(Option<Duration>, bool)> = timeline
            .cues
            .iter()
            .map(|c: &Cue| (c.length, c.kind.is_paced()))
            .collect();
        let mut rest = vec![(Duration::ZERO, Duration::ZERO); lengths.len() + 1];
        for (i, &(len, paced)) in lengths.iter().enumerate().rev() {
            let (b, o) = rest[i + 1];
            let len = len.unwrap_or_default();
            rest[i] = if paced { (b + len, o) } else { (b, o + len) };
        }
        let soft = timeline
            .cues
            .iter()
            .map(|c| c.waits && c.length.is_some())
            .collect();
        Self {
            rest,
            lengths,
            soft,
            cue: 0,
            into: Duration::ZERO,
            anchor: now,
            paused: false,
            held: false,
            pace: PACE_AUTHORED,
            speed: if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                1.0
            },
        }
    }

    /// The same session at breathing `pace` (tenths, clamped to half speed and as
    /// written) from its start: the config's `pace`. Call it before any time passes.
    pub fn with_pace(mut self, pace: u8) -> Self {
        self.pace = pace.clamp(PACE_SLOWEST, PACE_AUTHORED);
        self
    }

    /// Real time that `authored` time of a cue takes at the current pace.
    fn real(&self, authored: Duration, paced: bool) -> Duration {
        let stretched = if paced && self.pace != PACE_AUTHORED {
            authored * u32::from(PACE_AUTHORED) / u32::from(self.pace)
        } else {
            authored
        };
        if self.speed == 1.0 {
            stretched
        } else {
            stretched.div_f64(self.speed)
        }
    }

    /// Authored time that `real` time covers in a cue at the current pace.
    fn authored(&self, real: Duration, paced: bool) -> Duration {
        let real = if self.speed == 1.0 {
            real
        } else {
            real.mul_f64(self.speed)
        };
        if paced && self.pace != PACE_AUTHORED {
            real * u32::from(self.pace) / u32::from(PACE_AUTHORED)
        } else {
            real
        }
    }

    /// Where the anchor would be at `now`: moved over every cue that has ended by then,
    /// exactly. Returns (cue, authored progress into it, the instant of that progress).
    fn walk(&self, now: Instant) -> (usize, Duration, Instant) {
        let (mut cue, mut into, mut anchor) = (self.cue, self.into, self.anchor);
        if self.stopped() {
            return (cue, into, anchor);
        }
        while let Some(&(len, paced)) = self.lengths.get(cue) {
            let Some(len) = len else { break };
            // A soft-timed cue never moves on by itself: its time is a guide.
            if self.soft.get(cue) == Some(&true) {
                break;
            }
            let end = anchor + self.real(len.saturating_sub(into), paced);
            if now < end {
                break;
            }
            anchor = end;
            cue += 1;
            into = Duration::ZERO;
        }
        (cue, into, anchor)
    }

    /// Moves the anchor over every cue that has ended by `now`. Called once per tick by
    /// the player that owns the session; [`Session::moment`] then only reads.
    pub fn advance(&mut self, now: Instant) {
        (self.cue, self.into, self.anchor) = self.walk(now);
    }

    /// Where the session is at `now`, without changing it: views and deadlines read
    /// this. Call with instants no earlier than the last [`Session::advance`].
    pub fn moment(&self, now: Instant) -> Moment {
        let (cue, anchored_into, anchor) = self.walk(now);
        let finished = cue >= self.lengths.len();
        let (into, cue_left) = match self.lengths.get(cue) {
            Some(&(Some(len), paced)) => {
                let elapsed = if self.stopped() {
                    Duration::ZERO
                } else {
                    now.saturating_duration_since(anchor)
                };
                let into = (anchored_into + self.authored(elapsed, paced)).min(len);
                let waiting = into >= len && self.soft.get(cue) == Some(&true);
                (into, (!waiting).then(|| self.real(len - into, paced)))
            }
            Some(&(None, _)) => (Duration::ZERO, None),
            None => (Duration::ZERO, Some(Duration::ZERO)),
        };
        let (b, o) = self.rest.get(cue + 1).copied().unwrap_or_default();
        let total_left = cue_left.unwrap_or_default() + self.real(b, true) + self.real(o, false);
        Moment {
            cue,
            into,
            cue_left,
            total_left,
            paused: self.paused,
            finished,
            pace: self.pace,
        }
    }

    /// [`Session::advance`], then [`Session::moment`]. Call with non-decreasing instants.
    pub fn at(&mut self, now: Instant) -> Moment {
        self.advance(now);
        self.moment(now)
    }

    /// Re-anchors at `now`, keeping the authored progress: before any change of
    /// pause or pace, so time before the change is counted at the old rate.
    fn settle(&mut self, now: Instant) {
        let m = self.at(now);
        self.into = m.into;
        self.anchor = now;
    }

    pub fn pause(&mut self, now: Instant) {
        self.settle(now);
        self.paused = true;
    }

    pub fn resume(&mut self, now: Instant) {
        self.settle(now);
        self.paused = false;
    }

    /// Holds the clock until [`Session::release`]: the words of a cue are still being
    /// said. Moving to another step lets go of it.
    pub fn hold(&mut self, now: Instant) {
        self.settle(now);
        self.held = true;
    }

    pub fn release(&mut self, now: Instant) {
        if self.held {
            self.settle(now);
            self.held = false;
        }
    }

    pub fn is_held(&self) -> bool {
        self.held
    }

    /// Whether the clock stands still, by the person's pause or a hold.
    fn stopped(&self) -> bool {
        self.paused || self.held
    }

    pub fn toggle_pause(&mut self, now: Instant) {
        if self.paused {
            self.resume(now);
        } else {
            self.pause(now);
        }
    }

    pub fn pace(&self) -> u8 {
        self.pace
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    /// Jumps to the first cue of the next step (`step_starts` from the timeline).
    pub fn skip_step(&mut self, timeline: &Timeline, now: Instant) {
        self.advance(now);
        let Some(cue) = timeline.cues.get(self.cue) else {
            return;
        };
        self.cue = timeline.step_starts[cue.step + 1];
        self.into = Duration::ZERO;
        self.anchor = now;
        self.held = false;
    }

    /// Goes back to the start of the previous step; in the first step, to its own start
    /// (a region skipped by accident can be had again).
    pub fn back_step(&mut self, timeline: &Timeline, now: Instant) {
        self.advance(now);
        let step = match timeline.cues.get(self.cue) {
            Some(c) => c.step,
            None => timeline.step_starts.len().saturating_sub(2),
        };
        let Some(&cue) = timeline.step_starts.get(step.saturating_sub(1)) else {
            return;
        };
        self.cue = cue;
        self.into = Duration::ZERO;
        self.anchor = now;
        self.held = false;
    }

    /// Ends a cue that waits for the person (a soft-timed one at any moment); does
    /// nothing on a timed cue.
    pub fn continue_untimed(&mut self, now: Instant) {
        self.advance(now);
        let soft = self.soft.get(self.cue) == Some(&true);
        if soft || matches!(self.lengths.get(self.cue), Some((None, _))) {
            self.cue += 1;
            self.into = Duration::ZERO;
            self.anchor = now;
            self.held = false;
        }
    }

    /// The cue as of the last [`Session::advance`] (or skip), without walking to now.
    pub fn settled_cue(&self) -> usize {
        self.cue
    }

    /// Ends the current cue now, whatever its time (a look ended early, to look away).
    pub fn end_cue(&mut self, now: Instant) {
        self.advance(now);
        if self.cue < self.lengths.len() {
            self.cue += 1;
            self.into = Duration::ZERO;
            self.anchor = now;
            self.held = false;
        }
    }

    /// One 10% step slower, down to half speed. Returns the new pace.
    pub fn slower(&mut self, now: Instant) -> u8 {
        self.set_pace(now, self.pace.saturating_sub(1).max(PACE_SLOWEST))
    }

    /// One 10% step faster, up to the authored pace. Returns the new pace.
    pub fn faster(&mut self, now: Instant) -> u8 {
        self.set_pace(now, (self.pace + 1).min(PACE_AUTHORED))
    }

    fn set_pace(&mut self, now: Instant, pace: u8) -> u8 {
        if pace != self.pace {
            self.settle(now);
            self.pace = pace;
        }
        self.pace
    }

    /// The cues that will begin by themselves from `now` on, each with the instant it
    /// begins, in order: none while paused, and none past a cue that waits for the
    /// person. The last, numbered one past the last cue, is the end.
    pub fn upcoming(&self, now: Instant) -> impl Iterator<Item = (usize, Instant)> + '_ {
        let (cue, into, anchor) = self.walk(now);
        let first = (!self.stopped())
            .then(|| self.end_of(cue, into, anchor))
            .flatten()
            .map(|end| (cue + 1, end));
        std::iter::successors(first, move |&(i, at)| {
            self.end_of(i, Duration::ZERO, at).map(|end| (i + 1, end))
        })
    }

    /// When cue `cue`, `into` its authored length at `anchor`, ends by itself, if it does.
    fn end_of(&self, cue: usize, into: Duration, anchor: Instant) -> Option<Instant> {
        let &(len, paced) = self.lengths.get(cue)?;
        if self.soft.get(cue) == Some(&true) {
            return None;
        }
        Some(anchor + self.real(len?.saturating_sub(into), paced))
    }

    /// When the current cue ends, if it is timed and running: the loop sleeps until then.
    /// A soft-timed cue's guide time counts until it has passed; then nothing is due.
    pub fn cue_deadline(&self, now: Instant) -> Option<Instant> {
        if self.stopped() {
            return None;
        }
        let (cue, into, anchor) = self.walk(now);
        let &(len, paced) = self.lengths.get(cue)?;
        let end = anchor + self.real(len?.saturating_sub(into), paced);
        (self.soft.get(cue) != Some(&true) || end > now).then_some(end)
    }
}
