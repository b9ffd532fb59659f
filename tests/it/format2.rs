//! Format 2's repeats: expanded once, in the loader, with each round's text filled in;
//! the limits hold for what will really play, and diagnostics point into the file.

use steady::exercise::StepKind;
use steady::exercise::load::parse;
use steady::timeline::Timeline;

const ROUNDS: &str = "title = \"Three rounds\"\nformat = 2\n\
    [[step]]\nkind = \"repeat\"\ntimes = 3\n\
    [[step.step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 2\n\
    [[step.step]]\nkind = \"prompt\"\ntitle = \"Check-in {round} of {rounds}\"\ntext = \"Round {round}.\"\nseconds = 10\n\
    [[step]]\nkind = \"prompt\"\ntext = \"Back to the room.\"\nseconds = 5\n";

use crate::harness::parse_errors as errors;

#[test]
fn a_repeat_expands_into_its_rounds_with_each_rounds_text() {
    let ex = parse(ROUNDS).exercise.expect("valid");
    assert_eq!(ex.steps.len(), 7, "3 rounds of 2 steps, then one");
    let titles: Vec<Option<&str>> = ex.steps.iter().map(|s| s.title()).collect();
    assert_eq!(titles[1], Some("Check-in 1 of 3"));
    assert_eq!(titles[5], Some("Check-in 3 of 3"));
    let StepKind::Prompt(p) = &ex.steps[3].kind else {
        panic!("a prompt")
    };
    assert_eq!(p.text, "Round 2.");
    assert_eq!(ex.steps[4].round, Some((3, 3)));
    assert_eq!(ex.steps[6].round, None);
    let t = Timeline::compile(&ex, 0);
    assert_eq!(t.total().as_secs(), 3 * 30 + 5);
}

#[test]
fn round_outside_a_repeat_is_an_error() {
    let src = "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"Round {round}\"\nseconds = 5\n";
    let e = errors(src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message.contains("outside a repeat"),
        "{}",
        e[0].message
    );
}

#[test]
fn a_repeat_inside_a_repeat_is_reported_at_the_inner_kind() {
    let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"repeat\"\ntimes = 2\n\
        [[step.step]]\nkind = \"repeat\"\ntimes = 2\n";
    let e = errors(src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "a repeat can't hold another repeat");
    let at = e[0].span.clone().unwrap();
    assert_eq!(&src[at.clone()], "\"repeat\"");
    assert!(at.start > src.find("[[step.step]]").unwrap());
}

#[test]
fn the_limits_hold_for_the_expanded_exercise() {
    // 100 rounds of 3 minutes is 5 hours: over the limit, though one round is short.
    let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"repeat\"\ntimes = 100\n\
        [[step.step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 180\n";
    let e = errors(src);
    assert!(e.iter().any(|d| d.message.contains("4 hours")), "{e:?}");
    let src = src.replace("times = 100", "times = 101");
    assert!(
        errors(&src)
            .iter()
            .any(|d| d.message.contains("at most 100 rounds"))
    );
}

#[test]
fn a_repeat_without_format_2_draws_the_format_warning() {
    let src = ROUNDS.replace("format = 2\n", "");
    let d = parse(&src);
    assert!(d.exercise.is_some());
    assert!(
        d.diagnostics
            .iter()
            .any(|d| d.warning == Some(steady::exercise::Warning::Format))
    );
}

mod length {
    use super::ROUNDS;
    use std::time::Duration;
    use steady::exercise::StepKind;
    use steady::exercise::load::parse;
    use steady::timeline::Timeline;

    const MIXED: &str = "title = \"t\"\nformat = 2\n\
        [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 3\n\
        [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [5, 8]\ncycles = 2\n\
        [[step]]\nkind = \"eye-contact\"\nlook = 2\naway = 4\nrounds = 1\n\
        [[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 15\n\
        [[step]]\nkind = \"prompt\"\ntext = \"y\"\nseconds = 2.5\n\
        [[step]]\nkind = \"prompt\"\ntext = \"z\"\nuntil = \"key\"\n";

    fn counts(src: &str, factor: f64) -> Vec<String> {
        let ex = parse(src).exercise.expect("valid").at_length(factor);
        ex.steps
            .iter()
            .map(|s| match &s.kind {
                StepKind::Breathe(b) => format!("{} x {:?}", b.cycles, b.exhale.from),
                StepKind::EyeContact(e) => format!("{} rounds of {:?}", e.rounds, e.look),
                StepKind::Prompt(p) => format!("{:?}", p.seconds),
                StepKind::Tap(t) => format!("{} taps of {:?}", t.taps, t.beat),
                StepKind::Choice(c) => format!("choice of {:?}", c.seconds),
            })
            .collect()
    }

    #[test]
    fn counts_scale_half_up_each_at_least_one_and_lengths_never_change() {
        assert_eq!(
            counts(MIXED, 0.5),
            [
                "2 x 6s",         // 1.5 rounds half up
                "2 x 5s",         // a ramp keeps both ends
                "1 rounds of 2s", // 0.5 half up, at least one
                "Some(8s)",       // whole seconds stay whole: 7.5 → 8
                "Some(1.25s)",    // not whole: scaled exactly
                "None",           // a step that waits stays as it is
            ]
        );
        assert_eq!(
            counts(MIXED, 2.0),
            [
                "6 x 6s",
                "4 x 5s",
                "2 rounds of 2s",
                "Some(30s)",
                "Some(5s)",
                "None"
            ]
        );
    }

    #[test]
    fn a_repeat_scales_only_its_times_so_the_total_scales_once() {
        let ex = parse(ROUNDS).exercise.expect("valid");
        let long = ex.at_length(2.0);
        // 6 rounds of the same 2 steps, then the last step.
        assert_eq!(long.steps.len(), 13);
        assert_eq!(long.steps[11].round, Some((6, 6)));
        let StepKind::Breathe(b) = &long.steps[0].kind else {
            panic!()
        };
        assert_eq!(b.cycles, 2, "the steps inside keep their counts");
        let total = |e: &steady::exercise::Exercise| Timeline::compile(e, 0).total();
        assert_eq!(total(&long), Duration::from_secs(6 * 30 + 10));
        assert_eq!(total(&ex.at_length(1.0)), total(&ex));
    }

    #[test]
    fn lengths_past_the_limits_are_not_offered() {
        // Two and a half hours as written: twice as long would pass 4 hours.
        let src = "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 9000\n";
        let ex = parse(src).exercise.expect("valid");
        assert!(ex.at_length(1.5).fits());
        assert!(!ex.at_length(2.0).fits());
        let mut cur = steady::player::state::Current::new("t".into(), ex, None);
        assert!(cur.change_length(1), "150 %");
        assert!(!cur.change_length(1), "200 % is not offered");
        assert_eq!(cur.length, 1.5);
        assert!(cur.change_length(-1) && cur.change_length(-1));
        assert_eq!(cur.length, 0.75);
    }
}

#[test]
fn for_names_the_states_an_exercise_suits_and_needs_format_2() {
    use steady::exercise::State;
    let src = "title = \"t\"\nformat = 2\nfor = [\"shut-down\", \"revved-up\"]\n\
        [[step]]\nkind = \"prompt\"\ntext = \"Look around.\"\nseconds = 5\n";
    let ex = parse(src).exercise.expect("valid");
    assert_eq!(ex.suits, vec![State::ShutDown, State::RevvedUp]);
    let without = src.replace("format = 2\n", "");
    let warned = parse(&without);
    assert!(
        warned
            .diagnostics
            .iter()
            .any(|d| d.warning == Some(steady::exercise::Warning::Format)),
        "{:?}",
        warned.diagnostics
    );
}

/// A name in braces that steady does not fill in is an error at the name, with the
/// placeholder it was probably meant to be; the two real ones pass.
#[test]
fn an_unknown_placeholder_is_an_error_with_a_did_you_mean() {
    let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"repeat\"\ntimes = 2\n\
        [[step.step]]\nkind = \"prompt\"\ntext = \"Question {Round} of {roud}; {rounds} in all, {round} now.\"\nseconds = 10\n";
    let errors = crate::harness::parse_errors(src);
    let said: Vec<(String, Option<String>)> = errors
        .iter()
        .map(|d| (d.message.clone(), d.label.clone()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "`{Round}` in `text` is not a placeholder steady fills in".to_owned(),
                Some("did you mean `{round}`?".to_owned())
            ),
            (
                "`{roud}` in `text` is not a placeholder steady fills in".to_owned(),
                Some("did you mean `{round}`?".to_owned())
            ),
        ]
    );
    // The caret is on the name itself.
    let at = errors[0].span.clone().expect("a place");
    assert_eq!(&src[at], "{Round}");
}

/// `format = "2"` is the right number written as text: say how to write it.
#[test]
fn a_format_written_as_text_is_told_to_be_a_number() {
    let src =
        "title = \"t\"\nformat = \"2\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n";
    let errors = crate::harness::parse_errors(src);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].message,
        "`format` is a number, written without quotes"
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("write it as a number: `format = 2`")
    );
}

/// A four-minute look is not "short": what the preview and plain mode say of it gives
/// its length; gentle looks are still "short looks".
#[test]
fn what_it_involves_says_how_long_a_long_look_is() {
    let look = |secs: u32| {
        let src = format!(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"eye-contact\"\nlook = {secs}\naway = 10\nrounds = 1\nallow = [\"long-look\"]\n"
        );
        let ex = steady::exercise::load::parse(&src).exercise.expect("valid");
        steady::words::involves(&ex).join("; ")
    };
    assert_eq!(
        look(240),
        "eye contact, in looks of up to 4 min with rests between"
    );
    assert_eq!(look(2), "eye contact, in short looks with rests between");
}

/// A repeat with no steps is told how to write one, as a table, not given schema text.
#[test]
fn a_repeat_without_steps_is_shown_how_to_write_one() {
    let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"repeat\"\ntimes = 2\n";
    let errors = crate::harness::parse_errors(src);
    let help = errors[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("[[step.step]]\nkind = \"prompt\""), "{help}");
    assert!(!help.contains("add `step = ...`"), "{help}");
}

/// Different words for each round: a prompt's `text` as a list inside a repeat, one a
/// round, each checked as a text is, and kept as a sequence by the length control.
mod words_by_round {
    use super::errors;
    use steady::exercise::StepKind;
    use steady::exercise::load::parse;

    fn sets(text: &str) -> String {
        format!(
            "title = \"Sets\"\nformat = 2\n[[step]]\nkind = \"repeat\"\ntimes = 3\n\
             [[step.step]]\nkind = \"prompt\"\ntitle = \"Set {{round}}\"\ntext = {text}\nseconds = 8\n"
        )
    }

    fn texts(src: &str) -> Vec<String> {
        let ex = parse(src).exercise.expect("valid");
        ex.steps
            .iter()
            .map(|s| match &s.kind {
                StepKind::Prompt(p) => p.text.clone(),
                _ => panic!("prompts only"),
            })
            .collect()
    }

    #[test]
    fn each_round_says_its_own_words() {
        let src = sets("[\"Your feet.\", \"Your hands, round {round}.\", \"The room.\"]");
        assert_eq!(
            texts(&src),
            ["Your feet.", "Your hands, round 2.", "The room."]
        );
        // Each round carries its own words, not the list (the repeat keeps that).
        let played = parse(&src).exercise.expect("valid").steps;
        assert!(played.iter().all(|s| !s.words_by_round()));
        // Twice as long, or half: three words are three rounds still.
        let ex = parse(&src).exercise.expect("valid");
        for factor in [0.5, 2.0] {
            assert_eq!(ex.at_length(factor).steps.len(), 3, "at {factor}");
        }
    }

    #[test]
    fn the_list_must_fit_the_rounds_and_be_a_prompts_text() {
        let two = sets("[\"One.\", \"Two.\"]");
        assert!(
            errors(&two)
                .iter()
                .any(|e| e.message.contains("2 texts for 3 rounds")),
            "{:?}",
            errors(&two)
        );
        let on_breath = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"repeat\"\ntimes = 2\n\
            [[step.step]]\nkind = \"eye-contact\"\nlook = 2\naway = 3\nrounds = 1\nlead_in = 0\nsetup = [\"a\", \"b\"]\n";
        assert!(!errors(on_breath).is_empty());
        let not_text = sets("[\"One.\", 2, \"Three.\"]");
        assert!(
            errors(&not_text)
                .iter()
                .any(|e| e.message.contains("each round's `text`")),
            "{:?}",
            errors(&not_text)
        );
    }

    #[test]
    fn every_rounds_words_are_checked_like_any_text() {
        // A control character in the third: an error at it; a command in the second: a
        // warning at it; words too long for 8 s in the third: reading-time.
        let bad = sets("[\"Feet.\", \"Hands.\", \"Sounds\\u001b[2J.\"]");
        assert!(parse(&bad).exercise.is_none());
        let warned = |src: &str| -> Vec<&'static str> {
            parse(src)
                .diagnostics
                .iter()
                .filter_map(|d| d.warning.map(|w| w.name()))
                .collect()
        };
        assert_eq!(
            warned(&sets("[\"Feet.\", \"Now relax.\", \"Room.\"]")),
            ["wording"]
        );
        let long = "Notice the sounds in the room, near and far, and the air on your skin, and the light, and the weight of your body.";
        assert_eq!(
            warned(&sets(&format!("[\"Feet.\", \"Hands.\", \"{long}\"]"))),
            ["reading-time"]
        );
    }
}

/// Breathing at one's own pace (`until = "key"` on a breathing step): each phase's
/// length is a guide, Enter marks each change, and nothing ever moves on by itself; a
/// hold there is timed by the person, so it is warned and never "no holds".
mod own_pace {
    use std::time::{Duration, Instant};
    use steady::exercise::load::parse;
    use steady::player::state::{Action, App, Current};

    const OWN: &str = "title = \"Own\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 2\nuntil = \"key\"\n";

    #[test]
    fn nothing_moves_on_until_enter_marks_the_change() {
        let ex = parse(OWN).exercise.expect("valid");
        let mut app = App::for_exercise(Current::new("own".into(), ex, None));
        let t0 = Instant::now();
        let _ = app.apply(Action::Begin, t0);
        let at = |app: &mut App, s: u64| {
            let now = t0 + Duration::from_secs(s);
            let _ = app.tick(now);
            app.practice()
                .map(|p| (p.moment(now).cue, p.moment(now).cue_left))
        };
        // The guide counts down, then waits: an hour later it is the same in-breath.
        assert_eq!(at(&mut app, 1), Some((0, Some(Duration::from_secs(3)))));
        assert_eq!(at(&mut app, 3600), Some((0, None)));
        // No sound is queued past a phase that waits.
        assert!(app.sound_ahead(t0 + Duration::from_secs(3600)).0.is_none());
        // Enter: the out-breath, any moment, guide or not.
        let _ = app.apply(Action::Continue, t0 + Duration::from_secs(3600));
        assert_eq!(at(&mut app, 3601), Some((1, Some(Duration::from_secs(5)))));
        let _ = app.apply(Action::Continue, t0 + Duration::from_secs(3602));
        assert_eq!(at(&mut app, 3602).map(|(c, _)| c), Some(2));
    }

    #[test]
    fn a_hold_at_ones_own_pace_is_warned_and_said_before_beginning() {
        let short_hold = OWN.replace("exhale = 6\n", "exhale = 6\nhold_out = 2\n");
        let warned: Vec<&str> = parse(&short_hold)
            .diagnostics
            .iter()
            .filter_map(|d| d.warning.map(|w| w.name()))
            .collect();
        assert_eq!(warned, ["holds"], "a 2 s hold, timed by the person");
        let ex = parse(&short_hold).exercise.expect("warnings only");
        let involves = steady::words::involves(&ex).join("; ");
        assert!(involves.contains("at your own pace"), "{involves}");
        assert!(involves.contains("holds you time yourself"), "{involves}");
        assert!(!involves.contains("no holds"), "{involves}");
        // Without a hold, nothing to warn of.
        assert!(parse(OWN).diagnostics.is_empty());
    }
}

mod tapping {
    use std::time::Duration;
    use steady::exercise::load::parse;
    use steady::exercise::{BundledSound, StepKind};
    use steady::sound::SoundRef;
    use steady::timeline::{CueKind, Timeline};

    const TAP: &str = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"tap\"\ntext = \"Hands on your knees.\"\nbeat = 1.5\nseconds = 9\n";

    /// A tap step: a lead-in for its words, then left and right in turn at its beat,
    /// each with its own side's sound; `seconds` rounded to whole pairs.
    #[test]
    fn a_tap_step_alternates_sides_at_its_beat_after_time_for_its_words() {
        let ex = parse(TAP).exercise.expect("valid");
        let t = Timeline::compile(&ex, 0);
        let kinds: Vec<CueKind> = t.cues.iter().map(|c| c.kind).collect();
        use CueKind::{LeadIn, Left, Right};
        assert_eq!(kinds, [LeadIn, Left, Right, Left, Right, Left, Right]);
        // "Hands on your knees." is 4 words, 1.5 s at 160 a minute: 2 s, then 3 s more.
        assert_eq!(t.cues[0].length, Some(Duration::from_secs(5)));
        assert!(
            t.cues[1..]
                .iter()
                .all(|c| c.length == Some(Duration::from_millis(1500)))
        );
        let sounds: Vec<Option<SoundRef>> =
            (2..4).map(|i| steady::sound::for_cue(&ex, &t, i)).collect();
        assert_eq!(
            sounds,
            [
                Some(SoundRef::Bundled(BundledSound::Right)),
                Some(SoundRef::Bundled(BundledSound::Left))
            ]
        );
        // Without words there is nothing to wait for.
        let bare =
            parse("title = \"t\"\nformat = 2\n[[step]]\nkind = \"tap\"\nbeat = 1\ntaps = 4\n")
                .exercise
                .expect("valid");
        assert_eq!(Timeline::compile(&bare, 0).cues[0].kind, Left);
    }

    #[test]
    fn the_length_control_scales_whole_pairs_of_taps_and_leaves_a_fixed_step_alone() {
        let taps = |src: &str, factor: f64| match &parse(src)
            .exercise
            .expect("valid")
            .at_length(factor)
            .steps[0]
            .kind
        {
            StepKind::Tap(t) => t.taps,
            _ => 0,
        };
        assert_eq!(taps(TAP, 1.0), 6);
        assert_eq!(taps(TAP, 2.0), 12);
        assert_eq!(
            taps(TAP, 0.5),
            4,
            "3 pairs halved is 1.5, rounded up to 2 pairs"
        );
        assert_eq!(taps(TAP, 0.1), 2, "at least one pair");
        assert_eq!(taps(&format!("{TAP}fixed = true\n"), 2.0), 6);
    }

    #[test]
    fn a_tap_step_needs_a_slow_beat_and_one_length() {
        let errors = |body: &str| {
            let src = format!("title = \"t\"\nformat = 2\n[[step]]\nkind = \"tap\"\n{body}");
            crate::harness::parse_errors(&src)
                .into_iter()
                .map(|d| d.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errors("beat = 0.2\ntaps = 4\n"),
            ["a beat of 0.2 s is outside 0.5 to 5 s"]
        );
        assert_eq!(
            errors("beat = 6\ntaps = 4\n"),
            ["a beat of 6 s is outside 0.5 to 5 s"]
        );
        assert_eq!(
            errors("beat = 1\ntaps = 4\nseconds = 9\n"),
            ["give `taps` or `seconds`, not both"]
        );
        assert_eq!(
            errors("beat = 1\n"),
            ["this `tap` step has no `taps` or `seconds`"]
        );
        assert!(errors("beat = 1\ntaps = 4\nleft_text = \"Left hand\"\n").is_empty());
        // A format 1 file that uses it is told what it is.
        let old = parse("title = \"t\"\n[[step]]\nkind = \"tap\"\nbeat = 1\ntaps = 4\n");
        assert!(
            old.diagnostics
                .iter()
                .any(|d| d.message.contains("format 2")),
            "{:?}",
            old.diagnostics
        );
    }
}

pub mod choosing {
    use std::time::Duration;
    use steady::exercise::StepKind;
    use steady::exercise::load::parse;
    use steady::timeline::{CueKind, Timeline};

    pub const CHOICE: &str = "title = \"t\"\nformat = 2\n\
        [[step]]\nkind = \"choice\"\ntext = \"Which feels okay?\"\nseconds = 20\n\
        [[step.option]]\nlabel = \"Feet\"\ntext = \"Notice your feet.\"\n\
        [[step.option]]\nlabel = \"Hands\"\ntext = \"Notice your hands.\"\n\
        [[step]]\nkind = \"prompt\"\ntext = \"After.\"\nseconds = 5\n";

    /// The question waits for the person; the chosen option's words then stay for the
    /// step's seconds, which the length control scales like a prompt's.
    #[test]
    fn a_choice_waits_for_its_answer_then_plays_the_chosen_words() {
        let ex = parse(CHOICE).exercise.expect("valid");
        let t = Timeline::compile(&ex, 0);
        let cues: Vec<(CueKind, Option<Duration>)> =
            t.cues.iter().map(|c| (c.kind, c.length)).collect();
        let s = Duration::from_secs;
        assert_eq!(
            cues,
            [
                (CueKind::Choose, None),
                (CueKind::Prompt, Some(s(20))),
                (CueKind::Prompt, Some(s(5)))
            ]
        );
        assert!(t.cues[0].waits);
        let secs = |f: f64| match &ex.at_length(f).steps[0].kind {
            StepKind::Choice(c) => c.seconds,
            _ => None,
        };
        assert_eq!(secs(2.0), Some(s(40)));
        let words = steady::words::involves(&ex);
        assert!(
            words.iter().any(|w| w == "a choice of Feet or Hands"),
            "{words:?}"
        );
    }

    #[test]
    fn a_choice_needs_two_to_nine_options_each_with_a_label_and_words() {
        let errors = |options: &str| {
            let src = format!(
                "title = \"t\"\nformat = 2\n[[step]]\nkind = \"choice\"\ntext = \"Which?\"\nuntil = \"key\"\n{options}"
            );
            crate::harness::parse_errors(&src)
                .into_iter()
                .map(|d| d.message)
                .collect::<Vec<_>>()
        };
        let one = "[[step.option]]\nlabel = \"A\"\ntext = \"a\"\n";
        assert_eq!(errors(one), ["a choice has 1 option; give 2 to 9"]);
        assert_eq!(
            errors(&one.repeat(10)),
            ["a choice has 10 options; give 2 to 9"]
        );
        assert!(errors(&one.repeat(9)).is_empty());
        assert_eq!(
            errors(&format!("{one}[[step.option]]\nlabel = \"B\"\n")),
            ["this option has no `text`"]
        );
        assert_eq!(
            errors(&format!(
                "{one}[[step.option]]\nlabel = \"B\"\ntext = \"b\"\nlabl = \"x\"\n"
            )),
            ["unknown key `labl`"]
        );
        let none = crate::harness::parse_errors(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"choice\"\ntext = \"Which?\"\nseconds = 5\n",
        );
        assert!(
            none.iter().any(|d| d.message.contains("`option`")),
            "{none:?}"
        );
        // An option's words that outrun the seconds they are given are warned of.
        let src = format!(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"choice\"\ntext = \"Which?\"\nseconds = 2\n{one}[[step.option]]\nlabel = \"B\"\ntext = \"{}\"\n",
            "word ".repeat(30)
        );
        let warned = parse(&src);
        assert!(
            warned
                .diagnostics
                .iter()
                .any(|d| d.message.contains("take")),
            "{:?}",
            warned.diagnostics
        );
    }
}

/// A misspelt `seconds` or `until` is that one error, with the right spelling: not
/// also "this step has no `seconds`", which sent the reader to add a second one.
#[test]
fn a_misspelt_length_is_one_error_that_names_the_right_key() {
    for (typo, right) in [("secnds = 10", "seconds"), ("untill = \"key\"", "until")] {
        let src = format!("title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\n{typo}\n");
        let errors = crate::harness::parse_errors(&src);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].label.as_deref(),
            Some(format!("did you mean `{right}`?").as_str())
        );
    }
}

mod ramps_more {
    use std::time::Duration;
    use steady::exercise::load::parse;
    use steady::timeline::{CueKind, Timeline};

    fn lengths(src: &str, kind: CueKind, count: u32) -> Vec<Duration> {
        let ex = parse(src).exercise.expect("valid");
        Timeline::compile(&ex, count)
            .cues
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| c.length)
            .collect()
    }

    /// `stages`: a ramp held in equal steps, each for its share of the breaths; the
    /// step's total is the sum of what plays.
    #[test]
    fn a_ramp_in_stages_holds_each_stage_for_its_share() {
        let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = [4, 8]\ncycles = 7\nstages = 3\n";
        let s = Duration::from_secs;
        assert_eq!(
            lengths(src, CueKind::Exhale, 0),
            [s(4), s(4), s(4), s(6), s(6), s(8), s(8)]
        );
        let ex = parse(src).exercise.unwrap();
        let t = Timeline::compile(&ex, 0);
        assert_eq!(Some(t.total()), ex.steps[0].cost(false).0);
        let words = steady::words::involves(&ex);
        assert!(
            words[0].contains("out 4 s growing to 8 s in 3 stages"),
            "{words:?}"
        );
        let errors = |body: &str| {
            crate::harness::parse_errors(&format!(
                "title = \"t\"\nformat = 2\n[[step]]\nkind = \"breathe\"\ninhale = 4\n{body}"
            ))
            .into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
        };
        assert_eq!(
            errors("exhale = 6\ncycles = 6\nstages = 2\n"),
            ["`stages` moves a ramp, and this step has none"]
        );
        assert_eq!(
            errors("exhale = [4, 8]\ncycles = 6\nstages = 1\n"),
            ["`stages` is 1; give 2 to 100"]
        );
        assert_eq!(
            errors("exhale = [4, 8]\ncycles = 3\nstages = 4\n"),
            ["4 stages for 3 breaths: give no more stages than breaths"]
        );
    }

    /// `look = [2, 4]`: each round's look moves evenly from the first to the last;
    /// growth adds to every round and `max_look` caps each.
    #[test]
    fn a_look_that_ramps_moves_round_by_round_and_grows_within_its_cap() {
        let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"eye-contact\"\nlook = [2, 4]\naway = 5\nrounds = 3\nlead_in = 0\ngrow = 1\nmax_look = 5\n";
        let s = Duration::from_secs;
        assert_eq!(lengths(src, CueKind::Look, 0), [s(2), s(3), s(4)]);
        assert_eq!(lengths(src, CueKind::Look, 2), [s(4), s(5), s(5)]);
        let ex = parse(src).exercise.unwrap();
        let mut cur = steady::player::state::Current::new("t".into(), ex, Some(0));
        assert_eq!(cur.looks_today(), Some((s(2), s(4))));
        cur.look_steps = 2;
        assert!(cur.set_length(1.0));
        assert_eq!(
            cur.looks_today(),
            Some((s(3), s(5))),
            "↑ twice: a second more, capped"
        );
        let one = crate::harness::parse_errors(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"eye-contact\"\nlook = [2, 4]\naway = 5\nrounds = 1\n",
        );
        assert_eq!(
            one[0].message,
            "a ramp needs at least 2 rounds, one for each end"
        );
        let capped = crate::harness::parse_errors(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"eye-contact\"\nlook = [2, 6]\nmax_look = 5\naway = 5\nrounds = 3\n",
        );
        assert_eq!(
            capped[0].message,
            "`max_look` (5 s) is shorter than `look` (6 s)"
        );
    }
}

/// The preview's footer names a look that ramps by both ends.
#[test]
fn the_look_keys_name_a_ramp_by_both_ends() {
    use steady::player::keys;
    use steady::player::state::{Action, App, Current, Scroll};
    let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"eye-contact\"\nlook = [2, 4]\naway = 5\nrounds = 3\n";
    let ex = steady::exercise::load::parse(src).exercise.expect("valid");
    let app = App::for_exercise(Current::new("t".into(), ex, None));
    let said = keys::offered(&app, Action::LookLonger, None, Scroll::default());
    assert_eq!(said.as_deref(), Some("look 2–4 s"));
}

/// A choice's label is offered with its number among the others: a few words, never
/// empty, never a paragraph that pushes the question and the other options out of view.
#[test]
fn a_choice_label_is_a_few_words() {
    let errors = |label: &str| {
        crate::harness::parse_errors(&format!(
            "title = \"t\"\nformat = 2\n[[step]]\nkind = \"choice\"\ntext = \"Which?\"\nuntil = \"key\"\n\
             [[step.option]]\nlabel = \"{label}\"\ntext = \"a\"\n[[step.option]]\nlabel = \"B\"\ntext = \"b\"\n"
        ))
        .into_iter()
        .map(|d| d.message)
        .collect::<Vec<_>>()
    };
    let too_long = "a label is offered with its number: give it 1 to 40 characters";
    assert!(errors("Something you see").is_empty());
    assert!(errors(&"x".repeat(40)).is_empty());
    assert_eq!(errors(&"x".repeat(41)), [too_long]);
    assert_eq!(errors("  "), [too_long]);
}

/// Format 2 keys in a file that doesn't say `format = 2` draw one warning, at the first,
/// which counts the rest: one line at the top mends them all.
#[test]
fn format_2_keys_without_format_2_are_one_warning_that_counts_the_rest() {
    let src = "title = \"t\"\nformat = 1\n[[step]]\nkind = \"breathe\"\ntitle = \"a\"\ninhale = 4\nexhale = [5, 6]\ncycles = 3\n\
        [[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 3\nfixed = true\n";
    let format: Vec<_> = parse(src)
        .diagnostics
        .into_iter()
        .filter(|d| d.warning == Some(steady::exercise::Warning::Format))
        .collect();
    assert_eq!(format.len(), 1, "{format:?}");
    assert_eq!(
        format[0].label.as_deref(),
        Some("and 2 more format 2 keys below")
    );
}
