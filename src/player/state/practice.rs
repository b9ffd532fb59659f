//! A practice in progress: the session against the clock, the anchor, and what has been
//! reported of it.

use std::time::Instant;

use super::{Action, Current, Effect, Recorded};

/// Why a practice that reached its end is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncounted {
    /// Every part was skipped: nothing was practised.
    AllSkipped,
    /// Eye contact that grows was skipped or lowered: the look stays as it was.
    LookEased,
}

impl Uncounted {
    /// Why, in a sentence for the closing screen.
    pub fn words(self) -> &'static str {
        match self {
            Uncounted::AllSkipped => crate::words::ALL_SKIPPED,
            Uncounted::LookEased => crate::words::LOOK_EASED,
        }
    }

    /// Why, in fewer words, for a window too small for [`Uncounted::words`].
    pub fn short_words(self) -> &'static str {
        match self {
            Uncounted::AllSkipped => crate::words::ALL_SKIPPED_SHORT,
            Uncounted::LookEased => crate::words::LOOK_EASED_SHORT,
        }
    }
}
use crate::exercise::StepKind;
use crate::session::{Moment, Session};
use crate::timeline::{CueKind, Timeline};

/// A practice in progress: the exercise, its session, and what has been said of it.
#[derive(Debug, Clone)]
pub struct Practice {
    pub current: Current,
    pub session: Session,
    /// The anchor is showing (the session is paused under it).
    pub anchor_open: bool,
    /// What became of this run's completion, once the end is reached.
    pub recorded: Option<Recorded>,
    /// The last cue reported as started.
    reported: Option<usize>,
    /// `n` was pressed during eye contact, or a look ended early.
    skipped_look: bool,
    /// A cue ran to its end, or one that waits was ended with Enter: something was
    /// practised, not only skipped through.
    practised: bool,
    /// The picker it was opened from, to go back to from the closing screen.
    pub from: Option<Box<super::Picker>>,
    /// Lines of a prompt's text scrolled past, where it does not fit the window (back
    /// to the top with each new cue), and the room it had when last drawn.
    pub text_scroll: u16,
    pub text_room: super::Scroll,
    /// While the clock waits for a timed prompt's spoken words: the latest it waits,
    /// so a speech service that never says it is done can't hold the practice, and the
    /// longest wait, which starts again when a pause ends (the words are said again).
    words_until: Option<(Instant, std::time::Duration)>,
}

impl Practice {
    /// Begins `current` at `now`, `speed` times faster than written (1 in practice),
    /// breathing at `pace` tenths of the authored pace.
    pub fn begin(current: Current, now: Instant, speed: f64, pace: u8) -> Self {
        let session = Session::start_at_speed(&current.timeline, now, speed).with_pace(pace);
        Self {
            current,
            session,
            anchor_open: false,
            recorded: None,
            reported: None,
            skipped_look: false,
            practised: false,
            from: None,
            words_until: None,
            text_scroll: 0,
            text_room: super::Scroll::default(),
        }
    }

    /// Whether reaching the end counts. For an exercise whose look grows with the count,
    /// a run that skipped eye contact or lowered today's look does not: the next
    /// practice must never be longer because this one was hard (SPEC §4). Nothing else
    /// is kept of it, so there is no tally of skipped eye contact anywhere.
    pub fn counts(&self) -> bool {
        self.uncounted().is_none()
    }

    /// Why reaching the end does not count, if it does not: said on the closing
    /// screen, once, without a word of failure.
    pub fn uncounted(&self) -> Option<Uncounted> {
        let grows = self
            .current
            .exercise
            .steps
            .iter()
            .any(|s| matches!(&s.kind, StepKind::EyeContact(e) if !e.grow.is_zero()));
        if !self.practised {
            Some(Uncounted::AllSkipped)
        } else if grows && (self.skipped_look || self.current.look_steps < 0) {
            Some(Uncounted::LookEased)
        } else {
            None
        }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.current.timeline
    }

    /// Where the practice is at `now`, without changing it.
    pub fn moment(&self, now: Instant) -> Moment {
        self.session.moment(now)
    }

    /// Advances time: the cue it lands on, if new, and the end the moment it is reached.
    pub fn tick(&mut self, now: Instant) -> Vec<Effect> {
        if let Some((until, _)) = self.words_until
            && now >= until
            && !self.session.is_paused()
        {
            self.words_ended(until);
        }
        let before = self.session.settled_cue();
        self.session.advance(now);
        let m = self.session.moment(now);
        // A cue ran to its end by itself (a skip moves the cue before the tick).
        self.practised |= m.cue > before;
        if m.finished {
            self.anchor_open = false;
            return vec![Effect::Completed];
        }
        if self.reported == Some(m.cue) {
            return Vec::new();
        }
        self.reported = Some(m.cue);
        self.text_scroll = 0;
        vec![Effect::CueStarted(m.cue)]
    }

    /// Whether the cue at `now` is a look.
    fn looking(&self, now: Instant) -> bool {
        self.current
            .timeline
            .cues
            .get(self.session.moment(now).cue)
            .is_some_and(|c| c.kind == CueKind::Look)
    }

    /// Ends the look under way (look away now): the step and its other rounds go on, and
    /// the look does not grow from this practice.
    fn end_look(&mut self, now: Instant) {
        self.session.end_cue(now);
        self.skipped_look = true;
    }

    /// Applies an action taken while playing. [`Action::Stop`] is the caller's.
    pub fn apply(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        // Enter during a look looks away now; so does going on after a pause or the
        // anchor during one, never straight back into the look.
        let looking = self.looking(now);
        let s = &mut self.session;
        if self.anchor_open {
            return match action {
                Action::Continue | Action::TogglePause | Action::Anchor => {
                    self.anchor_open = false;
                    s.resume(now);
                    if looking {
                        self.end_look(now);
                    }
                    self.words_again(&[Effect::Resumed], now);
                    vec![Effect::Resumed]
                }
                Action::TimeLeft => vec![Effect::TimeLeft],
                _ => vec![Effect::Refused],
            };
        }
        let timeline = &self.current.timeline;
        let paused = s.is_paused();
        let mut effects = match action {
            Action::TogglePause if paused => {
                s.resume(now);
                vec![Effect::Resumed]
            }
            Action::TogglePause => {
                s.pause(now);
                vec![Effect::Paused]
            }
            // Paused during a look, Enter goes on by looking away, as the footer says;
            // elsewhere it resumes.
            Action::Continue if paused => {
                s.resume(now);
                if looking {
                    self.end_look(now);
                }
                vec![Effect::Resumed]
            }
            // At a choice, a number chooses that option, whose words then play; Enter
            // alone is "none of these", and the step is over. Neither is kept.
            Action::Choose(k) => match timeline.cues.get(s.moment(now).cue) {
                Some(c)
                    if c.kind == CueKind::Choose
                        && matches!(&self.current.exercise.steps[c.step].kind,
                            crate::exercise::StepKind::Choice(ch) if usize::from(k) < ch.options.len()) =>
                {
                    self.current.chosen.insert(c.step, usize::from(k));
                    s.continue_untimed(now);
                    self.practised = true;
                    Vec::new()
                }
                _ => vec![Effect::Refused],
            },
            Action::Continue
                if timeline
                    .cues
                    .get(s.moment(now).cue)
                    .is_some_and(|c| c.kind == CueKind::Choose) =>
            {
                s.skip_step(timeline, now);
                Vec::new()
            }
            // During a look, Enter ends this look only; the step goes on.
            Action::Continue if looking => {
                self.end_look(now);
                Vec::new()
            }
            Action::Continue => {
                s.advance(now);
                let before = s.settled_cue();
                s.continue_untimed(now);
                // A step that waits, ended by the person: practised.
                self.practised |= s.settled_cue() > before;
                Vec::new()
            }
            Action::Next => {
                let m = s.moment(now);
                if timeline.cues.get(m.cue).is_some_and(|c| {
                    matches!(c.kind, CueKind::Look | CueKind::Away | CueKind::LeadIn)
                        && matches!(
                            self.current.exercise.steps.get(c.step).map(|s| &s.kind),
                            Some(crate::exercise::StepKind::EyeContact(_))
                        )
                }) {
                    self.skipped_look = true;
                }
                s.skip_step(timeline, now);
                Vec::new()
            }
            Action::Back => {
                s.back_step(timeline, now);
                // The step begins again: its first cue is announced again.
                self.reported = None;
                Vec::new()
            }
            Action::Slower | Action::Faster if !self.current.breathes() => vec![Effect::Refused],
            Action::Slower => {
                let before = s.pace();
                let after = s.slower(now);
                vec![if after == before {
                    Effect::Refused
                } else {
                    Effect::Pace(after)
                }]
            }
            Action::Faster => {
                let before = s.pace();
                let after = s.faster(now);
                vec![if after == before {
                    Effect::Refused
                } else {
                    Effect::Pace(after)
                }]
            }
            Action::Anchor => {
                s.pause(now);
                self.anchor_open = true;
                vec![Effect::Anchor]
            }
            Action::TimeLeft => vec![Effect::TimeLeft],
            // A prompt longer than the window: the next or the previous page of it,
            // paused or not.
            Action::PageDown | Action::PageUp => {
                let room = self.text_room;
                let step = room.page.saturating_sub(1).max(1);
                let at = self.text_scroll.min(room.max);
                let to = match action {
                    Action::PageDown => at.saturating_add(step).min(room.max),
                    _ => at.saturating_sub(step),
                };
                self.text_scroll = to;
                if to == at {
                    vec![Effect::Refused]
                } else {
                    Vec::new()
                }
            }
            _ => vec![Effect::Refused],
        };
        self.words_again(&effects, now);
        effects.extend(self.tick(now));
        effects
    }

    /// When the next sound is due, if it begins by itself, and which: the first upcoming
    /// cue that plays one, or the end (its chime). `None` while paused or before a cue
    /// that waits for the person.
    pub fn next_sound(&self, now: Instant) -> Option<(Instant, crate::sound::cue::Play)> {
        let (ex, t) = (&self.current.exercise, &self.current.timeline);
        self.session.upcoming(now).find_map(|(i, at)| {
            let sound = match t.cues.get(i) {
                None => Some(crate::sound::cue::END),
                Some(_) => crate::sound::cue::for_cue(ex, t, i),
            };
            let folder = self.current.folder.clone();
            sound.map(|sound| (at, crate::sound::cue::Play { sound, folder }))
        })
    }

    /// The clock waits for the words just begun to be said, at most `longest`.
    pub fn wait_for_words(&mut self, now: Instant, longest: std::time::Duration) {
        self.session.hold(now);
        self.words_until = Some((now + longest, longest));
    }

    /// A pause ended while the clock waited for words: they are said again from the
    /// start, and the longest wait starts again with them.
    fn words_again(&mut self, effects: &[Effect], now: Instant) {
        if effects.contains(&Effect::Resumed)
            && let Some((until, longest)) = &mut self.words_until
        {
            *until = now + *longest;
        }
    }

    /// The words were said (or will not be): the clock runs from `now`.
    pub fn words_ended(&mut self, now: Instant) {
        self.words_until = None;
        self.session.release(now);
    }

    /// Whether the clock is waiting for spoken words.
    pub fn waiting_for_words(&self) -> bool {
        self.session.is_held()
    }

    /// Pauses before the terminal is handed back, so nothing moves on meanwhile.
    pub fn pause(&mut self, now: Instant) {
        if !self.session.is_paused() {
            self.session.pause(now);
        }
    }
}
