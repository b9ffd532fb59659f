//! The player's state: which screen is showing, the chosen exercise and its session,
//! and what each key does there. Keys and ticks go in; effects (a cue began, the end
//! was reached) come out for the edges to carry out. No terminal, clock or file here.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::exercise::{Exercise, StepKind};
use crate::session::{Moment, PACE_AUTHORED, Session};
use crate::timeline::{CueKind, Timeline};

/// Each ↑/↓ in the preview changes today's eye-contact hold by this much.
pub const LOOK_STEP: Duration = Duration::from_millis(500);
/// The shortest hold ↓ can choose.
pub const LOOK_MIN: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Preview,
    Playing,
    Closing,
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

/// What the edges should do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// A cue began: the sound seam plays its chime.
    CueStarted(usize),
    /// The end was reached: record the completion now.
    Completed,
    /// The person muted (true) or unmuted.
    Muted(bool),
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    Suspend,
}

/// An exercise the picker can offer.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    /// The exercise file's folder, for its sound files; `None` for built-ins.
    pub folder: Option<std::path::PathBuf>,
    pub exercise: Exercise,
    /// Recorded completions: they set today's eye-contact hold, and show when counts do.
    pub count: Option<u32>,
    pub length: String,
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub choices: Vec<Choice>,
    pub filter: String,
    /// Index into [`Picker::visible`].
    pub selected: usize,
    /// Show each choice's count (`show_counts`); the counts still set today's holds.
    pub show_counts: bool,
}

impl Picker {
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
}

/// The exercise being previewed or played.
#[derive(Debug, Clone)]
pub struct Current {
    pub id: String,
    pub exercise: Exercise,
    /// Recorded completions, when known: sets today's eye-contact hold.
    pub count: Option<u32>,
    pub timeline: Timeline,
    pub session: Option<Session>,
    /// Today's eye-contact hold changed in the preview by this many [`LOOK_STEP`]s.
    pub look_steps: i32,
    /// What became of this run's completion, once the end is reached.
    pub recorded: Option<crate::edges::Recorded>,
    /// The last cue reported as started.
    reported: Option<usize>,
    /// A file run by path whose id is also a library exercise's: they share one count.
    pub shares_count: bool,
    /// The exercise file's folder, where its own sound files are; `None` for built-ins.
    pub folder: Option<std::path::PathBuf>,
}

impl Current {
    pub fn new(id: String, exercise: Exercise, count: Option<u32>) -> Self {
        let timeline = Timeline::compile(&exercise, count.unwrap_or(0));
        Self {
            id,
            exercise,
            count,
            timeline,
            session: None,
            look_steps: 0,
            recorded: None,
            reported: None,
            shares_count: false,
            folder: None,
        }
    }

    pub fn has_eye_contact(&self) -> bool {
        self.exercise
            .steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::EyeContact(_)))
    }

    /// Today's hold of the first eye-contact step, after any change in the preview.
    pub fn look_today(&self) -> Option<Duration> {
        self.timeline
            .cues
            .iter()
            .find(|c| c.kind == CueKind::Look)
            .and_then(|c| c.length)
    }

    fn change_look(&mut self, by: i32) {
        let steps = self.look_steps + by;
        let timeline = Timeline::compile_adjusted(
            &self.exercise,
            self.count.unwrap_or(0),
            steps,
            LOOK_STEP,
            LOOK_MIN,
        );
        // Only looks that keep the whole practice inside the limits are offered.
        if timeline != self.timeline && timeline.total() < crate::exercise::MAX_TOTAL {
            self.timeline = timeline;
            self.look_steps = steps;
        }
    }

    pub fn moment(&mut self, now: Instant) -> Option<Moment> {
        self.session.as_mut().map(|s| s.at(now))
    }
}

#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub picker: Option<Picker>,
    pub current: Option<Current>,
    pub anchor_open: bool,
    pub muted: bool,
    pub reduced_motion: bool,
    /// Colour is off with `NO_COLOR`.
    pub color: bool,
    /// `--speed`: how many times faster than written (1 in practice).
    pub speed: f64,
    /// The breathing pace a practice starts at, in tenths (the config's `pace`).
    pub pace: u8,
    /// Shown in the footer, e.g. that counts can't be saved.
    pub notice: Option<String>,
    /// Shown in the footer when sound is off, and why.
    pub sound_notice: Option<&'static str>,
    /// Sound is on and can be heard: the preview says soft tones will play.
    pub sound_ready: bool,
    pub outcome: Option<Outcome>,
    /// Effects raised by a key, handed out with the next tick's.
    pending: Vec<Effect>,
}

impl App {
    fn new(screen: Screen, picker: Option<Picker>, current: Option<Current>) -> Self {
        Self {
            screen,
            picker,
            current,
            anchor_open: false,
            muted: false,
            reduced_motion: false,
            color: true,
            speed: 1.0,
            pace: PACE_AUTHORED,
            notice: None,
            sound_notice: None,
            sound_ready: false,
            outcome: None,
            pending: Vec::new(),
        }
    }

    /// Starts at the preview of one exercise.
    pub fn for_exercise(current: Current) -> Self {
        Self::new(Screen::Preview, None, Some(current))
    }

    /// Starts at the picker.
    pub fn for_picker(picker: Picker) -> Self {
        Self::new(Screen::Picker, Some(picker), None)
    }

    fn started(&self) -> bool {
        self.current.as_ref().is_some_and(|c| c.session.is_some())
    }

    fn toggle_mute(&mut self) {
        self.muted = !self.muted;
        self.pending.push(Effect::Muted(self.muted));
    }

    /// Pauses a running practice before the terminal is handed back, so nothing
    /// moves on while steady is stopped.
    pub fn pause_for_suspend(&mut self, now: Instant) {
        if let Some(s) = self.current.as_mut().and_then(|c| c.session.as_mut())
            && !s.is_paused()
            && self.screen == Screen::Playing
        {
            s.pause(now);
        }
    }

    /// A signal asked steady to end: as if a stop key was pressed.
    pub fn interrupt(&mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.outcome = Some(match self.screen {
            Screen::Closing => Outcome::Completed,
            _ if self.started() => Outcome::Stopped,
            _ => Outcome::Left,
        });
    }

    /// Handles one key. Stop keys work in every state, before anything else.
    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Vec<Effect> {
        if key.kind != KeyEventKind::Press {
            return Vec::new();
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('d')) {
            self.stop();
            return Vec::new();
        }
        if ctrl && key.code == KeyCode::Char('z') {
            self.pause_for_suspend(now);
            self.pending.push(Effect::Suspend);
            return self.tick(now);
        }
        match self.screen {
            Screen::Picker => self.picker_key(key, ctrl),
            Screen::Preview => self.preview_key(key, now),
            Screen::Playing => self.playing_key(key, now),
            Screen::Closing => self.outcome = Some(Outcome::Completed),
        }
        self.tick(now)
    }

    fn picker_key(&mut self, key: KeyEvent, ctrl: bool) {
        let Some(p) = self.picker.as_mut() else {
            return;
        };
        let n = p.visible().len();
        match key.code {
            KeyCode::Esc if !p.filter.is_empty() => {
                p.filter.clear();
                p.selected = 0;
            }
            KeyCode::Esc => self.outcome = Some(Outcome::Left),
            KeyCode::Char('q') if p.filter.is_empty() => self.outcome = Some(Outcome::Left),
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                p.filter.push(c);
                p.selected = 0;
            }
            KeyCode::Backspace => {
                p.filter.pop();
                p.selected = 0;
            }
            KeyCode::Up => p.selected = p.selected.saturating_sub(1),
            KeyCode::Down if n > 0 => p.selected = (p.selected + 1).min(n - 1),
            KeyCode::Enter => {
                if let Some(&i) = p.visible().get(p.selected) {
                    let c = p.choices[i].clone();
                    let mut cur = Current::new(c.id, c.exercise, c.count);
                    cur.folder = c.folder;
                    self.current = Some(cur);
                    self.screen = Screen::Preview;
                }
            }
            _ => {}
        }
    }

    fn preview_key(&mut self, key: KeyEvent, now: Instant) {
        let Some(cur) = self.current.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => self.outcome = Some(Outcome::Left),
            KeyCode::Char(' ') | KeyCode::Enter => {
                cur.session = Some(
                    Session::start_at_speed(&cur.timeline, now, self.speed).with_pace(self.pace),
                );
                self.screen = Screen::Playing;
            }
            KeyCode::Up if cur.has_eye_contact() => cur.change_look(1),
            KeyCode::Down if cur.has_eye_contact() => cur.change_look(-1),
            KeyCode::Char('m') => self.toggle_mute(),
            _ => {}
        }
    }

    fn playing_key(&mut self, key: KeyEvent, now: Instant) {
        let Some(cur) = self.current.as_mut() else {
            return;
        };
        let Some(s) = cur.session.as_mut() else {
            return;
        };
        if self.anchor_open {
            match key.code {
                KeyCode::Char('q') | KeyCode::Esc => self.stop(),
                KeyCode::Char(' ') | KeyCode::Enter | KeyCode::Char('a') => {
                    self.anchor_open = false;
                    s.resume(now);
                }
                KeyCode::Char('m') => self.toggle_mute(),
                _ => {}
            }
            return;
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => self.stop(),
            KeyCode::Char(' ') => s.toggle_pause(now),
            KeyCode::Right | KeyCode::Char('n') => s.skip_step(&cur.timeline, now),
            KeyCode::Down => {
                s.slower(now);
            }
            KeyCode::Up => {
                s.faster(now);
            }
            KeyCode::Char('m') => self.toggle_mute(),
            KeyCode::Char('a') => {
                s.pause(now);
                self.anchor_open = true;
            }
            KeyCode::Enter => s.continue_untimed(now),
            _ => {}
        }
    }

    /// Advances time: reports cues that began and the end, and moves to the closing
    /// screen the moment the end is reached.
    pub fn tick(&mut self, now: Instant) -> Vec<Effect> {
        let mut effects = std::mem::take(&mut self.pending);
        if self.screen != Screen::Playing {
            return effects;
        }
        let Some(cur) = self.current.as_mut() else {
            return effects;
        };
        let Some(m) = cur.moment(now) else {
            return effects;
        };
        if m.finished {
            self.screen = Screen::Closing;
            self.anchor_open = false;
            effects.push(Effect::Completed);
        } else if cur.reported != Some(m.cue) {
            cur.reported = Some(m.cue);
            effects.push(Effect::CueStarted(m.cue));
        }
        effects
    }

    /// The completion was handled by the edges.
    pub fn recorded(&mut self, recorded: crate::edges::Recorded) {
        if let Some(cur) = self.current.as_mut() {
            cur.recorded = Some(recorded);
        }
    }

    /// Pace as a percentage of the authored pace.
    pub fn pace_percent(&self) -> u32 {
        let pace = self
            .current
            .as_ref()
            .and_then(|c| c.session.as_ref())
            .map_or(PACE_AUTHORED, |s| s.pace());
        u32::from(pace) * 10
    }
}
