//! The practice engine both players share: the screens, each carrying its own data,
//! and a practice in progress. [`Action`]s and the clock go in; [`Effect`]s (a cue
//! began, the end was reached, the person paused) come out for the player to carry out
//! in its own way: the full-screen player draws and plays sounds, plain mode prints a
//! line. No terminal, clock, key type or file here.

use std::time::{Duration, Instant};

use crate::exercise::{Exercise, MAX_TOTAL, State, StepKind};
use crate::session::{Moment, PACE_AUTHORED, Session};
use crate::timeline::{CueKind, Timeline};

/// Each ↑/↓ (or `+`/`-`) in the preview changes today's eye-contact look by this much.
pub const LOOK_STEP: Duration = Duration::from_millis(500);
/// The shortest look ↓ can choose.
pub const LOOK_MIN: Duration = Duration::from_millis(500);

/// What a person can ask for, whatever the way of asking: a key in the full-screen
/// player, a typed word in plain mode. The keymaps in [`super::keys`] turn one into
/// the other, and their hints come from the same tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Stop the practice, or leave the preview or the picker. Always allowed.
    Stop,
    /// q or Esc: as [`Action::Stop`], except that a preview opened from the picker goes
    /// back to the picker.
    Leave,
    /// Begin the practice (in the preview).
    Begin,
    /// Pause, or resume.
    TogglePause,
    /// Move on: resume from a pause, close the anchor, or end a step that waits.
    Continue,
    /// Skip to the next step.
    Next,
    /// Back to the start of the previous step (in the first, to its own start).
    Back,
    /// Slow the breathing by a tenth, down to half speed.
    Slower,
    /// Speed the breathing up by a tenth, up to the authored pace.
    Faster,
    /// Pause and show the anchor.
    Anchor,
    /// Mute or unmute.
    Mute,
    /// Say how long is left and which step this is (plain mode; on screen already).
    TimeLeft,
    /// A longer look today (in the preview).
    LookLonger,
    /// A shorter look today (in the preview).
    LookShorter,
    /// The whole practice longer, or shorter, by one of the offered lengths (preview).
    Longer,
    Shorter,
    /// Step aside for the shell (Ctrl-Z), paused.
    Suspend,
    /// In the picker: add a character to the filter (`q` leaves when it is empty).
    Type(char),
    /// In the picker: remove the filter's last character.
    Erase,
    /// In the picker: clear the filter, or leave when it is empty.
    ClearOrLeave,
    /// In the picker: the choice above, or below.
    Up,
    Down,
    /// In the picker: open the highlighted exercise's preview.
    Open,
    /// In the preview: the next, or the previous, page of its text.
    PageDown,
    PageUp,
}

/// How the player ended, for the calm line printed after the terminal is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Left before beginning: nothing to say.
    Left,
    /// Stopped during the exercise.
    Stopped,
    /// Reached the end (the completion was already recorded).
    Completed,
}

/// What the player should carry out after an action or a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// A cue began: its chime, and in plain mode its line. Only the cue a skip or a
    /// tick lands on, never the ones it passed.
    CueStarted(usize),
    /// The end was reached: record the completion now.
    Completed,
    /// The person muted (true) or unmuted.
    Muted(bool),
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    Suspend,
    Paused,
    Resumed,
    /// Paused, with the anchor showing.
    Anchor,
    /// The person asked how long is left.
    TimeLeft,
    /// The breathing pace changed, in tenths of the authored pace.
    Pace(u8),
    /// Today's look changed in the preview.
    Look(Duration),
    /// The length changed in the preview: the factor.
    Length(u32),
    /// Asked for something that can't be had here (plain mode says so).
    Refused,
}

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
    /// Another steady holds the counts' lock: still trying, with keys alive meanwhile.
    Saving,
    /// Another steady held the lock too long, or the person left while waiting: not
    /// counted.
    Busy,
}

/// An exercise the picker can offer.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    /// The exercise file's folder, for its sound files; `None` for built-ins.
    pub folder: Option<std::path::PathBuf>,
    pub exercise: Exercise,
    /// Recorded completions: they set today's eye-contact look, and show when counts do.
    pub count: Option<u32>,
    pub length: String,
}

/// A file in the person's folder that does not load: listed, never hidden, with the
/// command that says what is wrong.
#[derive(Debug, Clone)]
pub struct Broken {
    pub id: String,
    pub path: std::path::PathBuf,
}

/// One row of the picker's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// "Which is closer right now?": one of its two answers.
    Ask(State),
    /// An exercise: an index into [`Picker::choices`].
    Choice(usize),
    /// A file with errors: an index into [`Picker::broken`].
    Broken(usize),
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub choices: Vec<Choice>,
    pub broken: Vec<Broken>,
    pub filter: String,
    /// Index into [`Picker::rows`].
    pub selected: usize,
    /// Show each choice's count (`show_counts`); the counts still set today's looks.
    pub show_counts: bool,
    /// The answer to "which is closer right now?", for this visit only: never stored.
    pub state: Option<State>,
}

impl Picker {
    /// The list as shown: the question's two answers (until one is chosen, and while
    /// nothing is typed), then the exercises matching the filter (those that suit the
    /// answer first), then files with errors.
    pub fn rows(&self) -> Vec<Row> {
        let f = self.filter.to_lowercase();
        let mut rows = Vec::new();
        if f.is_empty() && self.state.is_none() {
            rows.extend(State::ALL.map(Row::Ask));
        }
        let mut shown = self.visible();
        // A stable sort: within each group, the usual order.
        shown.sort_by_key(|&i| !self.suits(i));
        rows.extend(shown.into_iter().map(Row::Choice));
        rows.extend(
            (0..self.broken.len())
                .filter(|&i| f.is_empty() || self.broken[i].id.to_lowercase().contains(&f))
                .map(Row::Broken),
        );
        rows
    }

    /// Whether choice `i` suits the answer given, if any.
    pub fn suits(&self, i: usize) -> bool {
        self.state
            .is_some_and(|s| self.choices[i].exercise.suits.contains(&s))
    }

    /// The highlighted row.
    pub fn row(&self) -> Option<Row> {
        self.rows().get(self.selected).copied()
    }

    /// Choices matching the filter, as indices into `choices`: id, title or a tag.
    pub fn visible(&self) -> Vec<usize> {
        let f = self.filter.to_lowercase();
        (0..self.choices.len())
            .filter(|&i| {
                let c = &self.choices[i];
                f.is_empty()
                    || c.id.to_lowercase().contains(&f)
                    || c.exercise.title.to_lowercase().contains(&f)
                    || c.exercise
                        .tags
                        .iter()
                        .any(|t| t.to_lowercase().contains(&f))
            })
            .collect()
    }

    fn act(&mut self, action: Action) -> PickerOutcome {
        let n = self.rows().len();
        match action {
            Action::ClearOrLeave if !self.filter.is_empty() => {
                self.filter.clear();
                self.selected = 0;
            }
            // Esc after an answer: back to the usual order and the question.
            Action::ClearOrLeave if self.state.is_some() => {
                self.state = None;
                self.selected = 0;
            }
            Action::ClearOrLeave | Action::Stop => return PickerOutcome::Leave,
            Action::Type(c) if self.filter.is_empty() && c.eq_ignore_ascii_case(&'q') => {
                return PickerOutcome::Leave;
            }
            Action::Type(c) => {
                self.filter.push(c);
                self.selected = 0;
            }
            Action::Erase => {
                self.filter.pop();
                self.selected = 0;
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down if n > 0 => self.selected = (self.selected + 1).min(n - 1),
            Action::Open => match self.row() {
                Some(Row::Ask(s)) => {
                    self.state = Some(s);
                    self.selected = 0;
                }
                Some(Row::Choice(i)) => {
                    let c = &self.choices[i];
                    let mut cur = Current::new(c.id.clone(), c.exercise.clone(), c.count);
                    cur.folder = c.folder.clone();
                    return PickerOutcome::Open(Box::new(cur));
                }
                // A file with errors opens nothing; the pane says how to see them.
                Some(Row::Broken(_)) | None => {}
            },
            _ => {}
        }
        PickerOutcome::Stay
    }
}

enum PickerOutcome {
    Stay,
    Leave,
    Open(Box<Current>),
}

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
    /// Recorded completions, when known: sets today's eye-contact look.
    pub count: Option<u32>,
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
            timeline,
            look_steps: 0,
            shares_count: false,
            folder: None,
            scroll: 0,
            room: Scroll::default(),
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
        let timeline = Timeline::compile_adjusted(
            &exercise,
            self.count.unwrap_or(0),
            self.look_steps,
            LOOK_STEP,
            LOOK_MIN,
        );
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
        let timeline = Timeline::compile_adjusted(
            &self.exercise,
            self.count.unwrap_or(0),
            steps,
            LOOK_STEP,
            LOOK_MIN,
        );
        if timeline == self.timeline || timeline.total() >= MAX_TOTAL {
            return false;
        }
        self.timeline = timeline;
        self.look_steps = steps;
        true
    }
}

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
    /// `n` was pressed during eye contact.
    skipped_look: bool,
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
        }
    }

    /// Whether reaching the end counts. For an exercise whose look grows with the count,
    /// a run that skipped eye contact or lowered today's look does not: the next
    /// practice must never be longer because this one was hard (SPEC §4). Nothing else
    /// is kept of it, so there is no tally of skipped eye contact anywhere.
    pub fn counts(&self) -> bool {
        let grows = self
            .current
            .exercise
            .steps
            .iter()
            .any(|s| matches!(&s.kind, StepKind::EyeContact(e) if !e.grow.is_zero()));
        !(grows && (self.skipped_look || self.current.look_steps < 0))
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
        self.session.advance(now);
        let m = self.session.moment(now);
        if m.finished {
            self.anchor_open = false;
            return vec![Effect::Completed];
        }
        if self.reported == Some(m.cue) {
            return Vec::new();
        }
        self.reported = Some(m.cue);
        vec![Effect::CueStarted(m.cue)]
    }

    /// Applies an action taken while playing. [`Action::Stop`] is the caller's.
    pub fn apply(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        let s = &mut self.session;
        if self.anchor_open {
            return match action {
                Action::Continue | Action::TogglePause | Action::Anchor => {
                    self.anchor_open = false;
                    s.resume(now);
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
            Action::Continue if paused => {
                s.resume(now);
                vec![Effect::Resumed]
            }
            Action::Continue => {
                s.continue_untimed(now);
                Vec::new()
            }
            Action::Next => {
                let m = s.moment(now);
                if timeline
                    .cues
                    .get(m.cue)
                    .is_some_and(|c| matches!(c.kind, CueKind::Look | CueKind::Away))
                {
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
            _ => vec![Effect::Refused],
        };
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

    /// Pauses before the terminal is handed back, so nothing moves on meanwhile.
    pub fn pause(&mut self, now: Instant) {
        if !self.session.is_paused() {
            self.session.pause(now);
        }
    }
}

/// What is on screen, with the data only that screen has: a practice can't be
/// playing without its session, nor a preview lack its exercise.
#[derive(Debug, Clone)]
pub enum Screen {
    Picker(Picker),
    Preview {
        current: Current,
        /// The picker it was opened from, to go back to.
        from: Option<Picker>,
    },
    Playing(Practice),
    Closing(Practice),
}

/// Which screen, without its data: for snapshots of what is visible, and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    Picker,
    Preview,
    Playing,
    Closing,
}

#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub muted: bool,
    pub reduced_motion: bool,
    /// Colour is off with `NO_COLOR`.
    pub color: bool,
    /// `--speed`: how many times faster than written (1 in practice).
    pub speed: f64,
    /// The breathing pace a practice begins at, in tenths (the `pace` setting).
    pub pace: u8,
    /// The length a preview opens at (`--length`), as a factor.
    pub length: f64,
    /// The window is too small to show the practice: it stays paused, and can't begin.
    pub too_small: bool,
    /// Shown in the footer, e.g. that counts can't be saved.
    pub notice: Option<String>,
    /// Shown in the footer when sound is off, and why.
    pub sound_notice: Option<&'static str>,
    /// Sound is on and can be heard: the preview says soft tones will play.
    pub sound_ready: bool,
    pub outcome: Option<Outcome>,
}

impl App {
    fn new(screen: Screen) -> Self {
        Self {
            screen,
            muted: false,
            reduced_motion: false,
            color: true,
            speed: 1.0,
            pace: PACE_AUTHORED,
            length: 1.0,
            too_small: false,
            notice: None,
            sound_notice: None,
            sound_ready: false,
            outcome: None,
        }
    }

    /// Starts at the preview of one exercise.
    pub fn for_exercise(current: Current) -> Self {
        Self::new(Screen::Preview {
            current,
            from: None,
        })
    }

    /// Starts at the picker.
    pub fn for_picker(picker: Picker) -> Self {
        Self::new(Screen::Picker(picker))
    }

    pub fn kind(&self) -> ScreenKind {
        match self.screen {
            Screen::Picker(_) => ScreenKind::Picker,
            Screen::Preview { .. } => ScreenKind::Preview,
            Screen::Playing(_) => ScreenKind::Playing,
            Screen::Closing(_) => ScreenKind::Closing,
        }
    }

    /// The exercise previewed, playing or just ended.
    pub fn current(&self) -> Option<&Current> {
        match &self.screen {
            Screen::Picker(_) => None,
            Screen::Preview { current, .. } => Some(current),
            Screen::Playing(p) | Screen::Closing(p) => Some(&p.current),
        }
    }

    /// The practice playing or just ended.
    pub fn practice(&self) -> Option<&Practice> {
        match &self.screen {
            Screen::Playing(p) | Screen::Closing(p) => Some(p),
            _ => None,
        }
    }

    pub fn picker(&self) -> Option<&Picker> {
        match &self.screen {
            Screen::Picker(p) => Some(p),
            _ => None,
        }
    }

    pub fn anchor_open(&self) -> bool {
        matches!(&self.screen, Screen::Playing(p) if p.anchor_open)
    }

    /// Pace as a percentage of the authored pace.
    pub fn pace_percent(&self) -> u32 {
        let pace = match &self.screen {
            Screen::Playing(p) => p.session.pace(),
            _ => self.pace,
        };
        u32::from(pace) * 10
    }

    /// When the next sound is due and whether the practice is paused, for the sound
    /// edge: nothing is due in the picker, the preview or the closing screen.
    pub fn sound_ahead(&self, now: Instant) -> (Option<(Instant, crate::sound::cue::Play)>, bool) {
        match &self.screen {
            Screen::Playing(p) => (p.next_sound(now), p.session.is_paused()),
            _ => (None, false),
        }
    }

    /// Pauses a running practice before the terminal is handed back.
    pub fn pause_for_suspend(&mut self, now: Instant) {
        if let Screen::Playing(p) = &mut self.screen {
            p.pause(now);
        }
    }

    /// A signal asked steady to end: as if a stop key was pressed.
    pub fn interrupt(&mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.outcome = Some(match self.screen {
            Screen::Closing(_) => Outcome::Completed,
            Screen::Playing(_) => Outcome::Stopped,
            _ => Outcome::Left,
        });
    }

    /// Applies one action. Stop works in every state, before anything else.
    pub fn apply(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        match action {
            Action::Leave if matches!(self.screen, Screen::Preview { from: Some(_), .. }) => {
                if let Screen::Preview {
                    from: Some(picker), ..
                } = std::mem::replace(&mut self.screen, Screen::Picker(Picker::default()))
                {
                    self.screen = Screen::Picker(picker);
                }
                return Vec::new();
            }
            Action::Stop | Action::Leave => {
                self.stop();
                return Vec::new();
            }
            Action::Suspend => {
                self.pause_for_suspend(now);
                return vec![Effect::Suspend];
            }
            // Nothing begins or goes on unseen.
            Action::Begin | Action::Continue | Action::TogglePause if self.too_small => {
                return vec![Effect::Refused];
            }
            Action::Mute if !matches!(self.screen, Screen::Picker(_)) => {
                self.muted = !self.muted;
                return vec![Effect::Muted(self.muted)];
            }
            _ => {}
        }
        let screen = std::mem::replace(&mut self.screen, Screen::Picker(Picker::default()));
        let (screen, effects) = match screen {
            Screen::Picker(mut p) => match p.act(action) {
                PickerOutcome::Stay => (Screen::Picker(p), Vec::new()),
                PickerOutcome::Leave => {
                    self.outcome = Some(Outcome::Left);
                    (Screen::Picker(p), Vec::new())
                }
                PickerOutcome::Open(mut current) => {
                    if self.length != 1.0 {
                        // A length that doesn't fit this one leaves it as written.
                        current.set_length(self.length);
                    }
                    (
                        Screen::Preview {
                            current: *current,
                            from: Some(p),
                        },
                        Vec::new(),
                    )
                }
            },
            Screen::Preview { mut current, from } => match action {
                Action::Begin | Action::Continue => {
                    let mut practice = Practice::begin(current, now, self.speed, self.pace);
                    let effects = practice.tick(now);
                    self.after_tick(Screen::Playing(practice), effects)
                }
                Action::Longer | Action::Shorter => {
                    let by = if action == Action::Longer { 1 } else { -1 };
                    let effects = if current.change_length(by) {
                        vec![Effect::Length((current.length * 100.0).round() as u32)]
                    } else {
                        vec![Effect::Refused]
                    };
                    (Screen::Preview { current, from }, effects)
                }
                Action::LookLonger | Action::LookShorter => {
                    let by = if action == Action::LookLonger { 1 } else { -1 };
                    let effects = match current.change_look(by) {
                        true => current.look_today().map(Effect::Look).into_iter().collect(),
                        false => vec![Effect::Refused],
                    };
                    (Screen::Preview { current, from }, effects)
                }
                Action::PageDown | Action::PageUp => {
                    let by = if action == Action::PageDown { 1 } else { -1 };
                    let effects = match current.scroll_page(by) {
                        true => Vec::new(),
                        false => vec![Effect::Refused],
                    };
                    (Screen::Preview { current, from }, effects)
                }
                _ => (Screen::Preview { current, from }, vec![Effect::Refused]),
            },
            Screen::Playing(mut p) => {
                let effects = p.apply(action, now);
                self.after_tick(Screen::Playing(p), effects)
            }
            Screen::Closing(p) => {
                // Any key leaves the closing screen.
                self.outcome = Some(Outcome::Completed);
                (Screen::Closing(p), Vec::new())
            }
        };
        self.screen = screen;
        effects
    }

    /// Moves to the closing screen the moment a tick reports the end.
    fn after_tick(&mut self, screen: Screen, effects: Vec<Effect>) -> (Screen, Vec<Effect>) {
        match screen {
            Screen::Playing(p) if effects.contains(&Effect::Completed) => {
                (Screen::Closing(p), effects)
            }
            s => (s, effects),
        }
    }

    /// Advances time: reports the cue that began and the end, and moves to the closing
    /// screen the moment the end is reached.
    pub fn tick(&mut self, now: Instant) -> Vec<Effect> {
        let Screen::Playing(p) = &mut self.screen else {
            return Vec::new();
        };
        let effects = p.tick(now);
        if effects.contains(&Effect::Completed)
            && let Screen::Playing(p) =
                std::mem::replace(&mut self.screen, Screen::Picker(Picker::default()))
        {
            self.screen = Screen::Closing(p);
        }
        effects
    }

    /// The completion was handled by the world outside.
    pub fn recorded(&mut self, recorded: Recorded) {
        if let Screen::Closing(p) | Screen::Playing(p) = &mut self.screen {
            p.recorded = Some(recorded);
        }
    }

    /// What the view measured in the frame it just drew: the room the preview's text has.
    pub fn measured(&mut self, room: Scroll) {
        if let Screen::Preview { current, .. } = &mut self.screen {
            current.room = room;
        }
    }

    /// What became of the completion, once the end was reached.
    pub fn recorded_as(&self) -> Option<&Recorded> {
        self.practice().and_then(|p| p.recorded.as_ref())
    }
}
