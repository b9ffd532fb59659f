//! Words shown to the person, in one place, so the voice stays the same everywhere.

use std::borrow::Cow;

use crate::durations;
use crate::exercise::{Exercise, StepKind};
use crate::timeline::{Cue, CueKind};

/// Said once, under `--help`: what steady is not, and what it keeps.
pub const AFTER_HELP: &str = "\
steady is a practice aid, not therapy or crisis care. If you feel overwhelmed, you can stop \
at any moment, look around the room, and reach someone you trust or a local crisis line.

steady keeps nothing about you except how many times each exercise was completed, and never \
uses the network.";

/// The phase word for a cue: the author's label where there is one.
pub fn cue_label<'a>(ex: &'a Exercise, cue: &Cue) -> Cow<'a, str> {
    let step = &ex.steps[cue.step].kind;
    let custom = match (step, cue.kind) {
        (StepKind::Breathe(b), CueKind::Inhale) => b.inhale_text.as_deref(),
        (StepKind::Breathe(b), CueKind::Exhale) => b.exhale_text.as_deref(),
        (StepKind::Breathe(b), CueKind::TopUp) => b.top_up_text.as_deref(),
        (StepKind::Breathe(b), CueKind::HoldIn) => b.hold_in_text.as_deref(),
        (StepKind::Breathe(b), CueKind::HoldOut) => b.hold_out_text.as_deref(),
        (StepKind::EyeContact(e), CueKind::Look) => e.look_text.as_deref(),
        (StepKind::EyeContact(e), CueKind::Away) => e.away_text.as_deref(),
        (StepKind::Prompt(p), CueKind::Prompt) => p.title.as_deref(),
        (StepKind::Tap(t), CueKind::Left) => t.left_text.as_deref(),
        (StepKind::Tap(t), CueKind::Right) => t.right_text.as_deref(),
        (StepKind::Choice(c), CueKind::Choose) => c.title.as_deref(),
        // A cue of another kind's: none is made, and it has no words of its own. (A
        // chosen option's label is known only while playing: `Current::prompt`.)
        (
            StepKind::Breathe(_)
            | StepKind::EyeContact(_)
            | StepKind::Prompt(_)
            | StepKind::Tap(_)
            | StepKind::Choice(_),
            _,
        ) => None,
    };
    // Words are said, or read by a screen reader, within their cue: an author's that
    // need longer give way to the usual ones (`check` warns of them), and a cue too
    // brief for the usual words gets fewer.
    let fits = |words: &str| {
        cue.length
            .is_none_or(|len| crate::exercise::reading_time(words) <= len)
    };
    if let Some(c) = custom
        && (cue.kind == CueKind::Prompt || fits(c))
    {
        return Cow::Borrowed(c);
    }
    let brief = |words: &'static str, short: &'static str| if fits(words) { words } else { short };
    Cow::Borrowed(match cue.kind {
        CueKind::Inhale => brief("Breathe in", "In"),
        CueKind::TopUp => brief("A little more in", "More in"),
        CueKind::HoldIn => brief("Hold, full", "Hold"),
        CueKind::Exhale => brief("Breathe out", "Out"),
        CueKind::HoldOut => brief("Hold, empty", "Hold"),
        CueKind::Look => "Look",
        CueKind::Away => brief("Look away", "Away"),
        CueKind::LeadIn => match step {
            StepKind::Tap(_) => "Before the first tap",
            _ => "Before the first look",
        },
        CueKind::Left => "Left",
        CueKind::Right => "Right",
        CueKind::Choose => "Choose",
        CueKind::Prompt => match step {
            StepKind::Prompt(p) if p.say => "Say",
            StepKind::Prompt(_)
            | StepKind::Breathe(_)
            | StepKind::EyeContact(_)
            | StepKind::Tap(_)
            | StepKind::Choice(_) => "Notice",
        },
    })
}

/// Parts of the body that some people find hard to rest attention on: the preview
/// names them, where a long list of places would bury them.
const CLOSE_FOCUS: &[&str] = &[
    "chest", "belly", "stomach", "heart", "throat", "jaw", "face", "pelvis", "hips", "genital",
];

/// "attention to: …": a few places by name; more as a number, with the close ones
/// named, so a body scan's chest and face are never the ninth item of eleven.
fn attention(regions: &[&str]) -> String {
    if regions.len() <= 3 {
        return format!("attention to: {}", regions.join(", "));
    }
    let close: Vec<String> = regions
        .iter()
        .filter(|r| {
            let lower = r.to_lowercase();
            CLOSE_FOCUS
                .iter()
                .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
        })
        .map(|r| r.to_lowercase())
        .collect();
    let n = regions.len();
    match close.as_slice() {
        [] => format!("attention to {n} places in turn"),
        [one] => format!("attention to {n} places in turn, among them the {one}"),
        [most @ .., last] => format!(
            "attention to {n} places in turn, among them the {} and the {last}",
            most.join(", the ")
        ),
    }
}

/// The footer's word for Enter at a choice.
pub const CHOOSE_NONE: &str = "none of these";

/// Under a choice's options.
pub const CHOOSE_HOW: &str = "A number chooses; Enter alone, none of these.";

/// Said after a choice's options.
pub const SAY_CHOOSE_NONE: &str = "Or Enter for none of these.";

/// Today's looks, in `say`'s words for a length: "2 s each look", or for a look that
/// ramps, "looks from 2 s to 4 s".
pub fn looks(
    first: std::time::Duration,
    last: std::time::Duration,
    say: impl Fn(std::time::Duration) -> String,
) -> String {
    if first == last {
        format!("{} each look", say(first))
    } else {
        format!("looks from {} to {}", say(first), say(last))
    }
}

/// Beside a timed prompt's clock while it waits for its words to be said.
pub const AFTER_THE_WORDS: &str = "once the words are said";

/// Said once when recorded voices can't be played (`n` of them): their steps are spoken
/// instead.
pub fn recordings_lost(n: usize) -> String {
    match n {
        1 => "a recording can't be played, so its step is spoken (steady check says why)".into(),
        n => format!(
            "{n} recordings can't be played, so their steps are spoken (steady check says why)"
        ),
    }
}

/// A title as a sentence: a full stop after it, unless it ends in its own ("Ready?").
pub fn closed(title: &str) -> String {
    if title.ends_with(['.', '?', '!', '…', ':']) {
        title.to_owned()
    } else {
        format!("{title}.")
    }
}

/// Plain mode's way to answer a choice of `n` options.
pub fn plain_choose(n: usize) -> String {
    format!("Type a number from 1 to {n} and Enter, or Enter alone for none of these.")
}

/// First in "what it involves" when a breath hold follows fast breathing.
pub const FAST_THEN_HOLD: &str = "fast breathing and then a held breath, which can make a person faint: sit or lie down, never in water, and breathe normally whenever you like";

/// Under a breath at one's own pace, once its guide time is up.
pub const OWN_PACE_NEXT: &str = "Enter at the change";

pub const VOICE_ON: &str = "Voice on.";
pub const VOICE_OFF: &str = "Voice off.";
/// In the preview, when spoken guidance is on.
pub const VOICE_NOTE: &str = "Spoken guidance is on: steps, prompts, looks and first breaths are said aloud, and a timed prompt's time starts once its words are said. v turns it off.";

/// What the preview says of steps with a recorded voice (`voice`), with the voice on
/// or off; nothing when there are none.
pub fn recorded_note(ex: &crate::exercise::Exercise, voice: bool) -> Option<&'static str> {
    ex.steps
        .iter()
        .any(|s| s.voice.is_some())
        .then_some(if voice {
            "Some steps have recorded words of their own, played in place of the spoken guidance."
        } else {
            "Some steps have recorded words of their own: v, or --voice, plays them."
        })
}

pub const PAUSED: &str = "Paused";
pub const PAUSED_HOW: &str = "Space to go on, q to stop";
/// At the top of the list of keys (`?`): how to close it, before anything else.
pub const HELP_CLOSES: &str = "? or Enter closes this; q is still the way out.";
/// Under it, while a practice waits behind the list.
pub const HELP_PAUSED: &str = "The practice is paused; Space goes on, when you choose.";
pub const TOO_SMALL: &str = "Too small to show this. q stops.";
/// The anchor when an exercise names none: invitational, and not only for the eyes.
pub const ANCHOR: &str = "You might feel your feet on the floor or the seat under you, and look or \
listen around the room. Continue when you're ready, or stop.";
pub const ANCHOR_CONTINUE: &str = "Space to continue · q to stop";
pub const STOPPED: &str = "Stopped. Take whatever time you need.";
pub const THE_END: &str = "That's the end. You can come back any time.";
/// [`THE_END`] where a small window has no room for all of it.
pub const THE_END_SHORT: &str = "That's the end.";
pub const ANY_KEY: &str = "Any key to leave.";
/// The closing screen of a practice opened from the picker.
pub const ANOTHER: &str = "Enter for another, any other key to leave.";
/// [`ANOTHER`] where a small window has no room for it, beside a footer that says
/// "Enter another".
pub const ANOTHER_SHORT: &str = "Other keys leave.";
/// The picker's question, above its answers.
pub const PICKER_ASK: &str = "Which is closer right now?";
pub const PICKER_ASK_SHORT: &str = "Which is closer?";
pub const ASK_REVVED_UP: &str = "A longer, slower out-breath often helps. Enter puts what suits it \
first; your answer is not kept.";
pub const ASK_SHUT_DOWN: &str = "Eyes open, weight and small movements often help more than slow \
breathing. Enter puts what suits it first; your answer is not kept.";
pub const ASK_NOT_SURE: &str = "Looking around the room, the senses and a few words help on \
either side. Enter puts those first; your answer is not kept.";
pub const BEGIN: &str = "Space to begin, q to leave";
/// [`BEGIN`] in a preview opened from the list of exercises, where q goes back to it.
pub const BEGIN_FROM_LIST: &str = "Space to begin, q to go back";
pub const WAITING: &str = "Press Enter when you're ready";
pub const NOT_COUNTED: &str = "This practice could not be counted:";
pub const SAVING: &str = "Saving the count…";
pub const BUSY: &str = "Another steady is saving its counts; this practice was not counted.";
/// Under a prompt longer than the window: which way the rest of it is.
pub const MORE_BELOW: &str = "↓ more";
pub const MORE_ABOVE: &str = "↑ back";
pub const SAY: &str = "Say, aloud or to yourself:";
/// The closing screen, when the end was reached by skipping every part.
pub const ALL_SKIPPED: &str = "Every part was skipped, so this one isn't counted.";
/// The closing screen, when growing eye contact was skipped or made shorter.
pub const LOOK_EASED: &str = "Some eye contact was skipped or made shorter, so this one isn't counted and the look stays as it was.";
/// [`ALL_SKIPPED`] and [`LOOK_EASED`] where a small window has no room for them: two or
/// three lines at 20 columns.
pub const ALL_SKIPPED_SHORT: &str = "All skipped, so this one isn't counted.";
pub const LOOK_EASED_SHORT: &str = "Eye contact eased, so not counted; the look stays.";

/// Under today's look where it grows (by `grow`), so the closing screen never
/// surprises: that `key` keeps it as it is and what a look ended early does; once
/// staying, what that means and that `again` lets it grow; and where today's look was
/// changed by `steps`, what that change does.
pub fn look_grows(grow: String, steps: i32, stays: bool, key: &str, again: &str) -> String {
    match (steps.signum(), stays) {
        (-1, _) => {
            "A shorter look today: the look stays as it is, and this practice isn't counted.".into()
        }
        (1, _) => format!(
            "A longer look today, for this practice only; next time the look grows {grow} from where it was."
        ),
        (_, true) => format!(
            "Staying at this look: this practice counts, and the look stays as it is next time ({again} lets it grow)."
        ),
        (_, false) => format!(
            "It grows {grow} with each practice; {key} keeps it as it is for next time, and this one still counts. A look ended early or made shorter keeps it too, and that practice isn't counted."
        ),
    }
}

/// The closing screen, after a practice that stayed at its look.
pub const LOOK_STAYS: &str = "The look stays as it is next time.";
/// [`LOOK_STAYS`] where a small window has no room for it.
pub const LOOK_STAYS_SHORT: &str = "The look stays.";

/// "Completed 3 times." — a neutral count, no praise.
pub fn completed_times(n: u32) -> String {
    match n {
        1 => "Completed once.".into(),
        n => format!("Completed {n} times."),
    }
}

pub const KEPT: &str = "Nothing else is kept: no dates, no times, no record of stopped practices.";
pub const NO_DATA_DIR: &str =
    "there is no home folder to keep counts in (set STEADY_DATA_DIR to choose one).";
/// After a missing exercises folder is named: how to make it.
pub const MAKE_FOLDER: &str = "`steady new breathe NAME --library` makes it.";
pub const NO_EXERCISES_DIR: &str =
    "there is no home folder to keep exercises in (set STEADY_EXERCISES_DIR to choose one).";
/// Under `list`, when plain mode cannot ask for a number: nothing can be typed.
pub const PLAIN_PICKER: &str = "Play one with `steady run NAME --plain`.";
pub const PLAIN_MENU: &str =
    "Type the number or the id of an exercise and Enter to open it, or q and Enter to leave.";
pub const PLAIN_MENU_GIVE_UP: &str = "Leaving the list for now. `steady list` shows every exercise, and `steady run NAME --plain` plays one.";

/// The numbered menu's question again, after an answer that fit no exercise.
pub fn plain_menu_again(n: usize) -> String {
    format!("Type a number from 1 to {n}, or q to leave.")
}
pub const COUNTS_UNREADABLE: &str = "counts file unreadable: not counting";
pub const NOT_RECORDING: &str = "not counting this practice";
pub const PLAYING_ANYWAY: &str = "The exercise plays as usual; this practice will not be counted, and the file is left as it is.";
pub const TRY_PLAIN: &str = "`steady run NAME --plain` plays an exercise line by line instead.";
pub const SHARES_COUNT: &str =
    "This file has the same name as an exercise in your library, so they share one count.";

pub const SOUND_NOTE: &str =
    "Soft tones mark each change, at a low volume. m mutes them at any time.";

pub const PLAIN_CANT: &str = "That does nothing here.";
pub const PLAIN_MUTED: &str = "Sound off.";
pub const PLAIN_UNMUTED: &str = "Sound on.";

/// Plain mode's line when the breathing pace changes.
pub fn plain_pace(percent: u32) -> String {
    if percent == 100 {
        "Breathing at the written pace.".into()
    } else {
        format!("Breathing at {percent}% of the written pace.")
    }
}
pub const PLAIN_BEGIN: &str = "Press Enter to begin, or q and Enter to leave.";
pub const PLAIN_PAUSED: &str = "Paused. Enter or p to go on.";
pub const PLAIN_RESUMED: &str = "Going on.";

/// "4 s", or for a ramp "4 s growing to 8 s" (or "easing to").
pub fn ramp_words(r: crate::exercise::Ramp) -> String {
    if !r.is_ramp() {
        return durations::length(r.from);
    }
    let way = if r.to > r.from { "growing" } else { "easing" };
    format!(
        "{} {way} to {}",
        durations::length(r.from),
        durations::length(r.to)
    )
}

/// "6 breaths", "5.5 breaths": how many cycles of `cycle` fit in a minute, to a half.
fn per_minute(cycle: std::time::Duration) -> String {
    let n = (60.0 / cycle.as_secs_f64().max(0.01) * 2.0).round() / 2.0;
    durations::trim_float(n)
}

/// "6 breaths", or for a ramp "6.5 to 5 breaths" (cycles `first` and `last`).
fn breaths_a_minute(first: std::time::Duration, last: std::time::Duration) -> String {
    let (a, b) = (per_minute(first), per_minute(last));
    let unit = if b == "1" { "breath" } else { "breaths" };
    if a == b {
        format!("{b} {unit}")
    } else {
        format!("{a} to {b} {unit}")
    }
}

/// One line per thing the exercise asks of the person, so nothing comes as a surprise.
pub fn involves(ex: &Exercise) -> Vec<String> {
    let mut out = Vec::new();
    let mut longest_hold = std::time::Duration::ZERO;
    let mut breathe = None;
    let mut regions = Vec::new();
    let (mut gaze, mut say, mut waits) = (false, false, 0);
    // What each choice offers, in its own words.
    let mut choices: Vec<String> = Vec::new();
    // The slowest and quickest beat of the tapping steps.
    let mut beats: Option<(std::time::Duration, std::time::Duration)> = None;
    let mut longest_look = std::time::Duration::ZERO;
    // A hold the person times, asked for in a prompt's words: never "no holds".
    let mut self_timed = ex
        .steps
        .iter()
        .any(|s| matches!(&s.kind, StepKind::Prompt(p) if p.asks_to_hold()));
    let mut own_pace = false;
    if !crate::exercise::holds_after_fast(&ex.steps).is_empty() {
        out.push(FAST_THEN_HOLD.to_owned());
    }
    for s in &ex.steps {
        match &s.kind {
            StepKind::Breathe(b) => {
                longest_hold = longest_hold
                    .max(b.hold_in.longest())
                    .max(b.hold_out.longest());
                own_pace |= b.own_pace;
                self_timed |=
                    b.own_pace && !b.hold_in.longest().max(b.hold_out.longest()).is_zero();
                breathe.get_or_insert((
                    b.inhale,
                    b.top_up,
                    b.exhale,
                    b.cycle(),
                    b.cycle_at(b.cycles),
                    b.stages.filter(|_| b.ramps()),
                ));
            }
            StepKind::EyeContact(e) => {
                gaze = true;
                longest_look = longest_look.max(e.max_look.max(e.look));
            }
            StepKind::Tap(t) => {
                let (slow, quick) = beats.unwrap_or((t.beat, t.beat));
                beats = Some((slow.max(t.beat), quick.min(t.beat)));
            }
            StepKind::Choice(c) => {
                let labels: Vec<&str> = c.options.iter().map(|o| o.label.as_str()).collect();
                choices.push(match labels.as_slice() {
                    [most @ .., last] => format!("a choice of {} or {last}", most.join(", ")),
                    [] => "a choice".to_owned(),
                });
            }
            StepKind::Prompt(p) => {
                // Regions once each; a repeat's steps are named by its rounds instead
                // ("Check-in, Check-in, Check-in" says nothing).
                if let Some(t) = &p.title
                    && s.round.is_none()
                    && !regions.contains(&t.as_str())
                {
                    regions.push(t.as_str());
                }
                say |= p.say;
                waits += usize::from(p.seconds.is_none());
            }
        }
    }
    if let Some((i, top_up, e, cycle, last, stages)) = breathe {
        let holds = match (longest_hold.is_zero(), self_timed) {
            (true, false) => "no holds".to_owned(),
            (true, true) => "breath holds you time yourself".to_owned(),
            (false, false) => format!("holds up to {}", durations::length(longest_hold)),
            (false, true) if own_pace => format!(
                "holds you time yourself (a guide of up to {})",
                durations::length(longest_hold)
            ),
            (false, true) => format!(
                "holds up to {}, and holds you time yourself",
                durations::length(longest_hold)
            ),
        };
        let top_up = if top_up.is_zero() {
            String::new()
        } else {
            format!(", a little more {}", ramp_words(top_up))
        };
        if own_pace {
            out.push(format!(
                "breathing at your own pace, Enter at each change (a guide of in {}{top_up} and out {}), {holds}",
                ramp_words(i),
                ramp_words(e),
            ));
        } else {
            let staged = stages.map_or(String::new(), |s| format!(" in {s} stages"));
            out.push(format!(
                "paced breathing, in {}{top_up} and out {}{staged} ({} a minute), {holds}",
                ramp_words(i),
                ramp_words(e),
                breaths_a_minute(cycle, last)
            ));
        }
    }
    // A look over the gentle length is not "short": say how long it can be.
    if gaze && longest_look > crate::exercise::GENTLE_LOOK {
        out.push(format!(
            "eye contact, in looks of up to {} with rests between",
            crate::durations::length(longest_look)
        ));
    } else if gaze {
        out.push("eye contact, in short looks with rests between".into());
    }
    if let Some((slow, quick)) = beats {
        let every = if slow == quick {
            durations::length(slow)
        } else {
            format!(
                "{} to {}",
                durations::length(quick),
                durations::length(slow)
            )
        };
        out.push(format!("tapping left and right, one every {every}"));
    }
    for b in &ex.blocks {
        if let crate::exercise::Block::Repeat { times, steps, .. } = b {
            let s = if steps.len() == 1 { "" } else { "s" };
            out.push(format!("{times} rounds of {} step{s}", steps.len()));
        }
    }
    if !regions.is_empty() {
        out.push(attention(&regions));
    }
    out.extend(choices);
    if say {
        out.push("a phrase to say, aloud or to yourself".into());
    }
    if waits > 0 {
        out.push(match waits {
            1 => "1 step that waits for Enter".to_owned(),
            n => format!("{n} steps that wait for Enter"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few places are named; many are counted, with the close ones named so they are
    /// not buried.
    #[test]
    fn many_places_are_counted_and_the_close_ones_named() {
        assert_eq!(attention(&["Feet", "Hands"]), "attention to: Feet, Hands");
        let scan = [
            "The room",
            "Feet",
            "Hands",
            "Chest and belly (optional)",
            "Face",
            "The room again",
        ];
        assert_eq!(
            attention(&scan),
            "attention to 6 places in turn, among them the chest and belly (optional) and the face"
        );
        assert_eq!(
            attention(&["Feet", "Hands", "Knees", "Shoulders"]),
            "attention to 4 places in turn"
        );
        // Whole words: "surface" is not the face.
        assert_eq!(
            attention(&["A surface", "Feet", "Hands", "Knees"]),
            "attention to 4 places in turn"
        );
    }
}
