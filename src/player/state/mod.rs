//! The practice engine both players share: the screens, each carrying its own data,
//! and a practice in progress. [`Action`]s and the clock go in; [`Effect`]s (a cue
//! began, the end was reached, the person paused) come out for the player to carry out
//! in its own way: the full-screen player draws and plays sounds, plain mode prints a
//! line. No terminal, clock, key type or file here.

mod current;
mod picker;
mod practice;

use std::time::{Duration, Instant};

use crate::session::PACE_AUTHORED;
pub use current::{Current, LOOK_MIN, LOOK_STEP, Scroll};
use picker::PickerOutcome;
pub use picker::{Answer, Broken, Choice, Picker, Row};
pub use practice::{Practice, Uncounted};

/// Beyond twice its words' reading time, how long a timed prompt's clock may wait for
/// them to be said.
pub const WORDS_GRACE: Duration = Duration::from_secs(3);

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
    /// Spoken guidance on or off.
    Voice,
    /// Say how long is left and which step this is (plain mode; on screen already).
    TimeLeft,
    /// At a choice, option `n` (from 0): a number key, or a typed number or label.
    Choose(u8),
    /// A longer look today (in the preview).
    LookLonger,
    /// A shorter look today (in the preview).
    LookShorter,
    /// Stay at today's look: the practice counts and the look does not grow from it,
    /// or (again) let it grow (in the preview, where the look grows).
    Stay,
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
    /// In the picker: the first row, or the last.
    First,
    Last,
    /// In the picker: clear the filter (Ctrl-U), never leaving.
    ClearFilter,
    /// In the picker: open the highlighted exercise's preview.
    Open,
    /// In the preview: the next, or the previous, page of its text; with the keys
    /// open, of their list.
    PageDown,
    PageUp,
    /// `?`: the keys that work on this screen, and what each does; `?` again (or Esc,
    /// or q) closes them. A practice playing pauses first.
    Help,
}

/// The list of keys, open over the screen it describes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    /// Lines scrolled past.
    pub scroll: u16,
    /// The room it has, as it was last drawn.
    pub room: Scroll,
}

/// The one colour the player draws in (the breathing shape, the eye-contact bar, the
/// countdown, notices), from the terminal's own palette so every theme has it: the
/// config file's `accent`. What must be read never depends on it alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Accent {
    /// No colour: the terminal's own foreground.
    None,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    #[default]
    Cyan,
}

impl Accent {
    /// Each accent by its name in the config file.
    pub const NAMES: [(&str, Accent); 7] = [
        ("red", Accent::Red),
        ("green", Accent::Green),
        ("yellow", Accent::Yellow),
        ("blue", Accent::Blue),
        ("magenta", Accent::Magenta),
        ("cyan", Accent::Cyan),
        ("none", Accent::None),
    ];
    /// What is wrong with an accent steady doesn't know.
    pub const WORDS: &str =
        "the accent is a colour name: red, green, yellow, blue, magenta, cyan, or none";

    /// The accent called `name` (in any case).
    pub fn named(name: &str) -> Option<Accent> {
        let name = name.trim().to_lowercase();
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| *a)
    }
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
    /// Spoken guidance was turned on (true) or off.
    Voice(bool),
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
    /// The person chose to stay at today's look (true), or to let it grow.
    Stays(bool),
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
    /// Not counted on purpose, and why (said once on the closing screen).
    Uncounted(Uncounted),
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
    /// Spoken guidance (`--voice`, `v`): what is said comes from [`super::spoken`].
    pub voice: bool,
    pub reduced_motion: bool,
    /// Colour is off with `NO_COLOR` or `--color never`.
    pub color: bool,
    /// The one colour, where there is colour.
    pub accent: Accent,
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
    /// A completion would be counted (not `--no-record`, and the counts file can be
    /// read): staying at a look is offered only then.
    pub counting: bool,
    pub outcome: Option<Outcome>,
    /// The list of keys is open over the screen (`?`).
    pub help: Option<Help>,
}

impl App {
    fn new(screen: Screen) -> Self {
        Self {
            screen,
            muted: false,
            voice: false,
            reduced_motion: false,
            color: true,
            accent: Accent::default(),
            speed: 1.0,
            pace: PACE_AUTHORED,
            length: 1.0,
            too_small: false,
            notice: None,
            sound_notice: None,
            sound_ready: false,
            counting: true,
            outcome: None,
            help: None,
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
        if let Some(help) = &mut self.help {
            match action {
                // Closing the keys leaves a practice paused: going on is the person's
                // choice, with the screen in front of them again.
                Action::Help => {
                    self.help = None;
                    return Vec::new();
                }
                Action::PageDown | Action::PageUp => {
                    let room = help.room;
                    let step = room.page.saturating_sub(1).max(1);
                    let to = match action {
                        Action::PageDown => help.scroll.saturating_add(step).min(room.max),
                        _ => help.scroll.min(room.max).saturating_sub(step),
                    };
                    let moved = to != help.scroll.min(room.max);
                    help.scroll = to;
                    return if moved {
                        Vec::new()
                    } else {
                        vec![Effect::Refused]
                    };
                }
                Action::Stop | Action::Suspend => {}
                // As underneath, with the list closed.
                Action::Leave => self.help = None,
                _ => return vec![Effect::Refused],
            }
        } else if action == Action::Help {
            self.help = Some(Help::default());
            // Pausing is free, and nothing moves on while the keys are read.
            if let Screen::Playing(p) = &mut self.screen
                && !p.session.is_paused()
            {
                p.pause(now);
                return vec![Effect::Paused];
            }
            return Vec::new();
        }
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
                self.words_ended(now);
                return vec![Effect::Muted(self.muted)];
            }
            Action::Voice if !matches!(self.screen, Screen::Picker(_)) => {
                self.voice = !self.voice;
                self.words_ended(now);
                return vec![Effect::Voice(self.voice)];
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
                    practice.from = from.map(Box::new);
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
                Action::Stay if self.counting && current.can_stay() => {
                    current.stays = !current.stays;
                    let effects = vec![Effect::Stays(current.stays)];
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
            // Opened from the picker, Enter goes back to it for another; any other key
            // leaves the closing screen.
            Screen::Closing(mut p) => match (action, p.from.take()) {
                // Not while the count is still being saved: it is waited for here.
                (Action::Continue, Some(picker)) if p.recorded == Some(Recorded::Saving) => {
                    p.from = Some(picker);
                    (Screen::Closing(p), Vec::new())
                }
                (Action::Continue, Some(mut picker)) => {
                    picker.note_count(&p);
                    (Screen::Picker(*picker), Vec::new())
                }
                (_, from) => {
                    p.from = from;
                    self.outcome = Some(Outcome::Completed);
                    (Screen::Closing(p), Vec::new())
                }
            },
        };
        self.screen = screen;
        self.wait_for_words(&effects, now);
        effects
    }

    /// A timed prompt's clock waits while its words are said (voice on): the time is
    /// for the prompt, not for listening to it. It waits at most twice the words'
    /// reading time and a little more, so a silent speech service can't hold it.
    fn wait_for_words(&mut self, effects: &[Effect], now: Instant) {
        if !self.voice || self.muted {
            return;
        }
        for e in effects {
            let Effect::CueStarted(i) = *e else { continue };
            let Screen::Playing(p) = &self.screen else {
                return;
            };
            let timed_prompt = p.timeline().cues.get(i).is_some_and(|c| {
                c.kind == crate::timeline::CueKind::Prompt && c.length.is_some() && !c.waits
            });
            if !timed_prompt {
                continue;
            }
            // A recording is waited for to its end, which its length limit bounds.
            let longest = if super::spoken::recording(self, i).is_some() {
                crate::exercise::MAX_RECORDING + WORDS_GRACE
            } else {
                let Some(words) = super::spoken::cue(self, i) else {
                    continue;
                };
                crate::exercise::reading_time(&words) * 2 + WORDS_GRACE
            };
            if let Screen::Playing(p) = &mut self.screen {
                p.wait_for_words(now, longest);
            }
        }
    }

    /// The words the clock was waiting for were said (or silenced): it runs from `now`.
    pub fn words_ended(&mut self, now: Instant) {
        if let Screen::Playing(p) = &mut self.screen
            && p.waiting_for_words()
        {
            p.words_ended(now);
        }
    }

    /// Whether a timed prompt's clock is waiting for its spoken words.
    pub fn waiting_for_words(&self) -> bool {
        matches!(&self.screen, Screen::Playing(p) if p.waiting_for_words())
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
        self.wait_for_words(&effects, now);
        effects
    }

    /// The completion was handled by the world outside.
    pub fn recorded(&mut self, recorded: Recorded) {
        if let Screen::Closing(p) | Screen::Playing(p) = &mut self.screen {
            p.recorded = Some(recorded);
        }
    }

    /// What the view measured in the frame it just drew: the room the preview's text
    /// has, a prompt's while playing, or the list of keys' while it is open.
    pub fn measured(&mut self, room: Scroll) {
        if let Some(help) = &mut self.help {
            help.room = room;
        } else if let Screen::Playing(p) = &mut self.screen {
            p.text_room = room;
        } else if let Screen::Preview { current, .. } = &mut self.screen {
            current.room = room;
        }
    }

    /// What became of the completion, once the end was reached.
    pub fn recorded_as(&self) -> Option<&Recorded> {
        self.practice().and_then(|p| p.recorded.as_ref())
    }
}
