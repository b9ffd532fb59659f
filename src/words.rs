//! Words shown to the person, in one place, so the voice stays the same everywhere.

use std::borrow::Cow;

use crate::exercise::{Exercise, StepKind};
use crate::timeline::{Cue, CueKind};

pub const DISCLAIMER: &str = "steady is a practice aid, not therapy or crisis care. If you feel overwhelmed, \
you can stop at any moment, look around the room, and reach someone you trust or a local crisis line.";

pub const PRIVACY: &str = "steady keeps nothing about you except how many times each exercise was completed. It never uses the network.";

/// The phase word for a cue: the author's label where there is one.
pub fn cue_label<'a>(ex: &'a Exercise, cue: &Cue) -> Cow<'a, str> {
    let step = &ex.steps[cue.step].kind;
    let custom = match (step, cue.kind) {
        (StepKind::Breathe(b), CueKind::Inhale) => b.inhale_text.as_deref(),
        (StepKind::Breathe(b), CueKind::Exhale) => b.exhale_text.as_deref(),
        (StepKind::EyeContact(e), CueKind::Look) => e.look_text.as_deref(),
        (StepKind::EyeContact(e), CueKind::Away) => e.away_text.as_deref(),
        (StepKind::Prompt(p), CueKind::Prompt) => p.title.as_deref(),
        _ => None,
    };
    if let Some(c) = custom {
        return Cow::Borrowed(c);
    }
    Cow::Borrowed(match cue.kind {
        CueKind::Inhale => "Breathe in",
        CueKind::TopUp => "A little more in",
        CueKind::HoldIn => "Rest full",
        CueKind::Exhale => "Breathe out",
        CueKind::HoldOut => "Rest empty",
        CueKind::Look => "Look",
        CueKind::Away => "Look away",
        CueKind::Prompt => match step {
            StepKind::Prompt(p) if p.say => "Say",
            _ => "Notice",
        },
    })
}

pub const TOO_SMALL: &str = "Make the window larger. q stops.";
pub const ANCHOR: &str =
    "Feel your feet on the floor. Look around the room. Continue when you're ready.";
pub const ANCHOR_CONTINUE: &str = "Space to continue · q to stop";
pub const STOPPED: &str = "Stopped. Take whatever time you need.";
pub const THE_END: &str = "That's the end. You can come back any time.";
pub const ANY_KEY: &str = "Any key to leave.";
pub const BEGIN: &str = "Space to begin, q to leave";
pub const WAITING: &str = "Press Enter when you're ready";
pub const SAY: &str = "Say, aloud or to yourself:";

/// "Completed 3 times." — a neutral count, no praise.
pub fn completed_times(n: u32) -> String {
    match n {
        1 => "Completed once.".into(),
        n => format!("Completed {n} times."),
    }
}
