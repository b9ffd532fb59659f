//! The exercise previewed or played: its length, today's look, and how far its preview
//! is scrolled.

use std::time::Duration;

use crate::exercise::{Exercise, MAX_TOTAL, StepKind};
use crate::timeline::{CueKind, Timeline};

/// Each ↑/↓ (or `+`/`-`) in the preview changes today's eye-contact look by this much.
pub const LOOK_STEP: Duration = Duration::from_millis(500);
/// The shortest look ↓ can choose.
pub const LOOK_MIN: Duration = Duration::from_millis(500);

/// The exercise being previewed or played, with today's look.
#[derive(Debug, Clone)]
pub struct Current {
    pub id: String,
    /// The exercise at the chosen length (as written at 1).
    pub exercise: Exercise,
    /// The exercise as written, which the length scales.
    pub written: Exercise,
    /// The chosen length, as a factor: 1 as written (`--length`, `-`/`+`).
    pub length: f64,
    /// Recorded completions, when known.
    pub count: Option<u32>,
    /// How many counted practices made the eye-contact look longer: sets today's look.
    /// The count, unless the person stayed at a look.
    pub grown: u32,
    /// The person chose, in the preview, to stay at today's look: this practice counts
    /// and the look does not grow from it.
    pub stays: bool,
    pub timeline: Timeline,
    /// Today's eye-contact look changed in the preview by this many [`LOOK_STEP`]s.
    pub look_steps: i32,
    /// A file run by path whose id is also a library exercise's: they share one count.
    pub shares_count: bool,
    /// The exercise file's folder, where its own sound files are; `None` for built-ins.
    pub folder: Option<std::path::PathBuf>,
    /// How far the preview's text is scrolled (PgDn/PgUp), in lines.
    pub scroll: u16,
    /// How far the preview's text can scroll, and how many lines it shows at once, as
    /// the view measured it in the last frame (only the view knows the window: the loop
    /// hands its measure to [`App::measured`]).
    pub room: Scroll,
    /// The option chosen at each choice step (by step), for this run only: nothing about
    /// a choice is kept.
    pub chosen: std::collections::BTreeMap<usize, usize>,
}

/// The room a scrolled view has, as it was last drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    /// The furthest it can scroll, in lines: 0 when everything fits.
    pub max: u16,
    /// Lines in view: one PgDn moves by one fewer, so a line stays for context.
    pub page: u16,
}

impl Current {
    pub fn new(id: String, exercise: Exercise, count: Option<u32>) -> Self {
        let timeline = Timeline::compile(&exercise, count.unwrap_or(0));
        Self {
            id,
            written: exercise.clone(),
            length: 1.0,
            exercise,
            count,
            grown: count.unwrap_or(0),
            stays: false,
            timeline,
            look_steps: 0,
            shares_count: false,
            folder: None,
            scroll: 0,
            room: Scroll::default(),
            chosen: Default::default(),
        }
    }

    /// As [`Current::new`], with today's look grown `grown` times (fewer than the count
    /// where the person stayed at a look).
    pub fn with_grown(mut self, grown: u32) -> Self {
        self.grown = grown;
        self.timeline = Timeline::compile(&self.exercise, grown);
        self
    }

    /// Whether "stay at this look" means anything here: today's look as the counts set
    /// it (raised, the practice is at another look; lowered, it isn't counted), and one
    /// that would grow after this practice.
    pub fn can_stay(&self) -> bool {
        self.look_steps == 0 && self.grows_by().is_some()
    }

    /// How much a counted practice adds to the first look that would still grow.
    pub fn grows_by(&self) -> Option<Duration> {
        self.exercise.steps.iter().find_map(|s| match &s.kind {
            StepKind::EyeContact(e) if e.would_grow(self.grown) => Some(e.grow),
            _ => None,
        })
    }

    /// Whether this practice, counted, makes the look longer next time.
    pub fn growth(&self) -> crate::exercise::Growth {
        match self.stays && self.can_stay() {
            true => crate::exercise::Growth::Stays,
            false => crate::exercise::Growth::Grows,
        }
    }

    /// The words step `i` shows as a prompt: a prompt's own, or a choice's chosen
    /// option's (the first until one is chosen).
    pub fn prompt(&self, i: usize) -> Option<std::borrow::Cow<'_, crate::exercise::Prompt>> {
        match &self.exercise.steps.get(i)?.kind {
            StepKind::Prompt(p) => Some(std::borrow::Cow::Borrowed(p)),
            StepKind::Choice(c) => c
                .prompt(self.chosen.get(&i).copied().unwrap_or(0))
                .map(std::borrow::Cow::Owned),
            _ => None,
        }
    }

    /// PgDn (`by` 1) or PgUp (-1) in the preview: false when there is nowhere to go.
    pub fn scroll_page(&mut self, by: i32) -> bool {
        let room = self.room;
        let step = room.page.saturating_sub(1).max(1);
        let to = if by > 0 {
            self.scroll.saturating_add(step).min(room.max)
        } else {
            self.scroll.saturating_sub(step)
        };
        let moved = to != self.scroll.min(room.max);
        self.scroll = to;
        moved
    }

    pub fn has_eye_contact(&self) -> bool {
        self.exercise
            .steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::EyeContact(_)))
    }

    /// Whether any step breathes: the pace keys do something only then.
    pub fn breathes(&self) -> bool {
        self.exercise
            .steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::Breathe(_)))
    }

    /// Today's look of the first eye-contact step, after any change in the preview.
    /// Today's looks in the first eye-contact step, from its first round to its last:
    /// the same at both ends unless the look ramps (`look = [2, 4]`).
    pub fn looks_today(&self) -> Option<(Duration, Duration)> {
        let first = self
            .timeline
            .cues
            .iter()
            .find(|c| c.kind == CueKind::Look)?;
        let last = self
            .timeline
            .cues
            .iter()
            .rfind(|c| c.kind == CueKind::Look && c.step == first.step)?;
        Some((first.length?, last.length?))
    }

    pub fn look_today(&self) -> Option<Duration> {
        self.timeline
            .cues
            .iter()
            .find(|c| c.kind == CueKind::Look)
            .and_then(|c| c.length)
    }

    /// Plays the exercise `factor` times as long; whether that length fits the limits
    /// (when it does not, nothing changes).
    pub fn set_length(&mut self, factor: f64) -> bool {
        let exercise = self.written.at_length(factor);
        if !exercise.fits() {
            return false;
        }
        let timeline =
            Timeline::compile_adjusted(&exercise, self.grown, self.look_steps, LOOK_STEP, LOOK_MIN);
        self.exercise = exercise;
        self.timeline = timeline;
        self.length = factor;
        true
    }

    /// One offered length longer (`by` = 1) or shorter (-1), skipping lengths that would
    /// pass the limits; whether it changed.
    pub fn change_length(&mut self, by: i32) -> bool {
        let offered = crate::exercise::LENGTHS;
        let at = offered
            .iter()
            .position(|&f| f >= self.length)
            .unwrap_or(offered.len() - 1);
        let mut i = at as i32;
        loop {
            i += by;
            let Some(&f) = usize::try_from(i).ok().and_then(|i| offered.get(i)) else {
                return false;
            };
            if self.set_length(f) {
                return true;
            }
        }
    }

    /// Moves today's look by `by` steps; whether it changed. Only looks that keep the
    /// whole practice inside the limits are offered.
    pub fn change_look(&mut self, by: i32) -> bool {
        if !self.has_eye_contact() {
            return false;
        }
        let steps = self.look_steps + by;
        let timeline =
            Timeline::compile_adjusted(&self.exercise, self.grown, steps, LOOK_STEP, LOOK_MIN);
        if timeline == self.timeline || timeline.total() >= MAX_TOTAL {
            return false;
        }
        self.timeline = timeline;
        self.look_steps = steps;
        true
    }
}
