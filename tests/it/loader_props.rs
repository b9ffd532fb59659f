//! Properties of the loader on any text at all: `parse` never panics, every span is a
//! real range of the source on character boundaries, no diagnostic carries a character
//! that could steer a terminal, an exercise comes back only when there are no errors,
//! and rendering the diagnostics never echoes a control or bidi character.
//!
//! Inputs: (a) arbitrary printable strings, (b) the built-in exercises and the bad-input
//! catalogue with random edits, (c) random documents built from the format's own keys
//! and awkward values, so the checks beyond TOML syntax are reached often.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;

use steady::exercise::diagnostic::{self, Style};
use steady::exercise::load::parse;
use steady::exercise::{MAX_CUES, MAX_TOTAL};
use steady::timeline::Timeline;

/// No control character but newline, no bidirectional override or isolate.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Everything that must hold for any input; returns the first violation.
fn invariants(src: &str) -> Result<(), TestCaseError> {
    check(src, false)
}

/// As [`invariants`], and also: a refusal always carries at least one error.
/// (Separate while that is known not to hold; see `refusals_always_say_why`.)
fn invariants_with_reasons(src: &str) -> Result<(), TestCaseError> {
    check(src, true)
}

fn check(src: &str, require_reason: bool) -> Result<(), TestCaseError> {
    let checked = parse(src);
    for d in &checked.diagnostics {
        if let Some(span) = &d.span {
            prop_assert!(
                span.start <= span.end && span.end <= src.len(),
                "span {span:?} outside 0..{} for {:?}",
                src.len(),
                d.message
            );
            prop_assert!(
                src.is_char_boundary(span.start) && src.is_char_boundary(span.end),
                "span {span:?} splits a character, for {:?}",
                d.message
            );
            prop_assert!(d.line_col(src).is_some());
        }
        for (what, s) in [
            ("message", Some(&d.message)),
            ("label", d.label.as_ref()),
            ("help", d.help.as_ref()),
        ] {
            if let Some(s) = s {
                prop_assert!(
                    !s.chars().any(forbidden),
                    "{what} {s:?} is not terminal-safe"
                );
                prop_assert!(!s.trim().is_empty(), "empty {what}");
            }
        }
    }
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    match &checked.exercise {
        Some(ex) => {
            prop_assert_eq!(errors, 0, "an exercise came back with errors");
            // What `check` and `show` do next must not panic either, and the limits
            // hold for what is compiled: every step has a cue, the phases are counted.
            let t = Timeline::compile(ex, 0);
            prop_assert!(t.cues.len() <= MAX_CUES, "{} cues", t.cues.len());
            for i in 0..ex.steps.len() {
                prop_assert!(!t.step_cues(i).is_empty(), "step {} has no cue", i + 1);
            }
            prop_assert!(t.total() < MAX_TOTAL, "{:?}", t.total());
            let _ = t.length_text();
            let _ = Timeline::compile(ex, u32::MAX);
        }
        None if require_reason => {
            prop_assert!(
                errors > 0,
                "refused without saying why: {:?}",
                checked.diagnostics
            )
        }
        None => {}
    }
    let shown = diagnostic::render(
        &checked.diagnostics,
        "x.toml",
        Some(src),
        Style { color: false },
    );
    let drawn = shown.matches("\n --> ").count();
    prop_assert!(drawn <= diagnostic::MAX_SHOWN, "{drawn} diagnostics drawn");
    prop_assert!(
        !shown.chars().any(forbidden),
        "rendering echoed {:?}",
        shown.chars().filter(|&c| forbidden(c)).collect::<String>()
    );
    Ok(())
}

/// Texts to mutate: every built-in exercise and every file in the bad-input catalogue.
static SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut seeds: Vec<String> = steady::library::builtins()
        .iter()
        .map(|(_, src)| (*src).to_owned())
        .collect();
    let bad = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    if let Ok(entries) = std::fs::read_dir(bad) {
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        seeds.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    assert!(seeds.len() > 10, "no seeds");
    seeds
});

/// Pieces that make TOML and the checks interesting: structure, escapes, extremes.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        // Single awkward characters, raw controls and bidi included.
        prop::sample::select(vec![
            "[",
            "]",
            "=",
            "\"",
            "'",
            "\n",
            "\r",
            "\t",
            "{",
            "}",
            ",",
            ".",
            "#",
            "\\",
            "-",
            "+",
            "0",
            "1",
            "9",
            " ",
            "\u{0}",
            "\u{7}",
            "\u{1b}",
            "\u{7f}",
            "\u{85}",
            "\u{9b}",
            "\u{202e}",
            "\u{2066}",
            "\u{200d}",
            "\u{fe0f}",
            "é",
            "👩‍👩‍👧",
            "\u{feff}",
        ])
        .prop_map(str::to_owned),
        // Tokens of the format and of TOML.
        prop::sample::select(vec![
            "[[step]]\n",
            "[step]\n",
            "[[step]",
            "kind = \"prompt\"\n",
            "kind = \"breathe\"\n",
            "kind = \"eye-contact\"\n",
            "cycles = ",
            "minutes = ",
            "inhale",
            "exhale",
            "look",
            "max_look",
            "rounds",
            "seconds",
            "until = \"key\"",
            "sound = ",
            "title = ",
            "text = ",
            "format = ",
            "\"\"\"",
            "'''",
            "inf",
            "-inf",
            "nan",
            "1e308",
            "-0.0",
            "0",
            "0.001",
            "99999999999999999999",
            "0x7fffffff",
            "2.5",
            "true",
            "1979-05-27T07:32:00Z",
            "\\u001b",
            "\\u009b",
            "\\u202e",
            "\\n",
            "\\",
            "..",
            "/",
            "= [",
            "= {",
            "\"sounds/../x.ogg\"",
            "\"none\"",
        ])
        .prop_map(str::to_owned),
        // Random characters from all of Unicode.
        "\\PC{1,8}",
        // Random characters with controls.
        "[\\x00-\\x1f\\x7f-\\u{9f}a-z0-9 =\\[\\]\"]{1,8}",
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    /// Delete up to `len` characters from the character at `at`.
    Delete {
        at: Index,
        len: usize,
    },
    Insert {
        at: Index,
        text: String,
    },
    DuplicateLine {
        line: Index,
    },
    DeleteLine {
        line: Index,
    },
    /// Replace a number-looking or quoted token on a line with `text`.
    ReplaceValue {
        line: Index,
        text: String,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => (any::<Index>(), 1usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        3 => (any::<Index>(), fragment()).prop_map(|(at, text)| Edit::Insert { at, text }),
        1 => any::<Index>().prop_map(|line| Edit::DuplicateLine { line }),
        1 => any::<Index>().prop_map(|line| Edit::DeleteLine { line }),
        2 => (any::<Index>(), fragment()).prop_map(|(line, text)| Edit::ReplaceValue { line, text }),
    ]
}

/// Byte offsets of every character boundary, end included.
fn boundaries(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
}

/// Byte ranges of the lines, each with its newline.
fn lines(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in s.match_indices('\n') {
        out.push(start..i + 1);
        start = i + 1;
    }
    if start < s.len() {
        out.push(start..s.len());
    }
    out
}

fn apply(src: &mut String, e: &Edit) {
    match e {
        Edit::Delete { at, len } => {
            let b = boundaries(src);
            let i = at.index(b.len());
            let j = (i + len).min(b.len() - 1);
            src.replace_range(b[i]..b[j], "");
        }
        Edit::Insert { at, text } => {
            let b = boundaries(src);
            src.insert_str(b[at.index(b.len())], text);
        }
        Edit::DuplicateLine { line } | Edit::DeleteLine { line } => {
            let ls = lines(src);
            if ls.is_empty() {
                return;
            }
            let r = ls[line.index(ls.len())].clone();
            if matches!(e, Edit::DeleteLine { .. }) {
                src.replace_range(r, "");
            } else {
                let copy = src[r.clone()].to_owned();
                let copy = if copy.ends_with('\n') {
                    copy
                } else {
                    format!("\n{copy}")
                };
                src.insert_str(r.end, &copy);
            }
        }
        Edit::ReplaceValue { line, text } => {
            let ls = lines(src);
            if ls.is_empty() {
                return;
            }
            let r = ls[line.index(ls.len())].clone();
            // The value after `= `, up to the end of the line.
            if let Some(eq) = src[r.clone()].find("= ") {
                let from = r.start + eq + 2;
                let to = if src[..r.end].ends_with('\n') {
                    r.end - 1
                } else {
                    r.end
                };
                if from <= to {
                    src.replace_range(from..to, text);
                }
            }
        }
    }
}

/// A seed with 1 to 8 random edits.
fn mutated() -> impl Strategy<Value = String> {
    (any::<Index>(), prop::collection::vec(edit(), 1..8)).prop_map(|(seed, edits)| {
        let seeds = &*SEEDS;
        let mut s = seeds[seed.index(seeds.len())].clone();
        for e in &edits {
            apply(&mut s, e);
        }
        s
    })
}

/// A value of any TOML type, mostly awkward.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        (-10i64..50).prop_map(|n| n.to_string()),
        (-1e3f64..1e3).prop_map(|f| format!("{f:?}")),
        prop::sample::select(vec![
            "0",
            "1",
            "4",
            "6",
            "2.5",
            "0.01",
            "1e308",
            "inf",
            "nan",
            "-inf",
            "99999999999",
            "1e-300",
            "1e-10",
            "0.001",
            "0.0099",
            "4294967295",
            "1e9",
            "true",
            "[]",
            "[1, 2]",
            "{ a = 1 }",
            "1979-05-27",
            "\"key\"",
            "\"say\"",
            "\"breathe\"",
            "\"eye-contact\"",
            "\"prompt\"",
            "\"repeat\"",
            "\"tap\"",
            "\"choice\"",
            "\"every\"",
            "\"voice.wav\"",
            "[{ label = \"a\", text = \"b\" }, { label = \"c\", text = \"d\" }]",
            "[4, 8]",
            "[0.001, 1e9]",
            "[1, 2, 3]",
            "[\"holds\", \"long-holds\"]",
            "[\"hold\"]",
            "\"Round {round} of {rounds}\"",
            "100",
            "101",
            "\"in\"",
            "\"none\"",
            "\"../x.ogg\"",
            "\"/x.ogg\"",
            "\"a\\\\b.ogg\"",
            "\"sounds/x.ogg\"",
            "\"\"",
            "\"  \"",
            "\"a\\nb\"",
            "\"\\u001b[31m\"",
            "\"\\u009b\"",
            "\"\\u202e\"",
            "\"you must relax\"",
            "[\"short\", \"\"]",
        ])
        .prop_map(str::to_owned),
        "\"\\PC{0,30}\"",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "title",
        "about",
        "tags",
        "note",
        "anchor",
        "format",
        "kind",
        "sound",
        "inhale",
        "exhale",
        "top_up",
        "hold_in",
        "hold_out",
        "cycles",
        "minutes",
        "inhale_text",
        "exhale_text",
        "look",
        "away",
        "rounds",
        "grow",
        "max_look",
        "look_text",
        "away_text",
        "setup",
        "text",
        "seconds",
        "until",
        "style",
        "allow",
        "source",
        "times",
        "top_up_text",
        "hold_in_text",
        "hold_out_text",
        "beat",
        "taps",
        "left_text",
        "right_text",
        "lead_in",
        "voice",
        "fixed",
        "speak",
        "option",
        "for",
        "exhail",
        "Inhale",
        "colour",
        "step",
    ])
    .prop_map(str::to_owned)
}

/// A document of the right shape with random keys and values: mostly valid TOML.
fn document() -> impl Strategy<Value = String> {
    let pairs = || prop::collection::vec((key(), value()), 0..8);
    (pairs(), prop::collection::vec((value(), pairs()), 0..5)).prop_map(|(top, steps)| {
        let mut s = String::new();
        let mut seen = std::collections::HashSet::new();
        for (k, v) in top.into_iter().filter(|(k, _)| k != "step") {
            if seen.insert(k.clone()) {
                s.push_str(&format!("{k} = {v}\n"));
            }
        }
        for (i, (kind, pairs)) in steps.into_iter().enumerate() {
            // Every third step goes inside a repeat, when the one before opened one.
            let table = if i % 3 == 2 {
                "[[step.step]]"
            } else {
                "[[step]]"
            };
            s.push_str(&format!("\n{table}\nkind = {kind}\n"));
            let mut seen = std::collections::HashSet::new();
            for (k, v) in pairs
                .into_iter()
                .filter(|(k, _)| k != "kind" && k != "step")
            {
                if seen.insert(k.clone()) {
                    s.push_str(&format!("{k} = {v}\n"));
                }
            }
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_printable_text(src in "\\PC{0,300}") {
        invariants(&src)?;
    }

    #[test]
    fn any_text_with_controls(src in "[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z =\\[\\]\"{}\\n]{0,200}") {
        invariants(&src)?;
    }

    #[test]
    fn mutated_exercises(src in mutated()) {
        invariants(&src)?;
    }

    #[test]
    fn random_documents(src in document()) {
        invariants(&src)?;
    }
}

/// A breathing step whose numbers mix the very small and the very large.
fn extreme_breathing() -> impl Strategy<Value = String> {
    let tiny_or_huge = prop::sample::select(vec![
        "1e-10", "1e-9", "0.001", "0.0099", "0.01", "0.011", "1", "4", "14399", "1e9",
    ]);
    let count = prop::sample::select(vec!["1", "2", "1000", "99999", "100001", "4294967295"]);
    (
        tiny_or_huge.clone(),
        tiny_or_huge.clone(),
        tiny_or_huge,
        count,
        any::<bool>(),
        1usize..6,
    )
        .prop_map(|(inhale, exhale, hold, n, by_minutes, steps)| {
            let length = if by_minutes {
                format!("minutes = {n}")
            } else {
                format!("cycles = {n}")
            };
            let step = format!(
                "[[step]]\nkind = \"breathe\"\ninhale = {inhale}\nexhale = {exhale}\nhold_out = {hold}\n{length}\n"
            );
            format!("title = \"t\"\n{}", step.repeat(steps))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tiny_and_huge_numbers_together_stay_inside_the_limits(src in extreme_breathing()) {
        invariants_with_reasons(&src)?;
    }

    #[test]
    fn refusals_always_say_why(src in prop_oneof![mutated(), document()]) {
        invariants_with_reasons(&src)?;
    }
}

#[test]
fn a_missing_required_key_is_reported_beside_a_longer_key_that_starts_like_it() {
    for (src, want) in [
        (
            "title = \"t\"\n[[step]]\nkind = \"breathe\"\nexhale = 6\ncycles = 6\ninhale_text = \"In\"\n",
            "no `inhale`",
        ),
        (
            "title = \"t\"\n[[step]]\nkind = \"eye-contact\"\naway = 6\nrounds = 2\nlook_text = \"Look\"\n",
            "no `look`",
        ),
    ] {
        let c = parse(src);
        assert!(c.exercise.is_none());
        assert!(
            c.diagnostics
                .iter()
                .any(|d| d.is_error() && d.message.contains(want)),
            "{src}\n{:?}",
            c.diagnostics
        );
    }
}

#[test]
fn every_seed_meets_the_invariants() {
    for src in SEEDS.iter() {
        if let Err(e) = invariants(src) {
            panic!("{e}\n{src}");
        }
    }
}

#[test]
fn the_built_ins_parse_without_errors() {
    for (id, src) in steady::library::builtins() {
        let c = parse(src);
        assert!(c.exercise.is_some(), "{id}: {:?}", c.diagnostics);
    }
}

/// Deep nesting straight into `parse`, on a test thread's small stack.
#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    for src in [
        format!("a = {}", "[".repeat(100_000)),
        format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("a = {}", "{ b = ".repeat(100_000)),
        "[a.".repeat(100_000),
        format!(
            "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = {}",
            "[".repeat(100_000)
        ),
    ] {
        let c = parse(&src);
        assert!(c.exercise.is_none());
        assert!(c.diagnostics.iter().any(|d| d.is_error()));
    }
}

/// A tap step with a beat and a count drawn from around the limits.
fn tap_step() -> impl Strategy<Value = (f64, u32, bool, String)> {
    (
        prop_oneof![
            0.1f64..6.0,
            prop::sample::select(vec![0.5, 5.0, 0.49, 5.01])
        ],
        0u32..300,
        any::<bool>(),
        prop_oneof![
            Just(String::new()),
            "[a-z ]{1,40}".prop_map(|t| format!("text = \"{t}\"\n"))
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A tap step loads exactly when its beat is within 0.5 to 5 s and it has taps;
    /// then its cues alternate left and right at that beat, and any length keeps the
    /// beat and whole pairs (a fixed step keeps its count).
    #[test]
    fn tap_steps_within_the_limits_alternate_at_their_beat((beat, taps, fixed, text) in tap_step()) {
        let src = format!(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"tap\"\nbeat = {beat:?}\ntaps = {taps}\nfixed = {fixed}\n{text}"
        );
        invariants(&src)?;
        let loads = (0.5..=5.0).contains(&beat) && taps >= 1;
        let checked = parse(&src);
        prop_assert_eq!(checked.exercise.is_some(), loads, "{:?}", checked.diagnostics);
        let Some(ex) = checked.exercise else { return Ok(()) };
        use steady::timeline::CueKind;
        let t = Timeline::compile(&ex, 0);
        let sides: Vec<&steady::timeline::Cue> =
            t.cues.iter().filter(|c| c.kind != CueKind::LeadIn).collect();
        prop_assert_eq!(sides.len(), taps as usize);
        for (i, c) in sides.iter().enumerate() {
            let want = if i % 2 == 0 { CueKind::Left } else { CueKind::Right };
            prop_assert_eq!(c.kind, want);
            prop_assert_eq!(c.length, Some(std::time::Duration::from_secs_f64(beat)));
        }
        for f in [0.5, 0.75, 1.5, 2.0] {
            let scaled = ex.at_length(f);
            let steady::exercise::StepKind::Tap(s) = &scaled.steps[0].kind else {
                return Err(TestCaseError::fail("still a tap step"));
            };
            prop_assert_eq!(s.beat, std::time::Duration::from_secs_f64(beat));
            if fixed {
                prop_assert_eq!(s.taps, taps);
            } else {
                prop_assert!(s.taps >= 2 && s.taps % 2 == 0, "{} taps at {f}", s.taps);
            }
        }
    }

    /// A choice loads exactly when it has 2 to 9 options, each with a label and words.
    #[test]
    fn a_choice_loads_with_two_to_nine_options(n in 0usize..12, missing in prop::option::of(0usize..12)) {
        let mut src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"choice\"\ntext = \"Which?\"\nuntil = \"key\"\n".to_owned();
        for i in 0..n {
            src.push_str(&format!("[[step.option]]\nlabel = \"L{i}\"\n"));
            if missing != Some(i) {
                src.push_str(&format!("text = \"words {i}\"\n"));
            }
        }
        invariants_with_reasons(&src)?;
        let whole = missing.is_none_or(|m| m >= n);
        let loads = (2..=9).contains(&n) && whole;
        let checked = parse(&src);
        prop_assert_eq!(checked.exercise.is_some(), loads, "{:?}", checked.diagnostics);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A ramp in stages: the step's total, worked out in at most 100 turns whatever its
    /// breaths, is what its timeline plays; every breath's phase is one of the stages'.
    #[test]
    fn a_ramp_in_stages_totals_what_it_plays(
        from in 1u32..20, to in 1u32..20, cycles in 2u32..400, stages in 2u32..100,
    ) {
        let src = format!(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = [{from}, {to}]\ncycles = {cycles}\nstages = {stages}\nallow = [\"exhale-ratio\", \"fast-breathing\"]\n"
        );
        invariants(&src)?;
        let checked = parse(&src);
        let loads = from != to && stages <= cycles;
        prop_assert_eq!(checked.exercise.is_some(), loads, "{:?}", checked.diagnostics);
        let Some(ex) = checked.exercise else { return Ok(()) };
        let t = Timeline::compile(&ex, 0);
        prop_assert_eq!(Some(t.total()), ex.steps[0].cost(false).0);
        let kinds: std::collections::BTreeSet<std::time::Duration> = t
            .cues
            .iter()
            .filter(|c| c.kind == steady::timeline::CueKind::Exhale)
            .filter_map(|c| c.length)
            .collect();
        prop_assert!(kinds.len() <= stages as usize);
    }
}
