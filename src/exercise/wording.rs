//! The small, documented list of phrases that command, shame, praise or promise. `check`
//! warns on them (`warning[wording]`) so authors learn the invitational voice ("you
//! might notice", "if it feels okay").
//!
//! Matching is whole-word and ignores case, and it reads a little around each phrase:
//! a phrase that is negated ("there is no wrong way", "you don't have to relax") or
//! offered as an invitation ("if you like, close your eyes", "you might close your
//! eyes") is the invitational voice itself, and passes.

/// Each phrase, and why it is worth rewording.
pub const PHRASES: &[(&str, &str)] = &[
    ("you must", "commands"),
    ("you should", "commands"),
    ("you need to", "commands"),
    ("you have to", "commands"),
    ("relax", "commands a feeling"),
    ("relaxed", "commands a feeling"),
    ("relaxing", "commands a feeling"),
    ("let go", "commands a feeling"),
    ("calm down", "commands a feeling"),
    (
        "close your eyes",
        "asks for closed eyes, which some people find unsafe",
    ),
    ("take a deep breath", "invites over-breathing"),
    ("take deep breaths", "invites over-breathing"),
    ("deep breath", "invites over-breathing"),
    ("deep breaths", "invites over-breathing"),
    ("breathe deeply", "invites over-breathing"),
    ("deep breathing", "invites over-breathing"),
    (
        "keep your eyes closed",
        "asks for closed eyes, which some people find unsafe",
    ),
    (
        "keep your eyes shut",
        "asks for closed eyes, which some people find unsafe",
    ),
    (
        "shut your eyes",
        "asks for closed eyes, which some people find unsafe",
    ),
    ("don't stop", "commands; stopping is always allowed"),
    ("don’t stop", "commands; stopping is always allowed"),
    ("as long as you can", "asks to strain past comfort"),
    ("air hunger", "invites air hunger, which can bring on panic"),
    (
        "breathe less",
        "invites air hunger, which can bring on panic",
    ),
    (
        "reduced breathing",
        "invites air hunger, which can bring on panic",
    ),
    ("fail", "shames"),
    ("failed", "shames"),
    ("failure", "shames"),
    ("wrong", "shames"),
    ("good job", "praises, which turns practice into a test"),
    ("great job", "praises, which turns practice into a test"),
    ("well done", "praises, which turns practice into a test"),
    ("good girl", "praises, which turns practice into a test"),
    ("good boy", "praises, which turns practice into a test"),
    ("perfect", "praises, which turns practice into a test"),
    ("this will calm you", "promises"),
    ("will make you calm", "promises"),
    ("guaranteed", "promises"),
    ("cure", "promises"),
];

/// Words that, shortly before a phrase, negate it: "no wrong way", "don't have to".
const NEGATIONS: &[&str] = &[
    "no",
    "not",
    "never",
    "don't",
    "don’t",
    "doesn't",
    "doesn’t",
    "nothing",
    "isn't",
    "isn’t",
    "aren't",
    "aren’t",
    "can't",
    "can’t",
    "cannot",
    "without",
    "nor",
];

/// Words that, shortly before a phrase, make it an offer: "if you like", "you might",
/// "you can", "or".
const INVITATIONS: &[&str] = &[
    "if", "might", "may", "can", "could", "or", "perhaps", "maybe", "whether", "prefer",
];

/// How many words before a phrase are read for a negation or an invitation.
const REACH: usize = 6;

/// One phrase found: where it is in the text (bytes), the phrase and why it is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub at: usize,
    pub len: usize,
    pub phrase: &'static str,
    pub why: &'static str,
}

/// Words that make a step about tensing muscles (progressive relaxation): there, "let go"
/// of a tensed hand is an action of the body, not a feeling commanded.
const TENSING: &[&str] = &[
    "tense",
    "tensing",
    "tension",
    "tighten",
    "tightening",
    "squeeze",
    "squeezing",
    "clench",
    "clenching",
    "curl",
    "fist",
];

/// Whether `text` speaks of tensing muscles.
pub fn tensing(text: &str) -> bool {
    let lower = text.to_lowercase();
    TENSING
        .iter()
        .any(|w| whole_words(&lower, w).next().is_some())
}

/// Phrases that ask for a breath hold.
const HOLDS: &[&str] = &[
    "hold your breath",
    "hold the breath",
    "holding your breath",
    "holding the breath",
    "breath hold",
    "breath-hold",
    "retention",
];

/// Whether `text` asks for a breath hold (and does not say there is none).
pub fn asks_to_hold(text: &str) -> bool {
    let lower = text.to_lowercase();
    HOLDS
        .iter()
        .any(|h| whole_words(&lower, h).any(|at| !negated(&lower[..at])))
}

/// The listed phrases found in `text`, in order of appearance, each once. In a step
/// about tensing muscles (`tensing`), "let go" is not one of them.
pub fn find(text: &str, tensing: bool) -> Vec<Found> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths (rarely); then carets fall back to the start.
    let same_bytes = lower.len() == text.len();
    let mut found: Vec<Found> = Vec::new();
    for &(phrase, why) in PHRASES {
        if tensing && phrase == "let go" {
            continue;
        }
        for at in whole_words(&lower, phrase) {
            if softened(&lower[..at]) {
                continue;
            }
            let at = if same_bytes { at } else { 0 };
            found.push(Found {
                at,
                len: if same_bytes { phrase.len() } else { 0 },
                phrase,
                why,
            });
        }
    }
    found.sort_by_key(|f| (f.at, std::cmp::Reverse(f.len)));
    // "relax" inside "relaxed", "deep breath" inside "take a deep breath": one finding.
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        if kept.last().is_some_and(|k| f.at < k.at + k.len.max(1)) {
            continue;
        }
        kept.push(f);
    }
    kept
}

/// Whether the words just before a phrase (in the same sentence) negate it or make it
/// an invitation.
fn softened(before: &str) -> bool {
    near(before).any(|w| NEGATIONS.contains(&w) || INVITATIONS.contains(&w))
}

/// Whether the words just before a phrase (in the same sentence) negate it.
fn negated(before: &str) -> bool {
    near(before).any(|w| NEGATIONS.contains(&w))
}

/// The words just before a phrase, nearest first, within its sentence.
fn near(before: &str) -> impl Iterator<Item = &str> {
    let sentence = before
        .rfind(['.', '!', '?', ';', ':', '\n'])
        .map_or(before, |i| &before[i + 1..]);
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(REACH)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// Where `phrase` stands as whole words in `haystack`.
fn whole_words<'h>(haystack: &'h str, phrase: &'h str) -> impl Iterator<Item = usize> + 'h {
    haystack
        .match_indices(phrase)
        .map(|(i, _)| i)
        .filter(move |&i| {
            let before = haystack[..i].chars().next_back();
            let after = haystack[i + phrase.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<&'static str> {
        find(text, tensing(text))
            .into_iter()
            .map(|f| f.phrase)
            .collect()
    }

    /// (text, the phrases it should be warned about). A catalogue: each line is a case
    /// an author meets.
    const CASES: &[(&str, &[&str])] = &[
        // Commands and feelings ordered.
        ("Now RELAX your shoulders.", &["relax"]),
        (
            "You must breathe. This will calm you.",
            &["you must", "this will calm you"],
        ),
        ("Feeling relaxed?", &["relaxed"]),
        ("Let go of the day.", &["let go"]),
        // Negation: the invitational voice itself.
        ("There is no wrong way to do this.", &[]),
        ("You don't have to relax.", &[]),
        ("You don’t have to relax.", &[]),
        ("Nothing you need to do.", &[]),
        ("It is not a failure to stop.", &[]),
        (
            "You never have to get it right; nothing here is wrong.",
            &[],
        ),
        // Negation reaches only within its sentence.
        ("No rush. Relax.", &["relax"]),
        // Praise.
        ("Good job!", &["good job"]),
        ("Well done, that was perfect.", &["well done", "perfect"]),
        // Deep breaths.
        ("Take a deep breath.", &["take a deep breath"]),
        ("Take a few deep breaths.", &["deep breaths"]),
        ("No need for deep breaths; small ones are plenty.", &[]),
        // Eyes: unconditional closing is flagged, an offer is not.
        ("Close your eyes.", &["close your eyes"]),
        ("If you like, close your eyes, or keep them open.", &[]),
        (
            "You might close your eyes, or rest your gaze on the floor.",
            &[],
        ),
        (
            "Keep your eyes open or close your eyes, as you prefer.",
            &[],
        ),
        // Missed before: deep breathing, closed eyes, straining, no stopping.
        ("Breathe deeply into your belly.", &["breathe deeply"]),
        (
            "Keep your eyes shut until the end.",
            &["keep your eyes shut"],
        ),
        ("Keep your eyes closed.", &["keep your eyes closed"]),
        ("Don't stop, whatever comes up.", &["don't stop"]),
        (
            "Hold your breath for as long as you can.",
            &["as long as you can"],
        ),
        // Air hunger on purpose (Buteyko's reduced breathing).
        (
            "Breathe less, until you feel a slight air hunger.",
            &["breathe less", "air hunger"],
        ),
        ("There is no air hunger here.", &[]),
        // Progressive relaxation: letting go of a tensed muscle is an action.
        ("Make a fist and squeeze. Now let go.", &[]),
        ("Tense your shoulders... and let go of the tension.", &[]),
        // Without tensing, "let go" still commands a feeling.
        ("Let go of your worries.", &["let go"]),
        // Word parts never match.
        (
            "Securely, curious, wrongly placed, failsafe, letgo, perfectly",
            &[],
        ),
        (
            "You might notice your feet. If it feels okay, rest there.",
            &[],
        ),
    ];

    #[test]
    fn the_catalogue_of_wording_cases() {
        for (text, expected) in CASES {
            assert_eq!(phrases(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn a_hold_asked_for_in_words_is_a_hold_and_a_hold_denied_is_not() {
        for text in [
            "Hold your breath until the urge to breathe.",
            "If you like, a breath hold of a few seconds.",
            "Breath retention: stay empty for a while.",
        ] {
            assert!(asks_to_hold(text), "{text}");
        }
        for text in [
            "No need to hold your breath.",
            "Breathe as you are.",
            "Notice your hands.",
        ] {
            assert!(!asks_to_hold(text), "{text}");
        }
    }

    #[test]
    fn each_finding_points_at_the_phrase_itself() {
        let text = "Sit down. Now relax your jaw.";
        let f = find(text, false);
        assert_eq!(f.len(), 1);
        assert_eq!(&text[f[0].at..f[0].at + f[0].len], "relax");
    }
}
