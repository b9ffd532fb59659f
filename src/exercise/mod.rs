//! Exercises: the types a TOML file becomes, and everything that gets it there —
//! reading with limits, validation with diagnostics, and the library of built-in and
//! user exercises. Nothing outside this module sees raw TOML.

pub mod diagnostic;
pub mod fields;
pub mod load;
pub mod schema;
pub mod wording;

use std::path::PathBuf;
use std::time::Duration;

pub use diagnostic::{Diagnostic, Severity};

/// The newest format version this steady reads: files say `format = 1` (or nothing),
/// or `format = 2` when they use a format 2 key such as `allow`.
pub const FORMAT: i64 = 2;

/// Declares a closed set of names a file can use: the enum, `ALL` (every variant, in
/// order) and `name()`, from one list, so a new variant can't be left out of `ALL`, nor
/// lack its name.
macro_rules! named {
    ($(#[$meta:meta])* pub enum $ty:ident { $($(#[$vmeta:meta])* $v:ident = $name:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $ty { $($(#[$vmeta])* $v,)+ }

        impl $ty {
            /// Every one, in the order declared.
            pub const ALL: &'static [$ty] = &[$($ty::$v,)+];
            /// Every name, as a file writes it, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($name,)+];

            /// The name a file uses.
            pub const fn name(self) -> &'static str {
                match self { $($ty::$v => $name,)+ }
            }
        }
    };
}

named! {
    /// The warnings `check` gives, each with a name printed as `warning[NAME]`, which
    /// `allow = ["NAME"]` on a step (or at the top of the file) marks as intended.
    pub enum Warning {
        /// The exhale is not longer than the inhale plus the top-up.
        ExhaleRatio = "exhale-ratio",
        /// A breath hold over 4 s: holds can be activating.
        Holds = "holds",
        /// A breath hold over 15 s. Can't be allowed.
        LongHolds = "long-holds",
        /// A breath cycle shorter than 6 s: more than ten breaths a minute.
        FastBreathing = "fast-breathing",
        /// A look (or `max_look`) over 8 s.
        LongLook = "long-look",
        /// Wording that commands, shames, praises or promises.
        Wording = "wording",
        /// A format 2 key in a file that doesn't say `format = 2`.
        Format = "format",
        /// A timed prompt whose words take longer to say than its `seconds`, at
        /// [`READING_WPM`]: it would move on before it could be read or heard; or a
        /// cue's own words (`inhale_text`, `look_text`…) longer than its shortest cue.
        ReadingTime = "reading-time",
        /// A breath hold straight after fast breathing (hyperventilation, then holding:
        /// it can make a person faint without warning). Can't be allowed.
        FastThenHold = "fast-then-hold",
        /// A step's recorded voice (`voice`) lasts longer than the step: the next step
        /// cuts it off.
        RecordingLength = "recording-length",
        /// A step's recorded voice can't be played (missing, too large, not a sound):
        /// the step plays without it. Can't be allowed: the fix is the file.
        Recording = "recording",
    }
}

named! {
    /// What a step can be, as a file's `kind` names it: the one list the loader, the
    /// schema and the help read. A new kind added here is asked for by the compiler
    /// wherever a kind is handled: every match on it is exhaustive.
    pub enum Kind {
        Breathe = "breathe",
        EyeContact = "eye-contact",
        Prompt = "prompt",
        /// A steady left-and-right beat that is not breath: tapping, the butterfly hug.
        Tap = "tap",
        /// A question with a few options, one chosen in the player, then its words.
        Choice = "choice",
        /// Not a step of its own: the steps inside it, `times` times.
        Repeat = "repeat",
    }
}

named! {
    /// What spoken guidance says of a step (`speak`, format 2).
    pub enum Speak {
        /// Every cue: each breath's words, each look.
        Every = "every",
        /// The first: a breathing step's first breath, an eye-contact step's first round.
        First = "first",
        /// Nothing, the step's title included.
        Silent = "none",
    }
}

impl Kind {
    pub fn named(name: &str) -> Option<Kind> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl Warning {
    pub fn named(name: &str) -> Option<Warning> {
        Self::ALL.iter().copied().find(|w| w.name() == name)
    }

    /// Whether `allow` can silence it: long holds, and a hold after fast breathing, are
    /// never marked as intended.
    pub fn can_be_allowed(self) -> bool {
        !matches!(
            self,
            Warning::LongHolds | Warning::FastThenHold | Warning::Recording
        )
    }
}

/// Breath holds longer than this can't be allowed.
pub const LONG_HOLD: Duration = Duration::from_secs(15);
/// A breath cycle shorter than this is fast breathing (more than ten a minute).
pub const FAST_CYCLE: Duration = Duration::from_secs(6);

/// The most stages a ramp may move in.
pub const MAX_STAGES: u32 = 100;

/// The most rounds a repeat may have.
pub const MAX_TIMES: u32 = 100;

/// Limits from SPEC §4. A file over [`MAX_FILE_BYTES`] is refused before it is parsed.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
pub const MAX_STEPS: usize = 10_000;
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The whole exercise must be shorter than this.
pub const MAX_TOTAL: Duration = Duration::from_secs(4 * 60 * 60);
/// Timed phases (cues) in all: keeps memory bounded however short the phases are.
pub const MAX_CUES: usize = 100_000;
/// The shortest length a phase, look, pause or prompt may have (SPEC §4).
pub const MIN_PHASE: Duration = Duration::from_millis(10);
/// The longest a step's own sound may last.
pub const MAX_SOUND: Duration = Duration::from_secs(10);
/// The longest a step's recorded voice (`voice`) may last.
pub const MAX_RECORDING: Duration = Duration::from_secs(10 * 60);
/// The largest a recorded voice's file may be.
pub const MAX_RECORDING_BYTES: u64 = 20 * 1024 * 1024;
/// Eye-contact holds longer than this draw a warning; it is also the default cap.
pub const GENTLE_LOOK: Duration = Duration::from_secs(8);

/// A typical rate of reading aloud, or of taking in words read, in words a minute.
pub const READING_WPM: u32 = 160;
/// The shortest lead-in before a first look, whatever the setup's length.
pub const LEAD_IN_LEAST: Duration = Duration::from_secs(3);

/// How long `text` takes to say, or to read with care, at [`READING_WPM`].
pub fn reading_time(text: &str) -> Duration {
    let words = text.split_whitespace().count() as u64;
    Duration::from_millis(words * 60_000 / u64::from(READING_WPM))
}

/// The lead-in an eye-contact step gets when its file sets none: the reading time of
/// its words (the setup, and the look's and the rest's own words, which plain mode
/// gives before the first look), in whole seconds, and never less than
/// [`LEAD_IN_LEAST`].
pub fn default_lead_in<'a>(words: impl IntoIterator<Item = Option<&'a str>>) -> Duration {
    let read: Duration = words.into_iter().flatten().map(reading_time).sum();
    Duration::from_secs(read.as_millis().div_ceil(1000) as u64).max(LEAD_IN_LEAST)
}
/// Breath holds longer than this draw a warning.
pub const GENTLE_HOLD: Duration = Duration::from_secs(4);

/// A validated exercise. Every value is in range; every string is plain text.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub title: String,
    pub about: Option<String>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub anchor: Option<String>,
    /// Where the practice comes from: a study, a teacher (format 2).
    pub source: Option<String>,
    /// Which edge of the window of tolerance it suits, from `for` (format 2).
    pub suits: Vec<State>,
    /// The steps as they play: every repeat expanded into its rounds.
    pub steps: Vec<Step>,
    /// The steps as written, repeats whole: what a length factor scales.
    pub blocks: Vec<Block>,
}

/// Where a person may be right now: the two edges of the window of tolerance. The
/// picker's "which is closer right now?" asks it; the answer is never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Racing, tense, restless: a longer exhale helps.
    RevvedUp,
    /// Numb, far away, heavy: orienting, weight and small movements help.
    ShutDown,
}

impl State {
    pub const ALL: [State; 2] = [State::RevvedUp, State::ShutDown];

    /// The name an author writes in `for`.
    pub fn name(self) -> &'static str {
        match self {
            State::RevvedUp => "revved-up",
            State::ShutDown => "shut-down",
        }
    }

    pub fn named(name: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.name() == name)
    }

    /// How the picker asks about it: the state, then words a person might use for it.
    pub fn question(self) -> (&'static str, &'static str) {
        match self {
            State::RevvedUp => ("Revved up", "racing, tense, restless"),
            State::ShutDown => ("Shut down", "numb, far away, heavy"),
        }
    }
}

/// A step as written: one step, or a repeat of several.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Step(Box<Step>),
    /// `kind = "repeat"`: `steps` (with `{round}` and `{rounds}` not yet filled) played
    /// `times` times.
    Repeat {
        times: u32,
        steps: Vec<Step>,
        /// `fixed = true`: the length control leaves `times` as written.
        fixed: bool,
    },
}

/// The length factors offered in the preview (`-`/`+`): half, three quarters, as
/// written, one and a half, double.
pub const LENGTHS: [f64; 5] = [0.5, 0.75, 1.0, 1.5, 2.0];

/// `n × factor`, rounded half up, at least `least`.
fn scaled(n: u32, factor: f64, least: u32) -> u32 {
    let x = (f64::from(n) * factor + 0.5).floor();
    (x.clamp(0.0, f64::from(u32::MAX)) as u32).max(least)
}

/// One round of a repeat's step: `{round}` and `{rounds}` filled in.
pub fn fill_round(step: &Step, round: u32, rounds: u32) -> Step {
    let (r, of) = (round.to_string(), rounds.to_string());
    let mut own = step.clone();
    // A round keeps its own words only, never the whole list: a hostile file's list
    // of a hundred long texts, copied into each of a hundred rounds, would be its
    // square in memory.
    if let StepKind::Prompt(p) = &mut own.kind {
        let all = std::mem::take(&mut p.by_round);
        let i = (round as usize).saturating_sub(1);
        if let Some(words) = all.into_iter().nth(i) {
            p.text = words;
        }
    }
    let mut filled = own.map_text(&|s: &str| s.replace("{rounds}", &of).replace("{round}", &r));
    filled.round = Some((round, rounds));
    filled
}

/// The steps that `blocks` play: every repeat's rounds, in order.
pub fn expand(blocks: &[Block]) -> Vec<Step> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Step(s) => out.push(s.as_ref().clone()),
            Block::Repeat { times, steps, .. } => {
                for round in 1..=*times {
                    out.extend(steps.iter().map(|s| fill_round(s, round, *times)));
                }
            }
        }
    }
    out
}

/// A prompt's seconds `factor` times as long: whole seconds stay whole (at least 1).
fn scaled_seconds(secs: Duration, factor: f64) -> Duration {
    if secs.subsec_nanos() == 0 {
        let whole = u32::try_from(secs.as_secs()).unwrap_or(u32::MAX);
        Duration::from_secs(u64::from(scaled(whole, factor, 1)))
    } else {
        secs.mul_f64(factor).max(MIN_PHASE)
    }
}

impl Step {
    /// The same step `factor` times as long in count: cycles, rounds or prompt seconds,
    /// rounded half up, at least 1 (a ramp keeps 2 cycles; whole seconds stay whole).
    /// Phase lengths never change.
    fn scaled(&self, factor: f64) -> Step {
        let mut s = self.clone();
        match &mut s.kind {
            StepKind::Breathe(b) => {
                let least = if b.ramps() { 2 } else { 1 };
                b.cycles = scaled(b.cycles, factor, least);
            }
            StepKind::EyeContact(e) => {
                let least = if e.look_ramps() { 2 } else { 1 };
                e.rounds = scaled(e.rounds, factor, least);
            }
            // Whole pairs, left and right, at least one.
            StepKind::Tap(t) => t.taps = scaled(t.taps.div_ceil(2), factor, 1) * 2,
            StepKind::Prompt(p) => p.seconds = p.seconds.map(|s| scaled_seconds(s, factor)),
            StepKind::Choice(c) => c.seconds = c.seconds.map(|s| scaled_seconds(s, factor)),
        }
        s
    }
}

impl Exercise {
    /// Lets go of the recorded voices at `paths`, which can't be played: their steps
    /// are guided as if they had none.
    pub fn forget_recordings(&mut self, paths: &[&std::path::Path]) {
        let lost = |s: &mut Step| {
            if s.voice.as_deref().is_some_and(|v| paths.contains(&v)) {
                s.voice = None;
            }
        };
        self.steps.iter_mut().for_each(lost);
        for b in &mut self.blocks {
            match b {
                Block::Step(s) => lost(s),
                Block::Repeat { steps, .. } => steps.iter_mut().for_each(lost),
            }
        }
    }

    /// The exercise `factor` times as long (`--length`, the preview's `-`/`+`): every
    /// count scaled once, and for a repeat only its `times`, so the total scales once.
    pub fn at_length(&self, factor: f64) -> Exercise {
        if factor == 1.0 {
            return self.clone();
        }
        let blocks: Vec<Block> = self
            .blocks
            .iter()
            .map(|b| match b {
                // A fixed step or repeat is a rule, not a dose: it stays as written.
                Block::Step(s) if s.fixed => b.clone(),
                Block::Step(s) => Block::Step(Box::new(s.scaled(factor))),
                Block::Repeat {
                    times,
                    steps,
                    fixed,
                } => Block::Repeat {
                    // Words for each round are a sequence, not a dose: their rounds stay.
                    times: if *fixed || steps.iter().any(Step::words_by_round) {
                        *times
                    } else {
                        scaled(*times, factor, 1)
                    },
                    // A round is as written; the number of rounds is what scales.
                    steps: steps.clone(),
                    fixed: *fixed,
                },
            })
            .collect();
        Exercise {
            steps: expand(&blocks),
            blocks,
            ..self.clone()
        }
    }

    /// Whether this exercise keeps to the limits (steps, phases, under 4 hours), with
    /// every look at its longest: only lengths that do are offered.
    pub fn fits(&self) -> bool {
        if self.steps.len() > MAX_STEPS {
            return false;
        }
        let mut total = Duration::ZERO;
        let mut cues: usize = 0;
        for s in &self.steps {
            let (length, n) = s.cost(true);
            let Some(length) = length else { return false };
            total = total.saturating_add(length);
            cues = cues.saturating_add(n);
        }
        total < MAX_TOTAL && cues <= MAX_CUES
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    /// What plays as the step begins.
    pub sound: Sound,
    /// For a step inside a repeat (format 2): this round and how many, `(2, 3)`.
    pub round: Option<(u32, u32)>,
    /// What spoken guidance says of it (`speak`); `None`: the kind's default.
    pub speak: Option<Speak>,
    /// `fixed = true`: a rule, not a dose; the length control leaves it as written.
    pub fixed: bool,
    /// `voice = "file"`: a recording played instead of spoken guidance, relative to the
    /// exercise's folder.
    pub voice: Option<std::path::PathBuf>,
}

impl Step {
    /// Whether it has its own words for each round of its repeat.
    pub fn words_by_round(&self) -> bool {
        matches!(&self.kind, StepKind::Prompt(p) if !p.by_round.is_empty())
    }

    /// Breathing faster than ten breaths a minute, in its fastest cycle.
    pub fn breathes_fast(&self) -> bool {
        matches!(&self.kind, StepKind::Breathe(b)
            if b.phases().iter().map(|p| p.from.min(p.to)).sum::<Duration>() < FAST_CYCLE)
    }

    /// A breath hold: a breathing step holding longer than [`GENTLE_HOLD`], or a prompt
    /// whose words ask for one (a hold the person times, which can run long).
    pub fn holds_breath(&self) -> bool {
        match &self.kind {
            StepKind::Breathe(b) => {
                let longest = b.hold_in.longest().max(b.hold_out.longest());
                longest > GENTLE_HOLD || (b.own_pace && !longest.is_zero())
            }
            StepKind::Prompt(p) => p.asks_to_hold(),
            StepKind::Choice(c) => (0..c.options.len())
                .filter_map(|i| c.prompt(i))
                .any(|p| p.asks_to_hold()),
            StepKind::EyeContact(_) | StepKind::Tap(_) => false,
        }
    }
}

/// The steps (by index) that hold the breath after fast breathing with no calm breathing
/// between: hyperventilation, then holding, which can make a person faint.
pub fn holds_after_fast(steps: &[Step]) -> Vec<usize> {
    let mut after_fast = false;
    let mut found = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        if after_fast && s.holds_breath() {
            found.push(i);
        }
        after_fast = match &s.kind {
            StepKind::Breathe(_) => s.breathes_fast(),
            // A prompt in between ("breathe all the way out") keeps the breathing's
            // effect; a hold ends it, and so does eye contact.
            StepKind::Prompt(_) | StepKind::Choice(_) => after_fast && !s.holds_breath(),
            StepKind::EyeContact(_) | StepKind::Tap(_) => false,
        };
    }
    found
}

impl Step {
    /// What the step adds to the limits: its length (`None` past what a `Duration`
    /// holds) and its timed phases. `longest_look` counts each look at `max_look`, the
    /// longest it can grow or be raised to, so the limits hold on every later day.
    pub fn cost(&self, longest_look: bool) -> (Option<Duration>, usize) {
        match &self.kind {
            StepKind::Breathe(b) => {
                let phases = b.phases().iter().filter(|d| !d.is_zero()).count();
                (b.total(), phases * b.cycles as usize)
            }
            StepKind::EyeContact(e) => {
                // A ramp's rounds average its two ends.
                let looks = if longest_look {
                    e.max_look.checked_mul(e.rounds)
                } else {
                    e.look
                        .checked_add(e.look_to)
                        .and_then(|l| l.checked_mul(e.rounds))
                        .map(|l| l / 2)
                };
                let rounds = looks.and_then(|l| l.checked_add(e.away.checked_mul(e.rounds)?));
                let lead = usize::from(!e.lead_in.is_zero());
                (
                    rounds.and_then(|r| r.checked_add(e.lead_in)),
                    2 * e.rounds as usize + lead,
                )
            }
            StepKind::Prompt(p) => (Some(p.seconds.unwrap_or_default()), 1),
            // The question waits; then the chosen option's words.
            StepKind::Choice(c) => (Some(c.seconds.unwrap_or_default()), 2),
            StepKind::Tap(t) => (
                t.beat
                    .checked_mul(t.taps)
                    .and_then(|d| d.checked_add(t.lead_in)),
                t.taps as usize + usize::from(!t.lead_in.is_zero()),
            ),
        }
    }

    /// How long the step lasts as written, if it has a length of its own: not a prompt
    /// that waits for Enter (its seconds, if any, are a guide).
    pub fn written_length(&self) -> Option<Duration> {
        match &self.kind {
            StepKind::Prompt(p) if p.soft || p.seconds.is_none() => None,
            // The question waits for the person, so a choice has no length of its own.
            StepKind::Choice(_) => None,
            StepKind::Breathe(b) if b.own_pace => None,
            _ => self.cost(false).0,
        }
    }

    /// The same step with `f` applied to every text it shows: how a repeat fills in
    /// `{round}` and `{rounds}`.
    pub fn map_text(&self, f: &dyn Fn(&str) -> String) -> Step {
        let opt = |o: &Option<String>| o.as_deref().map(f);
        let kind = match &self.kind {
            StepKind::Breathe(b) => StepKind::Breathe(Breathe {
                inhale_text: opt(&b.inhale_text),
                exhale_text: opt(&b.exhale_text),
                top_up_text: opt(&b.top_up_text),
                hold_in_text: opt(&b.hold_in_text),
                hold_out_text: opt(&b.hold_out_text),
                title: opt(&b.title),
                ..b.clone()
            }),
            StepKind::EyeContact(e) => StepKind::EyeContact(EyeContact {
                look_text: opt(&e.look_text),
                away_text: opt(&e.away_text),
                setup: opt(&e.setup),
                title: opt(&e.title),
                ..e.clone()
            }),
            StepKind::Prompt(p) => StepKind::Prompt(Prompt {
                text: f(&p.text),
                title: opt(&p.title),
                by_round: p.by_round.iter().map(|t| f(t)).collect(),
                ..p.clone()
            }),
            StepKind::Choice(c) => StepKind::Choice(Choice {
                text: f(&c.text),
                title: opt(&c.title),
                options: c
                    .options
                    .iter()
                    .map(|o| ChoiceOption {
                        label: f(&o.label),
                        text: f(&o.text),
                    })
                    .collect(),
                ..c.clone()
            }),
            StepKind::Tap(t) => StepKind::Tap(Tap {
                text: opt(&t.text),
                title: opt(&t.title),
                left_text: opt(&t.left_text),
                right_text: opt(&t.right_text),
                ..t.clone()
            }),
        };
        Step {
            kind,
            sound: self.sound.clone(),
            round: self.round,
            speak: self.speak,
            fixed: self.fixed,
            voice: self.voice.clone(),
        }
    }

    /// What spoken guidance says of this step: as written, else `first` for breathing
    /// (the soft sounds carry the later breaths) and `every` for the rest.
    pub fn speaks(&self) -> Speak {
        self.speak.unwrap_or(match self.kind {
            // The first left and right are said; the sounds, one each side, carry on.
            StepKind::Breathe(_) | StepKind::Tap(_) => Speak::First,
            StepKind::EyeContact(_) | StepKind::Prompt(_) | StepKind::Choice(_) => Speak::Every,
        })
    }

    /// The step's heading, whatever its kind.
    pub fn title(&self) -> Option<&str> {
        match &self.kind {
            StepKind::Breathe(b) => b.title.as_deref(),
            StepKind::EyeContact(e) => e.title.as_deref(),
            StepKind::Prompt(p) => p.title.as_deref(),
            StepKind::Tap(t) => t.title.as_deref(),
            StepKind::Choice(c) => c.title.as_deref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    Breathe(Breathe),
    EyeContact(EyeContact),
    Prompt(Prompt),
    Tap(Tap),
    Choice(Choice),
}

/// A choice (format 2: `kind = "choice"`): a question and two to nine options, such as
/// which anchor feels okay today. The person chooses in the player, or chooses none
/// (Enter), which moves on; the chosen option's words then play as a prompt, for the
/// step's `seconds` or until Enter. Nothing about the choice is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The question.
    pub text: String,
    pub title: Option<String>,
    pub options: Vec<ChoiceOption>,
    /// How long the chosen option's words stay; `None`: until Enter.
    pub seconds: Option<Duration>,
    /// `seconds` is a guide, then it waits for Enter (soft timing).
    pub soft: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    pub label: String,
    pub text: String,
}

/// The longest an option's label may be: it is offered with its number, among the
/// others, in a small window too.
pub const MAX_LABEL: usize = 40;

/// How many options a choice offers: at least two, and no more than one key each.
pub const CHOICE_OPTIONS: std::ops::RangeInclusive<usize> = 2..=9;

impl Choice {
    /// Option `i`'s words as the prompt they play as, titled with its label.
    pub fn prompt(&self, i: usize) -> Option<Prompt> {
        let o = self.options.get(i)?;
        Some(Prompt {
            text: o.text.clone(),
            title: Some(o.label.clone()),
            say: false,
            seconds: self.seconds,
            soft: self.soft,
            by_round: Vec::new(),
        })
    }
}

/// A steady alternating beat, left then right (format 2: `kind = "tap"`): the butterfly
/// hug, tapping on the knees, walking on the spot. Each tap has its own soft sound, on
/// its own side in stereo.
#[derive(Debug, Clone, PartialEq)]
pub struct Tap {
    /// From one tap to the next.
    pub beat: Duration,
    /// How many taps, left and right each counted, starting on the left.
    pub taps: u32,
    /// What the person does, shown throughout and said as the step begins.
    pub text: Option<String>,
    pub title: Option<String>,
    pub left_text: Option<String>,
    pub right_text: Option<String>,
    /// Time before the first tap to read or hear `text` and settle the hands
    /// (`lead_in`; by default the title's and text's reading time and
    /// [`LEAD_IN_LEAST`] more, and none without text). Left alone by the length control, like a look's.
    pub lead_in: Duration,
}

/// The quickest and slowest beats a `tap` step may have: slow, even tapping steadies;
/// fast sets belong to trauma therapy with a therapist, not to practice alone.
pub const TAP_BEATS: std::ops::RangeInclusive<Duration> =
    Duration::from_millis(500)..=Duration::from_secs(5);

impl StepKind {
    /// The `kind` value that names this step in a file.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    pub fn kind(&self) -> Kind {
        match self {
            StepKind::Breathe(_) => Kind::Breathe,
            StepKind::EyeContact(_) => Kind::EyeContact,
            StepKind::Prompt(_) => Kind::Prompt,
            StepKind::Tap(_) => Kind::Tap,
            StepKind::Choice(_) => Kind::Choice,
        }
    }
}

/// A phase length that may move evenly from `from` on the first cycle to `to` on the
/// last (format 2: `exhale = [4, 8]`); the same at both ends for a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ramp {
    pub from: Duration,
    pub to: Duration,
}

impl Ramp {
    pub const ZERO: Ramp = Ramp::fixed(Duration::ZERO);

    pub const fn fixed(d: Duration) -> Self {
        Ramp { from: d, to: d }
    }

    pub fn is_ramp(self) -> bool {
        self.from != self.to
    }

    pub fn is_zero(self) -> bool {
        self.from.is_zero() && self.to.is_zero()
    }

    /// The length on cycle `k` of `n` in `stages` equal steps (each held for its share
    /// of the cycles); every cycle when `stages` is `None` or not fewer than `n`.
    pub fn staged(self, k: u32, n: u32, stages: Option<u32>) -> Duration {
        match stages {
            Some(s) if s >= 1 && s < n => {
                let stage = u64::from(k.saturating_sub(1)) * u64::from(s) / u64::from(n);
                self.at(u32::try_from(stage).unwrap_or(s - 1) + 1, s)
            }
            _ => self.at(k, n),
        }
    }

    /// How many of `n` cycles come before stage `stage` of `s` (from 0): the cycles
    /// `k` with `(k − 1) × s / n < stage`.
    fn stage_end(stage: u32, s: u32, n: u32) -> u32 {
        let end = (u64::from(stage) * u64::from(n)).div_ceil(u64::from(s));
        u32::try_from(end.min(u64::from(n))).unwrap_or(n)
    }

    /// The length on cycle `k` of `n` (both from 1): `from + (to − from) × (k − 1) / (n − 1)`,
    /// exact at both ends.
    pub fn at(self, k: u32, n: u32) -> Duration {
        if !self.is_ramp() || n <= 1 || k <= 1 {
            return self.from;
        }
        if k >= n {
            return self.to;
        }
        let (k, n) = (u128::from(k - 1), u128::from(n - 1));
        let (a, b) = (self.from.as_nanos(), self.to.as_nanos());
        // Rounded to the nearest nanosecond, in whole numbers: no float drift.
        let nanos = if b >= a {
            a + ((b - a) * k + n / 2) / n
        } else {
            a - ((a - b) * k + n / 2) / n
        };
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }

    /// The longer end.
    pub fn longest(self) -> Duration {
        self.from.max(self.to)
    }
}

/// One breathing pattern repeated `cycles` times. A cycle is inhale, top-up, hold in,
/// exhale, hold out; zero-length phases are skipped. Any phase may be a [`Ramp`].
#[derive(Debug, Clone, PartialEq)]
pub struct Breathe {
    pub inhale: Ramp,
    pub top_up: Ramp,
    pub hold_in: Ramp,
    pub exhale: Ramp,
    pub hold_out: Ramp,
    pub cycles: u32,
    /// `stages` (format 2): a ramp moves in this many equal steps, each held for its
    /// share of the cycles, rather than a little every cycle. `None`: every cycle.
    pub stages: Option<u32>,
    pub inhale_text: Option<String>,
    pub exhale_text: Option<String>,
    pub top_up_text: Option<String>,
    pub hold_in_text: Option<String>,
    pub hold_out_text: Option<String>,
    /// A heading for the step (format 2), shown beside step n/N.
    pub title: Option<String>,
    /// `until = "key"` (format 2): the person leads, Enter marking each change; each
    /// phase's length is a guide, shown, never a clock that moves on.
    pub own_pace: bool,
}

impl Breathe {
    /// The phases in the order a cycle plays them.
    pub fn phases(&self) -> [Ramp; 5] {
        [
            self.inhale,
            self.top_up,
            self.hold_in,
            self.exhale,
            self.hold_out,
        ]
    }

    /// Phase `p`'s length on cycle `k` (from 1): moving every cycle, or with `stages`,
    /// in that many equal steps.
    pub fn phase_at(&self, p: Ramp, k: u32) -> Duration {
        p.staged(k, self.cycles, self.stages)
    }

    /// The length of cycle `k` (from 1).
    pub fn cycle_at(&self, k: u32) -> Duration {
        self.phases().iter().map(|&p| self.phase_at(p, k)).sum()
    }

    /// The first cycle's length.
    pub fn cycle(&self) -> Duration {
        self.cycle_at(1)
    }

    /// The whole step, in constant time whatever `cycles` holds (a ramp moves evenly,
    /// so its cycles average its two ends; the timeline's per-cycle rounding differs by
    /// at most a nanosecond a cycle). `None` past what a `Duration` holds.
    pub fn total(&self) -> Option<Duration> {
        let n = self.cycles;
        self.phases().iter().try_fold(Duration::ZERO, |t, p| {
            let phase = if let Some(s) = self.stages.filter(|&s| p.is_ramp() && s < n) {
                // Each stage's length for as many cycles as it has: at most
                // [`MAX_STAGES`] turns.
                (0..s).try_fold(Duration::ZERO, |sum, stage| {
                    let cycles = Ramp::stage_end(stage + 1, s, n) - Ramp::stage_end(stage, s, n);
                    sum.checked_add(p.at(stage + 1, s).checked_mul(cycles)?)
                })?
            } else if p.is_ramp() && n > 1 {
                (p.from.checked_add(p.to)?).checked_mul(n)? / 2
            } else {
                p.from.checked_mul(n)?
            };
            t.checked_add(phase)
        })
    }

    pub fn ramps(&self) -> bool {
        self.phases().iter().any(|p| p.is_ramp())
    }
}

/// Whether a counted practice makes a growing eye-contact look longer next time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Growth {
    /// As written: each counted practice adds `grow` to the look.
    Grows,
    /// The person chose, in the preview, to stay at this look for now: the practice
    /// counts, and the look stays as it is.
    Stays,
}

/// Rounds of looking and looking away. The last round keeps its away: the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct EyeContact {
    /// The first round's look, before any growth.
    pub look: Duration,
    /// The last round's look (format 2: `look = [2, 4]`), the rounds between moving
    /// evenly; `look` itself when the look does not ramp.
    pub look_to: Duration,
    pub away: Duration,
    pub rounds: u32,
    /// Added to `look` for each recorded completion of this exercise.
    pub grow: Duration,
    pub max_look: Duration,
    pub look_text: Option<String>,
    pub away_text: Option<String>,
    pub setup: Option<String>,
    /// A heading for the step (format 2), shown beside step n/N.
    pub title: Option<String>,
    /// Time before the first look, to read the setup and turn to the mirror or the
    /// partner (`lead_in`; by default the setup's reading time, at least
    /// [`LEAD_IN_LEAST`]). The length control leaves it alone: it is a rule, not a dose.
    pub lead_in: Duration,
}

impl EyeContact {
    /// Today's hold: `look + grow × completions`, capped by `max_look`.
    pub fn look_after(&self, completions: u32) -> Duration {
        self.look_on(1, completions)
    }

    /// Today's hold in round `k` (from 1): the written look for that round (a ramp
    /// moves evenly from `look` to `look_to`) `+ grow × completions`, capped by
    /// `max_look`.
    pub fn look_on(&self, k: u32, completions: u32) -> Duration {
        let grown = self.grow.saturating_mul(completions);
        let written = Ramp {
            from: self.look,
            to: self.look_to,
        }
        .at(k, self.rounds);
        written.saturating_add(grown).min(self.max_look)
    }

    /// Whether one more practice that grows the look would change it: `grow` is set and
    /// neither the first round's look nor the last's has reached `max_look`.
    pub fn would_grow(&self, completions: u32) -> bool {
        let next = completions.saturating_add(1);
        [1, self.rounds]
            .iter()
            .any(|&k| self.look_on(k, next) > self.look_on(k, completions))
    }

    /// Whether the look moves across the rounds.
    pub fn look_ramps(&self) -> bool {
        self.look != self.look_to
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub text: String,
    pub title: Option<String>,
    /// `style = "say"`: a phrase to say aloud.
    pub say: bool,
    /// `None` for `until = "key"`: the step waits for the user.
    pub seconds: Option<Duration>,
    /// Soft timing (format 2: `seconds` and `until = "key"`): `seconds` is a guide, and
    /// when it is up the step waits for Enter instead of moving on.
    pub soft: bool,
    /// Inside a repeat, `text` as a list (format 2): the words for each round, in
    /// order; `text` is the first. Empty otherwise.
    pub by_round: Vec<String>,
}

impl Prompt {
    /// Whether its words ask for a breath hold.
    pub fn asks_to_hold(&self) -> bool {
        self.title
            .iter()
            .chain([&self.text])
            .any(|t| wording::asks_to_hold(t))
    }
}

/// The sound a step starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sound {
    /// The default step chime.
    Default,
    /// `sound = "none"`.
    Silent,
    Bundled(BundledSound),
    /// A path relative to the exercise file's folder, checked to stay inside it.
    File(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundledSound {
    In,
    Out,
    Look,
    Away,
    Step,
    End,
    /// A tap on the left, heard mostly in the left ear.
    Left,
    /// A tap on the right.
    Right,
}

impl BundledSound {
    pub const ALL: [(&'static str, BundledSound); 8] = [
        ("in", BundledSound::In),
        ("out", BundledSound::Out),
        ("look", BundledSound::Look),
        ("away", BundledSound::Away),
        ("step", BundledSound::Step),
        ("end", BundledSound::End),
        ("left", BundledSound::Left),
        ("right", BundledSound::Right),
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }
}
