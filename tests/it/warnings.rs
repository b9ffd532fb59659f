//! The named warnings of SPEC §4: each fires on the file that earns it, prints as
//! `warning[NAME]`, and is silenced by `allow` on its step or at the top of the file,
//! except `long-holds`, which nothing silences. An error in a step never hides that
//! step's warnings.

use steady::exercise::Warning;
use steady::exercise::load::parse;

/// The names of the warnings `src` gets.
fn warned(src: &str) -> Vec<&'static str> {
    parse(src)
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .filter_map(|d| d.warning.map(Warning::name))
        .collect()
}

use crate::harness::parse_errors as errors;

/// (warning, a step that earns it and no other).
const STEPS: &[(Warning, &str)] = &[
    (
        Warning::ExhaleRatio,
        "kind = \"breathe\"\ninhale = 5\nexhale = 5\ncycles = 3\n",
    ),
    (
        Warning::Holds,
        "kind = \"breathe\"\ninhale = 4\nhold_in = 7\nexhale = 8\ncycles = 3\n",
    ),
    (
        Warning::LongHolds,
        "kind = \"breathe\"\ninhale = 2\nexhale = 3\nhold_out = 60\ncycles = 30\n",
    ),
    (
        Warning::FastBreathing,
        "kind = \"breathe\"\ninhale = 1.5\nexhale = 2.5\ncycles = 10\n",
    ),
    (
        Warning::LongLook,
        "kind = \"eye-contact\"\nlook = 10\naway = 5\nrounds = 2\n",
    ),
    (
        Warning::Wording,
        "kind = \"prompt\"\ntext = \"Good job!\"\nseconds = 5\n",
    ),
    (
        // 16 words: 6 s at 160 words a minute, in a 4 s step.
        Warning::ReadingTime,
        "kind = \"prompt\"\ntext = \"Notice the chair under you, the floor under your feet, and the air around your hands.\"\nseconds = 4\n",
    ),
];

/// Words that fit their moment: a timed prompt gives its words the time they take to
/// say (160 words a minute), counting its title; a prompt that waits for Enter, or whose
/// time is only a guide, is never hurried, so never warned.
#[test]
fn a_timed_prompt_gets_the_time_its_words_take_to_say() {
    let prompt = |text: &str, timing: &str| {
        format!(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"prompt\"\ntext = \"{text}\"\n{timing}"
        )
    };
    let eight = "one two three four five six seven eight";
    // Eight words take 3 s.
    assert_eq!(warned(&prompt(eight, "seconds = 3\n")), Vec::<&str>::new());
    assert_eq!(warned(&prompt(eight, "seconds = 2.9\n")), ["reading-time"]);
    assert!(warned(&prompt(eight, "until = \"key\"\n")).is_empty());
    assert!(warned(&prompt(eight, "seconds = 1\nuntil = \"enter\"\n")).is_empty());
    let titled = prompt(eight, "seconds = 3\ntitle = \"Feet and hands\"\n");
    assert_eq!(warned(&titled), ["reading-time"], "the title is said too");
    // The help says how long would do.
    let d = parse(&prompt(eight, "seconds = 2\n")).diagnostics;
    let help = d[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("`seconds = 3` or more"), "{help}");
}

/// Every built-in's words fit their moments.
#[test]
fn no_built_in_hurries_its_words() {
    for (id, src) in steady::library::builtins() {
        assert!(
            !warned(src).contains(&"reading-time"),
            "{id} has words that need longer than their step"
        );
    }
}

/// Every cue of every built-in, as written: what is said or printed as it
/// begins takes no longer to say, at the reading rate, than the cue lasts (a timed
/// prompt's clock waits for its words when they are spoken, and is checked above).
#[test]
fn every_built_in_cue_is_said_within_its_moment() {
    use steady::player::spoken;
    use steady::player::state::{App, Current, Screen};
    use steady::timeline::CueKind;
    for (id, src) in steady::library::builtins() {
        let ex = parse(src).exercise.expect("built-ins load");
        let current = Current::new(id.to_string(), ex, None);
        let app = App::for_exercise(current);
        let Screen::Preview { current, .. } = &app.screen else {
            unreachable!()
        };
        for (i, cue) in current.timeline.cues.iter().enumerate() {
            let (Some(len), false) = (cue.length, cue.waits) else {
                continue;
            };
            if matches!(cue.kind, CueKind::Prompt) {
                continue;
            }
            let printed = steady::words::cue_label(&current.exercise, cue);
            let read = steady::exercise::reading_time(&printed);
            assert!(
                read <= len,
                "{id}, cue {i}: {printed:?} needs {read:?}, has {len:?}"
            );
            let mut voiced = app.clone();
            voiced.voice = true;
            if let Some(said) = spoken::cue(&voiced, i) {
                let read = steady::exercise::reading_time(&said);
                assert!(
                    read <= len,
                    "{id}, cue {i}: said {said:?} needs {read:?}, has {len:?}"
                );
            }
        }
    }
}

#[test]
fn a_cues_own_words_that_outrun_it_are_warned_at_the_words() {
    let step = |extra: &str| {
        format!(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 2\ntop_up = 1\nexhale = [6, 4]\ncycles = 3\n{extra}"
        )
    };
    // 1 s top-up: two words fit (0.75 s), four don't (1.5 s).
    assert!(warned(&step("top_up_text = \"More in\"\n")).is_empty());
    assert_eq!(
        warned(&step("top_up_text = \"A little more in\"\n")),
        ["reading-time"]
    );
    // A ramp is judged by its shorter end: 4 s, not 6.
    assert_eq!(
        warned(&step(
            "exhale_text = \"Let the air go out slowly and softly now, all of it\"\n"
        )),
        ["reading-time"]
    );
    let look = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"eye-contact\"\nlook = 2\naway = 4\nrounds = 2\nlead_in = 0\n";
    assert!(warned(&format!("{look}look_text = \"Look, if it feels okay\"\n")).is_empty());
    assert_eq!(
        warned(&format!(
            "{look}look_text = \"Look gently at the eyes, nose or eyebrows\"\n"
        )),
        ["reading-time"]
    );
}

#[test]
fn each_warning_fires_on_its_own() {
    for (w, step) in STEPS {
        let src = format!("title = \"t\"\n[[step]]\n{step}");
        assert_eq!(warned(&src), [w.name()], "{src}");
        assert!(errors(&src).is_empty(), "{src}: {:?}", errors(&src));
    }
}

#[test]
fn allow_on_the_step_or_the_file_silences_all_but_long_holds() {
    for (w, step) in STEPS {
        let allow = format!("allow = [\"{}\"]\n", w.name());
        let on_step = format!("title = \"t\"\nformat = 2\n[[step]]\n{step}{allow}");
        let on_file = format!("title = \"t\"\nformat = 2\n{allow}[[step]]\n{step}");
        for src in [on_step, on_file] {
            let got = warned(&src);
            if *w == Warning::LongHolds {
                // Still warned, and naming it says that it can't be allowed.
                assert!(got.contains(&"long-holds"), "{src}: {got:?}");
                assert!(
                    parse(&src)
                        .diagnostics
                        .iter()
                        .any(|d| d.message.contains("`long-holds` can't be allowed")),
                    "{src}"
                );
            } else {
                assert!(got.is_empty(), "{src}: {got:?}");
            }
            assert!(errors(&src).is_empty(), "{src}: {:?}", errors(&src));
        }
    }
}

#[test]
fn allow_on_one_step_leaves_the_same_warning_on_another() {
    let src = "title = \"t\"\nformat = 2\n\
        [[step]]\nkind = \"breathe\"\ninhale = 5\nexhale = 5\ncycles = 3\nallow = [\"exhale-ratio\"]\n\
        [[step]]\nkind = \"breathe\"\ninhale = 5\nexhale = 4\ncycles = 3\n";
    assert_eq!(warned(src), ["exhale-ratio"]);
    let d = parse(src);
    let w = d.diagnostics.iter().find(|d| d.warning.is_some()).unwrap();
    assert!(w.span.as_ref().unwrap().start > src.find("exhale = 4").unwrap() - 1);
}

#[test]
fn a_note_no_longer_silences_the_hold_warning() {
    let src = "title = \"t\"\nnote = \"x\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nhold_in = 7\nexhale = 8\ncycles = 3\n";
    assert_eq!(warned(src), ["holds"]);
}

#[test]
fn the_top_up_counts_toward_the_inhale() {
    // 3 s in and a 2 s top-up is 5 s of breathing in: a 5 s exhale is not longer.
    let src = "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 3\ntop_up = 2\nexhale = 5\ncycles = 3\n";
    assert_eq!(warned(src), ["exhale-ratio"]);
}

#[test]
fn thirty_quick_breaths_and_a_long_empty_hold_are_both_named() {
    // The pattern that passed with no warning at all: short breaths, then a 60 s hold.
    let src = "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 1\nexhale = 1\ncycles = 30\n\
        [[step]]\nkind = \"breathe\"\ninhale = 1\nexhale = 1.5\nhold_out = 60\ncycles = 1\n";
    let got = warned(src);
    assert!(got.contains(&"fast-breathing"), "{got:?}");
    assert!(got.contains(&"long-holds"), "{got:?}");
}

#[test]
fn an_unknown_name_in_allow_is_an_error_with_a_suggestion() {
    let src = "title = \"t\"\nformat = 2\nallow = [\"hold\"]\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 3\n";
    let e = errors(src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "there is no warning called `hold`");
    assert_eq!(e[0].label.as_deref(), Some("did you mean `holds`?"));
}

#[test]
fn allow_without_format_2_draws_the_format_warning() {
    let src = "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 5\nexhale = 5\ncycles = 3\nallow = [\"exhale-ratio\"]\n";
    assert_eq!(warned(src), ["format"]);
    let with = src.replace("title = \"t\"\n", "title = \"t\"\nformat = 2\n");
    assert!(warned(&with).is_empty());
    assert!(parse(&with).exercise.is_some());
}

#[test]
fn an_error_in_a_step_never_hides_its_warnings() {
    // `cycles` is broken, the hold and the ratio are still said.
    let src = "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 6\nhold_in = 8\nexhale = 4\ncycles = -1\n";
    assert!(!errors(src).is_empty());
    let got = warned(src);
    assert!(
        got.contains(&"holds") && got.contains(&"exhale-ratio"),
        "{got:?}"
    );
}

#[test]
fn the_wording_caret_points_at_the_phrase() {
    let src = "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"Sit down. Now relax your jaw.\"\nseconds = 5\n";
    let d = parse(src);
    let w = d
        .diagnostics
        .iter()
        .find(|d| d.warning == Some(Warning::Wording))
        .unwrap();
    assert_eq!(&src[w.span.clone().unwrap()], "relax");
}

#[test]
fn until_enter_is_another_spelling_of_key() {
    let src = "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nuntil = \"enter\"\n";
    let ex = parse(src).exercise.expect("valid");
    let t = steady::timeline::Timeline::compile(&ex, 0);
    assert_eq!(t.cues[0].length, None);
}

/// Ramps (format 2): the value moves evenly from the first cycle to the last.
mod ramps {
    use std::time::Duration;

    use steady::exercise::load::parse;
    use steady::timeline::{CueKind, Timeline};

    fn exhales(src: &str) -> Vec<f64> {
        let checked = parse(src);
        let ex = checked
            .exercise
            .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
        Timeline::compile(&ex, 0)
            .cues
            .iter()
            .filter(|c| c.kind == CueKind::Exhale)
            .map(|c| c.length.unwrap().as_secs_f64())
            .collect()
    }

    #[test]
    fn the_first_and_last_cycles_are_exact_and_the_rest_even() {
        let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [4.5, 8]\ncycles = 8\n";
        assert_eq!(exhales(src), [4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0]);
        // A ramp down eases the same way.
        let down = src.replace("[4.5, 8]", "[8, 4.5]");
        assert_eq!(exhales(&down), [8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.5]);
    }

    #[test]
    fn minutes_give_the_whole_number_of_cycles_nearest_in_total() {
        // Cycles average 4 + 6 = 10 s: 3 minutes is 18 cycles.
        let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [4.5, 7.5]\nminutes = 3\n";
        let e = exhales(src);
        assert_eq!(e.len(), 18);
        assert_eq!((e[0], e[17]), (4.5, 7.5));
        let ex = parse(src).exercise.unwrap();
        let total = Timeline::compile(&ex, 0).total();
        assert!(
            total.abs_diff(Duration::from_secs(180)) < Duration::from_secs(5),
            "{total:?}"
        );
    }

    #[test]
    fn a_ramp_is_checked_at_both_ends_and_needs_two_cycles() {
        let names = |src: &str| -> Vec<&'static str> {
            parse(src)
                .diagnostics
                .iter()
                .filter_map(|d| d.warning.map(steady::exercise::Warning::name))
                .collect()
        };
        // Fine at the start (8 s out), not at the end (3 s out of a 4 s in).
        let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [8, 3]\ncycles = 5\n";
        assert_eq!(names(src), ["exhale-ratio"]);
        // A hold that grows past 4 s.
        let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 8\nhold_out = [0, 6]\ncycles = 5\n";
        assert_eq!(names(src), ["holds"]);
        // Without `format = 2`, a ramp is named as a format 2 key.
        let src = "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [6, 8]\ncycles = 5\n";
        assert_eq!(names(src), ["format"]);
        let one = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [6, 8]\ncycles = 1\n";
        let checked = parse(one);
        assert!(checked.exercise.is_none());
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|d| d.message == "a ramp needs at least 2 breaths, one for each end"),
            "{:#?}",
            checked.diagnostics
        );
    }
}

#[test]
fn titles_labels_and_source_are_format_2_keys() {
    for (top, step) in [
        ("source = \"A study\"\n", ""),
        ("", "title = \"Settle\"\n"),
        ("", "hold_in_text = \"Pause\"\n"),
        ("", "top_up_text = \"Sip more\"\n"),
    ] {
        let src = format!(
            "title = \"t\"\n{top}[[step]]\nkind = \"breathe\"\ninhale = 4\ntop_up = 1\nhold_in = 1\nexhale = 8\ncycles = 2\n{step}"
        );
        assert_eq!(warned(&src), ["format"], "{src}");
        let with = src.replacen("title = \"t\"\n", "title = \"t\"\nformat = 2\n", 1);
        assert!(warned(&with).is_empty(), "{with}");
    }
}

/// Fast breathing, then a hold (timed, or asked for in a prompt's words): warned at each
/// step that holds, loudly, whatever `allow` says; calm breathing between clears it.
#[test]
fn a_hold_after_fast_breathing_is_always_warned_and_shown_before_beginning() {
    let fast = "[[step]]\nkind = \"breathe\"\ninhale = 1.5\nexhale = 1.5\ncycles = 30\n";
    let asked = "[[step]]\nkind = \"prompt\"\ntext = \"Breathe out and hold your breath until the urge to breathe.\"\nuntil = \"key\"\n";
    let timed = "[[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 4\nhold_out = 12\ncycles = 1\n";
    let calm = "[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 3\n";
    let all = "allow = [\"fast-breathing\", \"holds\", \"fast-then-hold\", \"exhale-ratio\"]\n";
    let file = |steps: &[&str]| format!("title = \"t\"\nformat = 2\n{all}{}", steps.concat());
    let count = |src: &str| {
        warned(src)
            .iter()
            .filter(|w| **w == "fast-then-hold")
            .count()
    };
    assert_eq!(count(&file(&[fast, asked])), 1, "a hold asked for in words");
    assert_eq!(count(&file(&[fast, timed])), 1, "a timed hold");
    assert_eq!(
        count(&file(&[fast, asked, fast, timed])),
        2,
        "one at each hold"
    );
    assert_eq!(
        count(&file(&[fast, calm, timed])),
        0,
        "calm breathing between"
    );
    assert_eq!(count(&file(&[calm, asked])), 0, "no fast breathing before");
    // The preview says it first, and never "no holds" for a hold asked for in words.
    let ex = parse(&file(&[fast, asked]))
        .exercise
        .expect("warnings only");
    let involves = steady::words::involves(&ex);
    assert_eq!(involves[0], steady::words::FAST_THEN_HOLD);
    assert!(
        involves[1].contains("breath holds you time yourself"),
        "{involves:?}"
    );
}

#[test]
fn a_prompt_that_asks_for_a_hold_is_a_hold() {
    let src = "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"Hold your breath for a moment.\"\nseconds = 10\n";
    assert_eq!(warned(src), ["holds"]);
    let none = "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"There is no need to hold your breath.\"\nseconds = 10\n";
    assert!(warned(none).is_empty());
}

/// Progressive relaxation: "let go" of a tensed muscle is an action, not a feeling
/// commanded, in the text or in the title of a step about tensing.
#[test]
fn letting_go_of_a_tensed_muscle_is_not_a_wording_warning() {
    let pmr = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"prompt\"\ntitle = \"Let go of the fist\"\ntext = \"If it feels okay, make a fist and squeeze a little. Then let go.\"\nseconds = 15\n";
    assert!(warned(pmr).is_empty(), "{:?}", warned(pmr));
    let feeling =
        "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"Let go of the day.\"\nseconds = 10\n";
    assert_eq!(warned(feeling), ["wording"]);
}

/// An `allow` that silences nothing says so, as a note: not a warning, not counted, and
/// the file is still fine.
#[test]
fn an_allow_that_silences_nothing_is_a_note() {
    use steady::exercise::diagnostic::Severity;
    let src = "title = \"t\"\nformat = 2\nallow = [\"holds\", \"exhale-ratio\"]\n\
        [[step]]\nkind = \"breathe\"\ninhale = 5\nexhale = 5\ncycles = 3\nallow = [\"long-look\"]\n";
    let checked = parse(src);
    assert!(checked.exercise.is_some());
    let notes: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .map(|d| &src[d.span.clone().expect("at the name")])
        .collect();
    // `exhale-ratio` silences the equal breath; the other two silence nothing.
    assert_eq!(notes, ["\"holds\"", "\"long-look\""]);
    assert_eq!(checked.warnings(), 0);
}

/// `warning[format]` says to write `format = 2`, never to allow it: `allow` is itself a
/// format 2 key, so that advice would go round in a circle.
#[test]
fn the_format_warning_never_suggests_allowing_it() {
    let src = "title = \"t\"\nallow = [\"holds\"]\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\nhold_in = 6\ncycles = 2\n";
    let checked = parse(src);
    let format = checked
        .diagnostics
        .iter()
        .find(|d| d.warning == Some(Warning::Format))
        .expect("allow without format = 2");
    let help = format.help.as_deref().unwrap_or_default();
    assert!(help.contains("format = 2"), "{help}");
    assert!(!help.contains("allow = [\"format\"]"), "{help}");
}
