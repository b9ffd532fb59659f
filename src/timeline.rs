//! An exercise compiled to a flat list of timed cues. `show`, plain mode, the player and
//! the length estimates all read this one list, so they always agree.

use std::time::Duration;

pub use crate::durations::{approx, clock, length};
use crate::exercise::{Exercise, MAX_CUES, StepKind};

/// What a cue asks of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Inhale,
    TopUp,
    HoldIn,
    Exhale,
    HoldOut,
    Look,
    Away,
    Prompt,
    /// Before an eye-contact step's first look: time to read its setup and turn to the
    /// mirror or the partner.
    LeadIn,
    /// A tap on the left, and one on the right (a `tap` step).
    Left,
    Right,
    /// A choice's question and options, waiting for the person to choose (or not).
    Choose,
}

impl CueKind {
    /// Whether the breathing pace (↓/↑, `pace`) stretches this cue: the moving parts
    /// of a breath only. A hold keeps its length, so slowing down never makes a hold
    /// longer (SPEC §4).
    pub fn is_paced(self) -> bool {
        matches!(self, CueKind::Inhale | CueKind::TopUp | CueKind::Exhale)
    }

    pub fn is_breath(self) -> bool {
        matches!(
            self,
            CueKind::Inhale | CueKind::TopUp | CueKind::HoldIn | CueKind::Exhale | CueKind::HoldOut
        )
    }
}

/// One timed moment of an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Index into the exercise's steps.
    pub step: usize,
    pub kind: CueKind,
    /// Start at the authored pace, counting untimed steps as taking no time.
    pub start: Duration,
    /// `None` for a step that waits for the person (`until = "key"`).
    pub length: Option<Duration>,
    /// Cycle or round: (n, of), both from 1; (1, 1) for prompts.
    pub rep: (u32, u32),
    /// Whether an untimed step comes before this cue, so `start` is a lower bound.
    pub after_untimed: bool,
    /// The cue waits for Enter at its end: an untimed prompt (no `length`), or a soft
    /// one, whose `length` is a guide.
    pub waits: bool,
}

impl Cue {
    pub fn end(&self) -> Duration {
        self.start + self.length.unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub cues: Vec<Cue>,
    /// Index of each step's first cue, and one past the last cue at the end.
    pub step_starts: Vec<usize>,
    /// The last cue that waits for the person, if any.
    last_untimed: Option<usize>,
}

impl Timeline {
    /// Compiles `ex`. `completions` is this exercise's recorded count, which sets today's
    /// eye-contact hold (`look + grow × completions`, capped by `max_look`).
    pub fn compile(ex: &Exercise, completions: u32) -> Self {
        Self::compile_adjusted(ex, completions, 0, Duration::ZERO, Duration::ZERO)
    }

    /// Like [`Timeline::compile`], with today's eye-contact hold moved by `steps × step`
    /// for this run only (`look_step` each), kept between `min` and the step's `max_look`.
    pub fn compile_adjusted(
        ex: &Exercise,
        completions: u32,
        steps: i32,
        look_step: Duration,
        min: Duration,
    ) -> Self {
        Self::build(ex, completions, steps, look_step, min).0
    }

    /// Compiles, and says how many loop turns it took: never more than [`MAX_CUES`] and
    /// a few per step, whatever the exercise holds, so no file can make compiling slow.
    fn build(
        ex: &Exercise,
        completions: u32,
        steps: i32,
        look_step: Duration,
        min: Duration,
    ) -> (Self, usize) {
        let mut b = Builder::default();
        let mut step_starts = Vec::with_capacity(ex.steps.len() + 1);
        for (i, step) in ex.steps.iter().enumerate() {
            step_starts.push(b.cues.len());
            match &step.kind {
                StepKind::Breathe(br) => {
                    for n in 1..=br.cycles {
                        if !b.turn() {
                            break;
                        }
                        let at = |r: crate::exercise::Ramp| br.phase_at(r, n);
                        for (kind, d) in [
                            (CueKind::Inhale, at(br.inhale)),
                            (CueKind::TopUp, at(br.top_up)),
                            (CueKind::HoldIn, at(br.hold_in)),
                            (CueKind::Exhale, at(br.exhale)),
                            (CueKind::HoldOut, at(br.hold_out)),
                        ] {
                            if !d.is_zero() {
                                b.push(i, kind, Some(d), (n, br.cycles));
                                // At one's own pace (`until = "key"`): each phase's time
                                // is a guide, and Enter marks the change.
                                if br.own_pace
                                    && let Some(c) = b.cues.last_mut()
                                {
                                    c.waits = true;
                                    b.after_untimed = true;
                                }
                            }
                        }
                    }
                }
                StepKind::EyeContact(e) => {
                    let delta = look_step.saturating_mul(steps.unsigned_abs());
                    // Each round's look today, moved for this run by ↑/↓.
                    let look = |n: u32| {
                        let today = e.look_on(n, completions);
                        if steps >= 0 {
                            today.saturating_add(delta).min(e.max_look)
                        } else {
                            today.saturating_sub(delta).max(min.min(today))
                        }
                    };
                    if !e.lead_in.is_zero() && b.turn() {
                        b.push(i, CueKind::LeadIn, Some(e.lead_in), (1, e.rounds));
                    }
                    for n in 1..=e.rounds {
                        if !b.turn() {
                            break;
                        }
                        b.push(i, CueKind::Look, Some(look(n)), (n, e.rounds));
                        b.push(i, CueKind::Away, Some(e.away), (n, e.rounds));
                    }
                }
                StepKind::Tap(t) => {
                    if !t.lead_in.is_zero() && b.turn() {
                        b.push(i, CueKind::LeadIn, Some(t.lead_in), (1, t.taps));
                    }
                    for n in 1..=t.taps {
                        if !b.turn() {
                            break;
                        }
                        let side = if n % 2 == 1 {
                            CueKind::Left
                        } else {
                            CueKind::Right
                        };
                        b.push(i, side, Some(t.beat), (n, t.taps));
                    }
                }
                StepKind::Choice(c) => {
                    b.push(i, CueKind::Choose, None, (1, 1));
                    b.push(i, CueKind::Prompt, c.seconds, (1, 1));
                    if c.soft
                        && let Some(c) = b.cues.last_mut()
                    {
                        c.waits = true;
                        b.after_untimed = true;
                    }
                }
                StepKind::Prompt(p) => {
                    b.push(i, CueKind::Prompt, p.seconds, (1, 1));
                    if p.soft
                        && let Some(c) = b.cues.last_mut()
                    {
                        c.waits = true;
                        b.after_untimed = true;
                    }
                }
            }
        }
        step_starts.push(b.cues.len());
        let last_untimed = b.cues.iter().rposition(|c| c.waits);
        let timeline = Self {
            cues: b.cues,
            step_starts,
            last_untimed,
        };
        (timeline, b.turns)
    }

    /// Total of the timed cues at the authored pace.
    pub fn total(&self) -> Duration {
        self.cues.iter().filter_map(|c| c.length).sum()
    }

    /// Whether cue `cue` or a later one waits for the person, so time left is a floor.
    pub fn waits_from(&self, cue: usize) -> bool {
        self.last_untimed.is_some_and(|last| last >= cue)
    }

    /// How many steps wait for the person (soft-timed ones included).
    pub fn untimed(&self) -> usize {
        self.cues.iter().filter(|c| c.waits).count()
    }

    /// The cues of step `i`.
    pub fn step_cues(&self, i: usize) -> &[Cue] {
        &self.cues[self.step_starts[i]..self.step_starts[i + 1]]
    }

    /// "about 3 min", or "about 3 min + your pace" when some steps wait for the person.
    pub fn length_text(&self) -> String {
        self.length_text_at(1.0)
    }

    /// As [`Timeline::length_text`], for a run `speed` times faster than written
    /// (`--speed`): the length it really takes.
    pub fn length_text_at(&self, speed: f64) -> String {
        format!("about {}", self.length_short_at(speed))
    }

    /// [`length_text`](Self::length_text) without "about", for a column headed LENGTH
    /// (`list`, the picker): "3 min", "3 min + your pace".
    pub fn length_short(&self) -> String {
        self.length_short_at(1.0)
    }

    fn length_short_at(&self, speed: f64) -> String {
        let total = if speed.is_finite() && speed > 0.0 && speed != 1.0 {
            self.total().div_f64(speed)
        } else {
            self.total()
        };
        let mut s = crate::durations::rounded(total);
        if self.untimed() > 0 {
            s.push_str(" + your pace");
        }
        s
    }
}

#[derive(Default)]
struct Builder {
    cues: Vec<Cue>,
    at: Duration,
    after_untimed: bool,
    /// Loop turns taken, counted apart from cues: a turn may push nothing.
    turns: usize,
}

impl Builder {
    /// Takes one more turn of a cycle or round loop, unless the work is used up. The
    /// loader's limits keep a valid exercise far inside this; it guards the rest.
    fn turn(&mut self) -> bool {
        self.turns += 1;
        self.turns <= MAX_CUES && self.cues.len() < MAX_CUES
    }

    fn push(&mut self, step: usize, kind: CueKind, length: Option<Duration>, rep: (u32, u32)) {
        self.cues.push(Cue {
            step,
            kind,
            start: self.at,
            length,
            rep,
            after_untimed: self.after_untimed,
            waits: length.is_none(),
        });
        match length {
            Some(l) => self.at += l,
            None => self.after_untimed = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::load::parse;
    use crate::exercise::{Breathe, Step};

    fn compile(src: &str, completions: u32) -> Timeline {
        let checked = parse(src);
        let ex = checked
            .exercise
            .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
        Timeline::compile(&ex, completions)
    }

    fn secs(d: Duration) -> f64 {
        d.as_secs_f64()
    }

    #[test]
    fn breathe_cycle_is_inhale_top_up_hold_exhale_hold_and_skips_zero_phases() {
        let t = compile(
            "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 3\ntop_up = 1\nhold_out = 0.5\nexhale = 6\ncycles = 2\n",
            0,
        );
        let kinds: Vec<CueKind> = t.cues.iter().map(|c| c.kind).collect();
        use CueKind::*;
        assert_eq!(
            kinds,
            [
                Inhale, TopUp, Exhale, HoldOut, Inhale, TopUp, Exhale, HoldOut
            ]
        );
        let starts: Vec<f64> = t.cues.iter().map(|c| secs(c.start)).collect();
        assert_eq!(starts, [0.0, 3.0, 4.0, 10.0, 10.5, 13.5, 14.5, 20.5]);
        assert_eq!(t.cues[4].rep, (2, 2));
        assert_eq!(secs(t.total()), 21.0);
    }

    #[test]
    fn compiling_takes_bounded_work_whatever_the_exercise_holds() {
        // Built by hand, past the loader: phases of no length and billions of cycles.
        // Before compiling counted its own turns, this took billions of them.
        let nothing = Breathe {
            stages: None,
            inhale: crate::exercise::Ramp::ZERO,
            top_up: crate::exercise::Ramp::ZERO,
            hold_in: crate::exercise::Ramp::ZERO,
            exhale: crate::exercise::Ramp::ZERO,
            hold_out: crate::exercise::Ramp::ZERO,
            cycles: u32::MAX,
            inhale_text: None,
            exhale_text: None,
            top_up_text: None,
            hold_in_text: None,
            hold_out_text: None,
            title: None,
            own_pace: false,
        };
        let step = Step {
            kind: StepKind::Breathe(nothing),
            sound: crate::exercise::Sound::Default,
            round: None,
            speak: None,
            fixed: false,
            voice: None,
        };
        let ex = Exercise {
            title: "t".into(),
            about: None,
            tags: Vec::new(),
            note: None,
            anchor: None,
            source: None,
            suits: Vec::new(),
            steps: vec![step.clone(); 5],
            blocks: vec![crate::exercise::Block::Step(Box::new(step)); 5],
        };
        let (t, turns) = Timeline::build(&ex, 0, 0, Duration::ZERO, Duration::ZERO);
        assert!(turns <= MAX_CUES + ex.steps.len(), "{turns} turns");
        assert!(t.cues.len() <= MAX_CUES);
        assert_eq!(t.step_starts.len(), ex.steps.len() + 1);
    }

    #[test]
    fn every_valid_step_has_a_cue_however_short_its_phases() {
        for inhale in ["0.01", "0.0100001", "1"] {
            let t = compile(
                &format!(
                    "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = {inhale}\nexhale = 0.01\nhold_out = 0.01\ncycles = 3\n"
                ),
                0,
            );
            assert_eq!(t.step_cues(0).len(), 9, "inhale = {inhale}");
        }
    }

    #[test]
    fn minutes_round_to_the_nearest_whole_cycle_and_at_least_one() {
        let step = |m: &str| {
            compile(
                &format!("title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\nminutes = {m}\n"),
                0,
            )
            .cues
            .len()
                / 2
        };
        assert_eq!(step("2"), 12);
        assert_eq!(step("2.1"), 13); // 12.6 cycles
        assert_eq!(step("0.01"), 1);
    }

    #[test]
    fn eye_contact_rounds_are_look_then_away_and_the_last_keeps_its_rest() {
        let src = "title = \"t\"\n[[step]]\nkind = \"eye-contact\"\nlook = 2\naway = 6\nrounds = 3\ngrow = 0.5\nmax_look = 4\n";
        let t = compile(src, 0);
        let kinds: Vec<CueKind> = t.cues.iter().map(|c| c.kind).collect();
        use CueKind::*;
        assert_eq!(kinds, [LeadIn, Look, Away, Look, Away, Look, Away]);
        // The rounds, and the least lead-in before them.
        assert_eq!(secs(t.total()), 24.0 + 3.0);
        // Today's look grows with the count and stops at max_look.
        assert_eq!(secs(compile(src, 3).cues[1].length.unwrap()), 3.5);
        assert_eq!(secs(compile(src, 1000).cues[1].length.unwrap()), 4.0);
    }

    /// `fixed = true` keeps a step, or a repeat's number of rounds, as written whatever
    /// the length: a rule is not a dose. The rest scales as before.
    #[test]
    fn the_length_control_leaves_fixed_parts_as_written() {
        let src = "title = \"t\"\nformat = 2\n\
            [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 4\nfixed = true\n\
            [[step]]\nkind = \"prompt\"\ntext = \"A break of twenty minutes.\"\nseconds = 1200\nfixed = true\n\
            [[step]]\nkind = \"repeat\"\ntimes = 3\nfixed = true\n\
            [[step.step]]\nkind = \"prompt\"\ntext = \"Question {round}.\"\nseconds = 10\n\
            [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 4\n";
        let ex = crate::exercise::load::parse(src).exercise.unwrap();
        for factor in [0.5, 2.0] {
            let at = ex.at_length(factor);
            let t = Timeline::compile(&at, 0);
            let per_step: Vec<Duration> = (0..at.steps.len())
                .map(|i| t.step_cues(i).iter().filter_map(|c| c.length).sum())
                .collect();
            assert_eq!(secs(per_step[0]), 40.0, "fixed breaths at {factor}");
            assert_eq!(secs(per_step[1]), 1200.0, "a fixed break at {factor}");
            // Three rounds of the fixed repeat, each as written; then the free step.
            assert_eq!(at.steps.len(), 6, "rounds at {factor}");
            assert_eq!(secs(per_step[2]), 10.0);
            assert_eq!(secs(per_step[5]), 40.0 * factor, "the free step scales");
        }
    }

    /// The first look never begins with text still to read: a lead-in as long as the
    /// setup takes to read (160 words a minute, at least 3 s), or as the file says, and
    /// none at `lead_in = 0`. The length control leaves it alone.
    #[test]
    fn the_first_look_waits_for_its_setup_to_be_read() {
        let setup = "word ".repeat(40);
        let with = |extra: &str| {
            format!(
                "title = \"t\"\nformat = 2\n[[step]]\nkind = \"eye-contact\"\nlook = 2\naway = 6\nrounds = 2\nsetup = \"{setup}\"\n{extra}"
            )
        };
        let t = compile(&with(""), 0);
        assert_eq!(t.cues[0].kind, CueKind::LeadIn);
        // 40 words at 160 a minute: 15 s.
        assert_eq!(secs(t.cues[0].length.unwrap()), 15.0);
        assert_eq!(t.cues[1].kind, CueKind::Look);
        let t = compile(&with("lead_in = 5\n"), 0);
        assert_eq!(secs(t.cues[0].length.unwrap()), 5.0);
        let t = compile(&with("lead_in = 0\n"), 0);
        assert_eq!(t.cues[0].kind, CueKind::Look);
        let ex = crate::exercise::load::parse(&with("")).exercise.unwrap();
        let half = Timeline::compile(&ex.at_length(0.5), 0);
        assert_eq!(secs(half.cues[0].length.unwrap()), 15.0);
    }

    #[test]
    fn untimed_prompt_has_no_length_and_marks_later_starts_as_lower_bounds() {
        let t = compile(
            "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"a\"\nseconds = 5\n\
             [[step]]\nkind = \"prompt\"\ntext = \"b\"\nuntil = \"key\"\n\
             [[step]]\nkind = \"prompt\"\ntext = \"c\"\nseconds = 5\n",
            0,
        );
        assert_eq!(t.cues[1].length, None);
        assert!(!t.cues[1].after_untimed && t.cues[2].after_untimed);
        assert_eq!(secs(t.cues[2].start), 5.0);
        assert_eq!(t.untimed(), 1);
        assert!(t.waits_from(0) && t.waits_from(1) && !t.waits_from(2));
        assert_eq!(t.length_text(), "about 10 s + your pace");
        assert_eq!(t.step_cues(1).len(), 1);
    }

    #[test]
    fn the_short_length_is_the_estimate_without_about() {
        let untimed = compile(
            "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"a\"\nseconds = 5\n\
             [[step]]\nkind = \"prompt\"\ntext = \"b\"\nuntil = \"key\"\n",
            0,
        );
        assert_eq!(untimed.length_short(), "5 s + your pace");
        let timed = compile(
            "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 18\n",
            0,
        );
        assert_eq!(timed.length_short(), "3 min");
        assert_eq!(timed.length_text(), "about 3 min");
    }

    #[test]
    fn decimal_seconds_add_up_exactly_over_many_cycles() {
        let t = compile(
            "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 4.1\nexhale = 6.3\ncycles = 1000\n",
            0,
        );
        let last = t.cues.last().unwrap();
        assert_eq!(last.end(), t.total());
        assert_eq!(t.total(), Duration::from_millis(10_400) * 1000);
    }

    #[test]
    fn lengths_read_naturally() {
        assert_eq!(clock(Duration::from_secs(4)), "0:04");
        assert_eq!(clock(Duration::from_secs(3725)), "1:02:05");
        assert_eq!(length(Duration::from_millis(4500)), "4.5 s");
        assert_eq!(length(Duration::from_secs(200)), "3 min 20 s");
        assert_eq!(length(Duration::from_secs(180)), "3 min");
        assert_eq!(approx(Duration::from_secs(175)), "about 3 min");
    }
}
