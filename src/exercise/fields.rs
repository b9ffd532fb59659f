//! The one description of the format's keys. Validation, "did you mean", the JSON
//! Schema and the reference tables all read it, so they cannot disagree.

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// One line of plain text.
    Line,
    /// Plain text where newlines and tabs are allowed.
    Text,
    /// An array of one-line strings.
    Tags,
    /// The format version, a whole number.
    Format,
    /// Seconds, a finite number; `zero_ok` for the optional ones that default to 0.
    Seconds { zero_ok: bool },
    /// Seconds, or (format 2) a ramp `[from, to]` across the cycles of a breathing step.
    Ramp { zero_ok: bool },
    /// Minutes, a finite number above 0.
    Minutes,
    /// A whole number of at least 1.
    Count,
    /// The array of `[[step]]` tables.
    Steps,
    /// The steps of one round of a repeat: `[[step.step]]` tables, no repeat among them.
    RoundSteps,
    /// One of a fixed set of strings.
    Choice(&'static [&'static str]),
    /// A bundled sound name, `none`, or a relative path.
    Sound,
    /// A path relative to the exercise file (format 2).
    Path,
    /// `true` or `false`.
    Switch,
    /// A list of warning names marked as intended (format 2).
    Allow,
    /// A list of states an exercise suits: `revved-up`, `shut-down` (format 2).
    Suits,
    /// The options of a choice: `[[step.option]]` tables (format 2).
    Options,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// The default as an author would write it, for the reference.
    pub default: Option<&'static str>,
    pub doc: &'static str,
}

const fn req(key: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field {
        key,
        ty,
        required: true,
        default: None,
        doc,
    }
}

const fn opt(key: &'static str, ty: Ty, default: Option<&'static str>, doc: &'static str) -> Field {
    Field {
        key,
        ty,
        required: false,
        default,
        doc,
    }
}

const SECS: Ty = Ty::Seconds { zero_ok: false };
const SECS0: Ty = Ty::Seconds { zero_ok: true };
const RAMP: Ty = Ty::Ramp { zero_ok: false };
const RAMP0: Ty = Ty::Ramp { zero_ok: true };

pub const KIND_NAMES: &[&str] = super::Kind::NAMES;
pub const SOUND_NAMES: &[&str] = &["in", "out", "look", "away", "step", "end", "none"];

pub const EXERCISE: &[Field] = &[
    req(
        "title",
        Ty::Line,
        "The exercise's name, shown in the header and in lists.",
    ),
    opt(
        "about",
        Ty::Text,
        None,
        "One or two sentences on what the exercise is.",
    ),
    opt(
        "tags",
        Ty::Tags,
        None,
        "Words for finding it: `steady list --tag short`.",
    ),
    opt(
        "note",
        Ty::Text,
        None,
        "Shown in the preview, before anything starts.",
    ),
    opt(
        "anchor",
        Ty::Text,
        None,
        "Shown when the person presses `a`; a gentle default is built in.",
    ),
    opt(
        "format",
        Ty::Format,
        Some("1"),
        "The format version this file was written for: 2 when it uses a format 2 key such as `allow`.",
    ),
    opt(
        "source",
        Ty::Text,
        None,
        "Where the practice comes from, such as a study or a teacher; shown in the preview and by `show` (format 2).",
    ),
    opt(
        "for",
        Ty::Suits,
        None,
        "What the exercise suits: `revved-up` (racing, tense, restless), `shut-down` (numb, far away, heavy), or both; the picker's \"which is closer right now?\" puts it first for that state (format 2).",
    ),
    opt(
        "allow",
        Ty::Allow,
        None,
        "Warnings marked as intended for every step, by name: `exhale-ratio`, `holds`, `fast-breathing`, `long-look`, `wording`, `format` (format 2).",
    ),
    req(
        "step",
        Ty::Steps,
        "The steps, in order: one `[[step]]` table each.",
    ),
];

/// Keys every step may have, whatever its kind.
pub const STEP: &[Field] = &[
    req(
        "kind",
        Ty::Choice(KIND_NAMES),
        "What the step does: `breathe`, `eye-contact`, `prompt`, or (format 2) `tap`, `choice` or `repeat`.",
    ),
    opt(
        "sound",
        Ty::Sound,
        Some("step"),
        "Played as the step begins: a bundled sound (`in`, `out`, `look`, `away`, `step`, `end`, `left`, `right`), `none`, or a path relative to this file.",
    ),
    opt(
        "allow",
        Ty::Allow,
        None,
        "Warnings marked as intended for this step, by name, such as `[\"holds\"]` (format 2).",
    ),
    opt(
        "fixed",
        Ty::Switch,
        Some("false"),
        "`true` keeps this step at its written length whatever length the practice is played at: for parts that are rules, not doses (a 20-minute break, four breaths and no more) (format 2).",
    ),
    opt(
        "voice",
        Ty::Path,
        None,
        "A recording of a voice, played instead of the spoken guidance as the step begins (with `--voice` or `v`): a WAV, Ogg Vorbis, FLAC or MP3 file up to 10 minutes and 20 MiB, named by a path relative to this file. Someone's own words, such as a therapist's for a client (format 2).",
    ),
    opt(
        "speak",
        Ty::Choice(super::Speak::NAMES),
        Some("first for breathe steps, every for the rest"),
        "What spoken guidance (`--voice`) says of this step: `every` cue, the `first` (a breathing step's first breath, an eye-contact step's first round), or `none` (format 2).",
    ),
];

pub const BREATHE: &[Field] = &[
    req(
        "inhale",
        RAMP,
        "Seconds breathing in; or (format 2) `[from, to]`, moving evenly from the first breath to the last.",
    ),
    req(
        "exhale",
        RAMP,
        "Seconds breathing out; longer than `inhale` is the point. A ramp `[from, to]` works here too.",
    ),
    opt(
        "top_up",
        RAMP0,
        Some("0"),
        "Seconds of a second, short inhale (the physiological sigh); or a ramp.",
    ),
    opt(
        "hold_in",
        RAMP0,
        Some("0"),
        "Seconds holding with the lungs full; or a ramp.",
    ),
    opt(
        "hold_out",
        RAMP0,
        Some("0"),
        "Seconds holding with the lungs empty; or a ramp.",
    ),
    opt(
        "cycles",
        Ty::Count,
        None,
        "How many breaths. Give `cycles` or `minutes`, not both.",
    ),
    opt(
        "minutes",
        Ty::Minutes,
        None,
        "Roughly how long; rounded to the nearest whole number of cycles, at least one.",
    ),
    opt(
        "stages",
        Ty::Count,
        None,
        "With a ramp (format 2): move from one end to the other in this many equal steps, 2 to 100, each held for its share of the breaths, rather than a little every breath.",
    ),
    opt(
        "inhale_text",
        Ty::Line,
        Some("Breathe in"),
        "The word shown while breathing in.",
    ),
    opt(
        "exhale_text",
        Ty::Line,
        Some("Breathe out"),
        "The word shown while breathing out.",
    ),
    opt(
        "top_up_text",
        Ty::Line,
        Some("A little more in"),
        "The word shown during the top-up (format 2).",
    ),
    opt(
        "hold_in_text",
        Ty::Line,
        Some("Hold, full"),
        "The word shown while holding with the lungs full (format 2).",
    ),
    opt(
        "hold_out_text",
        Ty::Line,
        Some("Hold, empty"),
        "The word shown while holding with the lungs empty (format 2).",
    ),
    opt(
        "title",
        Ty::Line,
        None,
        "A heading for the step, shown beside step n/N (format 2).",
    ),
    opt(
        "until",
        Ty::Choice(&["key", "enter"]),
        None,
        "`\"key\"` (format 2): at your own pace. Each phase's length is a guide, shown; Enter marks each change, and nothing moves on by itself. Holds are then timed by the person, and warned about.",
    ),
];

pub const EYE_CONTACT: &[Field] = &[
    req(
        "look",
        RAMP,
        "Seconds of looking, before any growth; or (format 2) `[from, to]`, moving evenly from the first round to the last.",
    ),
    req("away", SECS, "Seconds of looking away after each look."),
    req("rounds", Ty::Count, "How many look / look-away rounds."),
    opt(
        "grow",
        SECS0,
        Some("0"),
        "Seconds added to `look` for each recorded completion of this exercise.",
    ),
    opt(
        "max_look",
        SECS,
        Some("the larger of `look` and 8"),
        "The longest the look may grow to.",
    ),
    opt(
        "look_text",
        Ty::Line,
        Some("Look"),
        "The word shown while looking.",
    ),
    opt(
        "away_text",
        Ty::Line,
        Some("Look away"),
        "The word shown while looking away.",
    ),
    opt(
        "setup",
        Ty::Text,
        None,
        "How to practise: with a mirror, a photo or a partner. Shown when the step begins.",
    ),
    opt(
        "title",
        Ty::Line,
        None,
        "A heading for the step, shown beside step n/N (format 2).",
    ),
    opt(
        "lead_in",
        SECS0,
        Some(
            "the reading time of the setup, look_text and away_text at 160 words a minute, at least 3",
        ),
        "Seconds before the first look, to read the setup and turn to the mirror or partner (format 2).",
    ),
];

pub const PROMPT: &[Field] = &[
    req(
        "text",
        Ty::Text,
        "What the step says. Newlines are kept. Inside a repeat, a list of texts gives each round its own words, in order (format 2).",
    ),
    opt(
        "seconds",
        SECS,
        None,
        "How long the step lasts. Give `seconds` or `until = \"key\"`.",
    ),
    opt(
        "until",
        Ty::Choice(&["key", "enter"]),
        None,
        "`\"key\"` (or `\"enter\"`): the step waits until the person presses Enter.",
    ),
    opt("title", Ty::Line, None, "A heading, such as a body region."),
    opt(
        "style",
        Ty::Choice(&["say"]),
        None,
        "`\"say\"`: the text is a phrase to say aloud.",
    ),
];

/// A steady left-and-right beat (format 2).
pub const TAP: &[Field] = &[
    req(
        "beat",
        SECS,
        "Seconds from one tap to the next, 0.5 to 5: slow and even (about 1) steadies.",
    ),
    opt(
        "taps",
        Ty::Count,
        None,
        "How many taps, left and right each counted, starting on the left. Give `taps` or `seconds`, not both.",
    ),
    opt(
        "seconds",
        SECS,
        None,
        "Roughly how long; rounded to whole pairs of taps, at least one pair.",
    ),
    opt(
        "text",
        Ty::Text,
        None,
        "What to do, shown throughout the step and said as it begins, such as where the hands rest.",
    ),
    opt(
        "title",
        Ty::Line,
        None,
        "A heading for the step, shown beside step n/N.",
    ),
    opt(
        "lead_in",
        SECS0,
        Some(
            "the reading time of `title` and `text` at 160 words a minute and 3 more; 0 without `text`",
        ),
        "Seconds before the first tap, to read or hear `text` and settle the hands.",
    ),
    opt(
        "left_text",
        Ty::Line,
        Some("Left"),
        "The word shown for a tap on the left.",
    ),
    opt(
        "right_text",
        Ty::Line,
        Some("Right"),
        "The word shown for a tap on the right.",
    ),
];

/// A question and its options, one chosen in the player (format 2).
pub const CHOICE: &[Field] = &[
    req(
        "text",
        Ty::Text,
        "The question, such as \"Which feels okay to rest your attention on right now?\"",
    ),
    opt("title", Ty::Line, None, "A heading for the step."),
    req(
        "option",
        Ty::Options,
        "Two to nine options, as `[[step.option]]` tables, each with a `label` (a word or two, offered with its number) and `text` (what plays once it is chosen).",
    ),
    opt(
        "seconds",
        SECS,
        None,
        "How long the chosen option's words stay. Give `seconds`, `until = \"key\"`, or both (a guide, then Enter).",
    ),
    opt(
        "until",
        Ty::Choice(&["key", "enter"]),
        None,
        "`\"key\"`: the chosen option's words stay until Enter.",
    ),
];

/// The keys of one option of a choice.
pub const OPTION: &[Field] = &[
    req("label", Ty::Line, "A word or two, offered with its number."),
    req("text", Ty::Text, "What plays once this option is chosen."),
];

/// A block of steps played several times (format 2).
pub const REPEAT: &[Field] = &[
    req(
        "times",
        Ty::Count,
        "How many rounds, 1 to 100. `{round}` and `{rounds}` in any text inside become the round's number and the number of rounds.",
    ),
    opt(
        "title",
        Ty::Line,
        None,
        "A name for the whole block, for whoever reads the file.",
    ),
    opt(
        "fixed",
        Ty::Switch,
        Some("false"),
        "`true` keeps the number of rounds as written whatever length the practice is played at (format 2).",
    ),
    req(
        "step",
        Ty::RoundSteps,
        "The steps of one round, as `[[step.step]]` tables (any kind but `repeat`).",
    ),
];

/// The keys of a step of `kind`, beyond [`STEP`].
pub fn kind_fields(kind: &str) -> Option<&'static [Field]> {
    super::Kind::named(kind).map(fields_of)
}

/// The fields a step of `kind` may have, besides [`STEP`]'s.
pub fn fields_of(kind: super::Kind) -> &'static [Field] {
    use super::Kind;
    match kind {
        Kind::Breathe => BREATHE,
        Kind::EyeContact => EYE_CONTACT,
        Kind::Prompt => PROMPT,
        Kind::Tap => TAP,
        Kind::Choice => CHOICE,
        Kind::Repeat => REPEAT,
    }
}

/// The type of `key` when every step kind reads it, and reads it alike (`title`): such a
/// key can be checked in a step whose kind is unknown.
pub fn same_in_every_kind(key: &str) -> Option<Ty> {
    let mut tys = super::Kind::ALL
        .iter()
        .map(|&k| find(fields_of(k), key).map(|f| f.ty));
    let first = tys.next()??;
    tys.all(|ty| ty == Some(first)).then_some(first)
}

pub fn find(fields: &'static [Field], key: &str) -> Option<&'static Field> {
    fields.iter().find(|f| f.key == key)
}

/// The closest of `candidates` to a misspelt `word`, if it is close enough to be a
/// likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_misspellings_only() {
        let keys = BREATHE.iter().map(|f| f.key);
        assert_eq!(did_you_mean("exhail", keys.clone()), Some("exhale"));
        assert_eq!(did_you_mean("Inhale", keys.clone()), Some("inhale"));
        assert_eq!(did_you_mean("hold", keys.clone()), Some("hold_in"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn only_keys_every_kind_reads_alike_are_checked_without_a_kind() {
        assert_eq!(same_in_every_kind("title"), Some(Ty::Line));
        assert_eq!(same_in_every_kind("inhale"), None);
        assert_eq!(same_in_every_kind("text"), None);
    }
}
