//! Every screen drawn at 80x24, 40x12 and 20x6 on ratatui's TestBackend, compared with
//! snapshots a person has read. The exercise is a fixture, so rewording a built-in
//! never moves these.

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use steady::exercise::load::parse;
use steady::player::state::{Action, App, Choice, Current, Picker};
use steady::player::terminal::press;
use steady::timeline::Timeline;
use steady::ui;

use crate::harness::tui::key;

const FIXTURE: &str = r#"
title = "Practice fixture"
about = "A little of everything, for drawing each screen."
note = "Gentle breaths are plenty. You can stop at any time."
anchor = "Feet on the floor. Hands in your lap. Continue when you're ready."

[[step]]
kind = "breathe"
inhale = 4
exhale = 6
cycles = 3
exhale_text = "Breathe out, slowly"

[[step]]
kind = "eye-contact"
lead_in = 0
look = 2
away = 6
rounds = 5
grow = 0.5
max_look = 5
setup = "A mirror in ordinary light works well."

[[step]]
kind = "prompt"
title = "Feet"
text = "If it feels okay, notice your feet: pressure, warmth, or nothing much. All of it counts."
seconds = 30

[[step]]
kind = "prompt"
style = "say"
text = "I can pause and come back."
until = "key"
"#;

const SIZES: [(u16, u16); 3] = [(80, 24), (40, 12), (20, 6)];

fn app() -> App {
    let ex = parse(FIXTURE).exercise.expect("fixture is valid");
    let mut app = App::for_exercise(Current::new("fixture".into(), ex, Some(2)));
    app.color = false;
    // As on a machine whose sound device opened.
    app.sound_ready = true;
    app
}

fn screen(app: &mut App, now: Instant, (w, h): (u16, u16)) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let v = ui::visible(app, now, w, h);
    let mut measured = Default::default();
    t.draw(|f| measured = ui::draw(f, app, &v)).expect("draw");
    app.measured(measured);
    // A no-break space (between a number and its unit) looks like any other.
    t.backend().to_string().replace('\u{a0}', " ")
}

/// Snapshots `app` at every size, named `view@WxH`.
fn snap_all(name: &str, app: &mut App, now: Instant) {
    for size in SIZES {
        insta::assert_snapshot!(
            format!("{name}@{}x{}", size.0, size.1),
            screen(app, now, size)
        );
    }
}

/// The app started at `t0`, `secs` seconds in.
fn playing(secs: f64) -> (App, Instant) {
    let mut a = app();
    let t0 = Instant::now();
    press(&mut a, key(KeyCode::Char(' ')), t0);
    (a, t0 + Duration::from_secs_f64(secs))
}

#[test]
fn preview() {
    let mut a = app();
    snap_all("preview", &mut a, Instant::now());
}

#[test]
fn no_amount_of_text_pushes_what_an_exercise_involves_out_of_the_preview() {
    let blank = "\\n".repeat(60);
    let src = format!(
        "title = \"Padded\"\nabout = \"Hello{blank}bye\"\nnote = \"{blank}\"\n\
         [[step]]\nkind = \"breathe\"\ninhale = 4\nhold_in = 30\nexhale = 6\ncycles = 2\n\
         [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 4\nrounds = 2\n"
    );
    let ex = parse(&src).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("padded".into(), ex, None));
    a.color = false;
    let shown = screen(&mut a, Instant::now(), (80, 24));
    for part in [
        "holds up to 30 s",
        "eye contact",
        "Eye contact today",
        "Space to begin",
    ] {
        assert!(shown.contains(part), "{part:?} is out of view:\n{shown}");
    }
}

/// A preview longer than the window scrolls with PgDn/PgUp: the last of its note can
/// be reached at every size, and the way to leave stays in view throughout.
#[test]
fn a_preview_that_does_not_fit_scrolls_and_q_to_leave_stays_in_view() {
    let note =
        "A note that runs on for a while, as notes for a first practice often do. ".repeat(20);
    let src = format!(
        "title = \"Long note\"\nabout = \"Breathing, then a look around.\"\n\
         note = \"{note}You can stop at any time.\"\n\
         [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 2\n"
    );
    let ex = parse(&src).exercise.expect("valid");
    let now = Instant::now();
    for size in SIZES {
        let mut a = App::for_exercise(Current::new("long".into(), ex.clone(), None));
        a.color = false;
        let first = screen(&mut a, now, size);
        assert!(!first.contains("any time."), "it fits already:\n{first}");
        let mut last = first;
        for _ in 0..100 {
            press(&mut a, key(KeyCode::PageDown), now);
            let shown = screen(&mut a, now, size);
            assert!(
                shown.contains("q to leave") || shown.contains("q leave"),
                "{shown}"
            );
            last = shown;
        }
        assert!(last.contains("any time."), "never reached:\n{last}");
        insta::assert_snapshot!(format!("preview-scrolled@{}x{}", size.0, size.1), last);
        // PgUp goes back a page at once, however often PgDn was pressed past the end.
        press(&mut a, key(KeyCode::PageUp), now);
        let up = screen(&mut a, now, size);
        assert_ne!(up, screen_after_end(&mut a, now, size), "PgUp did nothing");
    }
}

/// The footer offers PgDn in the very first frame of a preview that does not fit: the
/// view measures before it draws, and nothing it draws depends on an earlier frame.
#[test]
fn the_first_frame_of_a_preview_too_long_for_the_window_offers_pgdn() {
    let src = steady::library::builtin("eye-contact-partner").expect("built in");
    let ex = parse(src).exercise.expect("valid");
    let now = Instant::now();
    let mut a = App::for_exercise(Current::new("eye-contact-partner".into(), ex, None));
    a.color = false;
    a.muted = true;
    let first = screen(&mut a, now, (80, 12));
    let footer = first.lines().nth(11).unwrap_or_default();
    assert!(
        footer.contains("PgDn more"),
        "no PgDn in the first footer:\n{first}"
    );
    // And it is the same frame the next draw makes of the same state.
    assert_eq!(first, screen(&mut a, now, (80, 12)));
}

/// The screen after PgDn to the end again (for comparing with a page up).
fn screen_after_end(a: &mut App, now: Instant, size: (u16, u16)) -> String {
    let mut a = a.clone();
    for _ in 0..100 {
        press(&mut a, key(KeyCode::PageDown), now);
        screen(&mut a, now, size);
    }
    screen(&mut a, now, size)
}

/// The first look waits until its setup can be read: the setup, then how long until
/// the first round, with no bar to watch and no bands yet.
#[test]
fn eye_contact_lead_in_shows_the_setup_before_the_first_look() {
    let src = "title = \"Mirror\"\n[[step]]\nkind = \"eye-contact\"\nlook = 2\naway = 4\nrounds = 3\n\
               setup = \"Sit where you can see your face in a mirror, a little way off.\"\n";
    let ex = parse(src).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("mirror".into(), ex, None));
    a.color = false;
    let t0 = Instant::now();
    press(&mut a, key(KeyCode::Char(' ')), t0);
    let now = t0 + Duration::from_millis(1500);
    let at80 = screen(&mut a, now, (80, 24));
    assert!(at80.contains("Before the first look"), "{at80}");
    assert!(at80.contains("Sit where you can see your face"), "{at80}");
    assert!(at80.contains("then round 1 of 3"), "{at80}");
    snap_all("eye-contact-lead-in", &mut a, now);
}

#[test]
fn breathing_mid_inhale_and_mid_exhale() {
    let (mut a, now) = playing(2.0);
    snap_all("breathe-inhale", &mut a, now);
    let (mut a, now) = playing(7.0);
    snap_all("breathe-exhale", &mut a, now);
}

#[test]
fn breathing_with_reduced_motion_has_no_shape() {
    let (mut a, now) = playing(2.0);
    a.reduced_motion = true;
    let s = screen(&mut a, now, (80, 24));
    assert!(!s.contains('█') && s.contains("Breathe in"), "{s}");
    insta::assert_snapshot!("breathe-reduced@80x24", s);
}

#[test]
fn eye_contact() {
    // Breathing takes 30 s; a second into the first look.
    let (mut a, now) = playing(31.0);
    snap_all("gaze-look", &mut a, now);
    // Two seconds into the first look-away: no bands, a thin bar.
    let (mut away, later) = playing(36.0);
    snap_all("gaze-away", &mut away, later);
    // Looking and looking away differ at the edges of the view, where the edge of
    // vision can tell them apart while the eyes are on a mirror or a person.
    let look = screen(&mut a, now, (80, 24));
    let away_shown = screen(&mut away, later, (80, 24));
    let edge = |s: &str| s.lines().nth(1).map(str::to_owned);
    assert_ne!(edge(&look), edge(&away_shown), "the edge looks the same");
    // With reduced motion nothing fills: no bar, the seconds count down.
    let (mut calm, now) = playing(31.0);
    calm.reduced_motion = true;
    let shown = screen(&mut calm, now, (80, 24));
    assert!(
        !shown.contains("▍") && !shown.contains("·····"),
        "a bar fills:\n{shown}"
    );
    insta::assert_snapshot!("gaze-look-reduced@80x24", shown);
}

#[test]
fn prompts_timed_and_waiting() {
    // Breathing 30 s, eye contact 5 × (3 + 6) = 45 s with two completions recorded.
    let (mut a, now) = playing(80.0);
    snap_all("prompt", &mut a, now);
    let (mut a, now) = playing(200.0);
    snap_all("prompt-say-waiting", &mut a, now);
    // Paused, a prompt can still be read: "Paused" stands beside its words, not on them.
    let (mut a, now) = playing(80.0);
    let before = screen(&mut a, now, (80, 24));
    press(&mut a, key(KeyCode::Char(' ')), now);
    let paused = screen(&mut a, now, (80, 24));
    assert!(paused.contains("Paused"), "{paused}");
    let body: Vec<&str> = before.lines().skip(1).take(22).collect();
    for line in body
        .iter()
        .map(|l| l.trim_matches(|c| c == '"' || c == ' '))
    {
        if !line.is_empty() {
            assert!(paused.contains(line), "{line:?} is covered:\n{paused}");
        }
    }
}

#[test]
fn anchor_and_paused() {
    let (mut a, now) = playing(2.0);
    press(&mut a, key(KeyCode::Char('a')), now);
    snap_all("anchor", &mut a, now);
    let (mut a, now) = playing(2.0);
    press(&mut a, key(KeyCode::Char(' ')), now);
    let s = screen(&mut a, now, (80, 24));
    assert!(s.contains("paused") && s.contains("Space resume"), "{s}");
    // Unmistakable: "Paused" and how to go on stand in the middle of the view.
    snap_all("paused", &mut a, now);
    let middle = s.lines().nth(12).unwrap_or_default();
    assert!(
        s.lines().skip(8).take(8).any(|l| l.contains("Paused")),
        "{middle}\n{s}"
    );
}

/// While playing, keys give way by importance where the footer is narrow: stop and the
/// anchor, the safety key, last of all. At 40 columns the anchor was dropped (with back,
/// pace and mute) while `n next` and `b back` stayed.
#[test]
fn a_narrow_footer_keeps_stop_and_the_anchor_longest() {
    let lesser = ["Space ", "n next", "b back", "pace", "m mute", "look away"];
    // Mid-exhale, and a second into the first look.
    for secs in [7.0, 31.0] {
        for width in 20..=80 {
            let (mut a, now) = playing(secs);
            let s = screen(&mut a, now, (width, 12));
            let footer = s.lines().last().unwrap_or_default();
            assert!(footer.contains("q stop"), "{width} columns:\n{s}");
            if lesser.iter().any(|k| footer.contains(k)) {
                assert!(footer.contains("a anchor"), "{width} columns:\n{s}");
            }
        }
        let (mut a, now) = playing(secs);
        let s = screen(&mut a, now, (40, 12));
        let footer = s.lines().last().unwrap_or_default();
        assert!(
            footer.contains("q stop")
                && footer.contains("Space pause")
                && footer.contains("a anchor"),
            "{s}"
        );
    }
}

#[test]
fn closing() {
    let (mut a, now) = playing(200.0);
    press(&mut a, key(KeyCode::Enter), now);
    a.recorded(steady::player::world::Recorded::Counted(3));
    snap_all("closing", &mut a, now);
}

/// A run that is not counted says why, kindly, and at 20x6 it still does, in fewer
/// words (it was cut after "That's the end. You can come back any time."), as does the
/// count of one that is.
#[test]
fn closing_says_why_a_run_is_not_counted_at_every_size() {
    use steady::player::state::Uncounted;
    use steady::player::world::Recorded;
    let joined = |s: &str| {
        s.lines()
            .map(|l| l.trim_matches(|c| c == '"' || c == ' '))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (name, why) in [
        ("closing-all-skipped", Uncounted::AllSkipped),
        ("closing-look-eased", Uncounted::LookEased),
    ] {
        let (mut a, now) = playing(200.0);
        press(&mut a, key(KeyCode::Enter), now);
        a.recorded(Recorded::Uncounted(why));
        let small = joined(&screen(&mut a, now, (20, 6)));
        assert!(small.contains(why.short_words()), "{name}: {small}");
        let large = joined(&screen(&mut a, now, (80, 24)));
        assert!(large.contains(why.words()), "{name}: {large}");
        snap_all(name, &mut a, now);
    }
    let (mut a, now) = playing(200.0);
    press(&mut a, key(KeyCode::Enter), now);
    a.recorded(Recorded::Counted(3));
    let small = joined(&screen(&mut a, now, (20, 6)));
    assert!(small.contains("Completed 3 times."), "{small}");
}

/// Staying at today's look: the preview says what it means and how to let the look grow,
/// and the end says the look stays, beside the count, at every size.
#[test]
fn staying_at_a_look_is_said_in_the_preview_and_at_the_end() {
    use steady::player::world::Recorded;
    let mut a = app();
    let now = Instant::now();
    press(&mut a, key(KeyCode::Char('s')), now);
    let shown = screen(&mut a, now, (80, 24));
    assert!(shown.contains("Staying at this look"), "{shown}");
    snap_all("preview-staying", &mut a, now);
    press(&mut a, key(KeyCode::Char(' ')), now);
    let end = now + Duration::from_secs(200);
    press(&mut a, key(KeyCode::Enter), end);
    a.recorded(Recorded::Counted(3));
    for size in SIZES {
        let s = screen(&mut a, end, size);
        assert!(s.contains("Completed 3 times."), "{s}");
        assert!(s.contains("The look stays"), "{s}");
    }
    snap_all("closing-stayed", &mut a, end);
}

/// From the picker, the closing screen at 20x6 still says that other keys leave: the
/// footer has room only for "Enter another", and the whole line ("Enter for another,
/// any other key to leave.") takes three rows there.
#[test]
fn closing_from_the_picker_says_other_keys_leave_at_20x6() {
    use steady::player::world::Recorded;
    let ex = parse(FIXTURE).exercise.expect("fixture is valid");
    let mut a = App::for_picker(Picker {
        choices: vec![Choice {
            id: "fixture".into(),
            folder: None,
            exercise: ex,
            count: Some(2),
            grown: 0,
            length: "2 min".into(),
        }],
        ..Default::default()
    });
    a.color = false;
    let t = Instant::now();
    // Past the three answers of "Which is closer right now?" to the exercise.
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), t);
    }
    press(&mut a, key(KeyCode::Enter), t);
    // Its preview says what q does there, as its footer does: back to the list.
    let s = screen(&mut a, t, (80, 24));
    assert!(
        s.contains("Space to begin, q to go back") && s.contains("q back"),
        "{s}"
    );
    press(&mut a, key(KeyCode::Char(' ')), t);
    let end = t + Duration::from_secs(3600);
    let _ = a.tick(end);
    press(&mut a, key(KeyCode::Enter), end);
    a.recorded(Recorded::Counted(3));
    let s = screen(&mut a, end, (20, 6));
    for words in ["That's the end.", "Completed 3 times.", "Other keys leave."] {
        assert!(s.contains(words), "no {words:?}:\n{s}");
    }
    assert!(s.contains("Enter another"), "{s}");
    insta::assert_snapshot!("closing-from-picker@20x6", s);
    let s = screen(&mut a, end, (80, 24));
    assert!(s.contains(steady::words::ANOTHER), "{s}");
}

#[test]
fn picker_with_and_without_a_filter() {
    let ex = |t: &str, tags: &[&str]| {
        let tags: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
        // The routines suit a revved-up body; the others say nothing.
        let suits = if tags.contains(&"\"routine\"".to_string()) {
            "format = 2\nfor = [\"revved-up\"]\n"
        } else {
            ""
        };
        parse(&format!(
            "title = {t:?}\nabout = \"What {t} is, in a sentence or two that may well run past one line.\"\n\
            tags = [{}]\n{suits}[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 60\n",
            tags.join(", ")
        ))
        .exercise
        .expect("valid")
    };
    let choice = |id: &str, title: &str, tags: &[&str], count| {
        let exercise = ex(title, tags);
        let length = Timeline::compile(&exercise, 0).length_text();
        Choice {
            id: id.into(),
            folder: None,
            exercise,
            count,
            grown: 0,
            length: length.trim_start_matches("about ").into(),
        }
    };
    let picker = Picker {
        choices: vec![
            choice(
                "before-conversation",
                "Before a difficult conversation",
                &["routine"],
                Some(4),
            ),
            choice(
                "after-conversation",
                "After a difficult conversation",
                &["routine"],
                None,
            ),
            choice(
                "long-exhale",
                "Longer exhale",
                &["breathing", "short"],
                Some(12),
            ),
            choice("five-senses", "5-4-3-2-1 senses", &["grounding"], None),
        ],
        show_counts: true,
        ..Default::default()
    };
    let mut a = App::for_picker(picker);
    a.color = false;
    let now = Instant::now();
    snap_all("picker", &mut a, now);
    // Past the question: the pane says what the highlighted exercise is.
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), now);
    }
    snap_all("picker-pane", &mut a, now);
    // An answer: what suits it first, marked, and said above the list.
    press(&mut a, key(KeyCode::Up), now);
    press(&mut a, key(KeyCode::Up), now);
    press(&mut a, key(KeyCode::Enter), now);
    insta::assert_snapshot!("picker-revved-up@80x24", screen(&mut a, now, (80, 24)));
    // At 40 columns "suits this" has no room: a mark in the margin says it. (Revved
    // up, which the routines suit; nothing suits the answer above.)
    let mut revved = a.clone();
    press(&mut revved, key(KeyCode::Esc), now);
    press(&mut revved, key(KeyCode::Home), now);
    press(&mut revved, key(KeyCode::Enter), now);
    let narrow = screen(&mut revved, now, (40, 12));
    let marked: Vec<&str> = narrow.lines().filter(|l| l.starts_with("\" •")).collect();
    assert_eq!(marked.len(), 2, "the two routines:\n{narrow}");
    assert!(marked.iter().all(|l| l.contains("conv")), "{narrow}");
    insta::assert_snapshot!("picker-revved-up@40x12", narrow);
    press(&mut a, key(KeyCode::Esc), now);
    for c in "breath".chars() {
        press(&mut a, key(KeyCode::Char(c)), now);
    }
    insta::assert_snapshot!("picker-filtered@80x24", screen(&mut a, now, (80, 24)));
}

#[test]
fn picker_lengths_under_two_minutes_are_to_the_second_and_line_up() {
    let choice = |id: &str, title: &str, seconds: &str, until: bool| {
        // An untimed step after a timed one: "20 s + your pace".
        let until = if until {
            "[[step]]\nkind = \"prompt\"\ntext = \"y\"\nuntil = \"key\"\n"
        } else {
            ""
        };
        let exercise = parse(&format!(
            "title = {title:?}\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = {seconds}\n{until}"
        ))
        .exercise
        .expect("valid");
        let length = Timeline::compile(&exercise, 0).length_text();
        Choice {
            id: id.into(),
            folder: None,
            exercise,
            count: None,
            grown: 0,
            length: length.trim_start_matches("about ").into(),
        }
    };
    let picker = Picker {
        choices: vec![
            choice("a", "Eighty seconds", "80", false),
            choice("b", "Forty-seven seconds", "47", false),
            choice("c", "Three minutes", "175", false),
            choice("d", "At your pace", "20", true),
        ],
        show_counts: true,
        ..Default::default()
    };
    let mut a = App::for_picker(picker);
    a.color = false;
    let now = Instant::now();
    // Past the question, so that every exercise is in view.
    for _ in 0..6 {
        press(&mut a, key(KeyCode::Down), now);
    }
    for size in [(80, 24), (40, 12)] {
        insta::assert_snapshot!(
            format!("picker-lengths@{}x{}", size.0, size.1),
            screen(&mut a, now, size)
        );
    }
}

#[test]
fn too_small_says_so_at_every_tiny_size() {
    let (mut a, now) = playing(2.0);
    for (w, h) in [(19, 6), (20, 5), (10, 3), (1, 1)] {
        let s = screen(&mut a, now, (w, h));
        if w >= 10 && h >= 3 {
            assert!(s.contains("small"), "{w}x{h}: {s}");
        }
    }
    insta::assert_snapshot!("too-small@19x6", screen(&mut a, now, (19, 6)));
}

#[test]
fn the_shape_grows_on_the_inhale_and_shrinks_on_the_exhale() {
    let filled = |secs: f64| {
        let (mut a, now) = playing(secs);
        screen(&mut a, now, (80, 24)).matches('█').count()
    };
    let sizes: Vec<usize> = [0.5, 1.5, 2.5, 3.5, 4.5, 6.0, 8.0, 9.5]
        .iter()
        .map(|&s| filled(s))
        .collect();
    assert!(
        sizes[..4].windows(2).all(|w| w[0] < w[1]),
        "inhale grows: {sizes:?}"
    );
    assert!(
        sizes[4..].windows(2).all(|w| w[0] > w[1]),
        "exhale shrinks: {sizes:?}"
    );
    // A fixed largest size, whatever the window.
    let big = {
        let (mut a, now) = playing(3.99);
        screen(&mut a, now, (300, 100)).matches('█').count()
    };
    assert!(big <= 21 * 11, "{big}");
}

#[test]
fn line_breaks_and_tabs_in_an_authors_text_never_reach_the_terminal_as_controls() {
    let src = "title = \"Tabs\"\nabout = \"one\\n\\ttwo\"\nnote = \"a\\tb\\nc\"\nanchor = \"x\\ny\\tz\"\n\
        [[step]]\nkind = \"prompt\"\ntitle = \"T\"\ntext = \"line one\\n\\tline two\"\nseconds = 5\n\
        [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 2\nrounds = 1\nsetup = \"mirror\\n\\tphoto\"\n";
    let ex = parse(src).exercise.expect("valid");
    let t0 = Instant::now();
    let mut a = App::for_exercise(Current::new("tabs".into(), ex, None));
    let mut screens = vec![screen(&mut a, t0, (80, 24))];
    press(&mut a, key(KeyCode::Char(' ')), t0);
    screens.push(screen(&mut a, t0, (80, 24)));
    press(&mut a, key(KeyCode::Char('a')), t0);
    screens.push(screen(&mut a, t0, (80, 24)));
    for s in &screens {
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
    }
    assert!(
        screens[0].contains("    two") && screens[1].contains("    line two"),
        "{}",
        screens[1]
    );
}

#[test]
fn the_readme_shows_the_player_as_it_really_draws() {
    let (mut a, now) = playing(7.0);
    let drawn: Vec<String> = screen(&mut a, now, (80, 24))
        .lines()
        .map(|l| l.trim_matches('"').trim_end().to_owned())
        .collect();
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(&format!("```text\n{}\n```", drawn.join("\n"))),
        "README's capture differs from the player:\n{}",
        drawn.join("\n")
    );
}

/// A problem in the config file is read in the picker and the preview, before anything
/// starts, even where the footer has no room for it: a long notice gets lines of its own.
#[test]
fn a_config_problem_too_long_for_the_footer_is_shown_in_the_picker_and_the_preview() {
    let notice = "config.toml line 3: unknown setting `reduce_motion` (the other settings apply)";
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut preview = app();
    preview.notice = Some(notice.into());
    let ex = parse(FIXTURE).exercise.expect("fixture is valid");
    let mut picker = App::for_picker(Picker {
        choices: vec![Choice {
            id: "fixture".into(),
            folder: None,
            exercise: ex,
            count: None,
            grown: 0,
            length: "2 min".into(),
        }],
        ..Default::default()
    });
    picker.color = false;
    picker.notice = Some(notice.into());
    for (what, a) in [("preview", &mut preview), ("picker", &mut picker)] {
        for size in [(80, 24), (40, 12)] {
            let s = screen(a, Instant::now(), size);
            // The rows as text, each row's quotes taken off, so a wrapped notice reads on.
            let rows: Vec<&str> = s.lines().map(|l| l.trim_matches('"')).collect();
            assert!(
                flat(&rows.join(" ")).contains(notice),
                "{what} at {size:?}:\n{s}"
            );
        }
        let s = screen(a, Instant::now(), (80, 24));
        let footer = s.lines().last().unwrap_or_default();
        assert!(!footer.contains("reduce_motion"), "shown once: {s}");
    }
    // A short notice stays in the footer where the keys leave room, else it has its
    // own line above; either way it is on screen once.
    preview.notice = Some("not counting".into());
    let s = screen(&mut preview, Instant::now(), (80, 24));
    let footer = s.lines().last().unwrap_or_default();
    assert!(footer.contains("not counting"), "{s}");
    preview.notice = Some("not counting this practice".into());
    let s = screen(&mut preview, Instant::now(), (80, 24));
    assert_eq!(s.matches("not counting this practice").count(), 1, "{s}");
}

#[test]
fn the_header_shows_the_round_and_the_steps_title() {
    let src = "title = \"Rounds\"\nformat = 2\n\
        [[step]]\nkind = \"repeat\"\ntimes = 3\n\
        [[step.step]]\nkind = \"breathe\"\ntitle = \"Longer out\"\ninhale = 4\nexhale = 6\ncycles = 1\n\
        [[step.step]]\nkind = \"prompt\"\ntitle = \"Check-in\"\ntext = \"How is it now?\"\nseconds = 5\nuntil = \"key\"\n";
    let ex = parse(src).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("rounds".into(), ex, None));
    a.color = false;
    let t0 = Instant::now();
    press(&mut a, key(KeyCode::Char(' ')), t0);
    // Round 1's check-in, moved on with Enter: round 2's breathing.
    let at = t0 + Duration::from_secs(11);
    a.tick(at);
    press(&mut a, key(KeyCode::Enter), at);
    let later = at + Duration::from_secs(2);
    a.tick(later);
    insta::assert_snapshot!("round-header@80x24", screen(&mut a, later, (80, 24)));
}

#[test]
fn no_essential_text_is_drawn_in_palette_colour_8() {
    // Dark grey is the background colour in Solarized Dark and similar themes.
    let mut screens = Vec::new();
    let mut a = app();
    a.color = true;
    screens.push(render(&mut a, Instant::now()));
    let (mut p, now) = playing(7.0);
    p.color = true;
    screens.push(render(&mut p, now));
    press(&mut p, key(KeyCode::Char(' ')), now);
    screens.push(render(&mut p, now));
    // Eye contact, looking, with its bands.
    let (mut g, now) = playing(31.0);
    g.color = true;
    screens.push(render(&mut g, now));
    // The picker, with a file that has errors (dimmed, never grey).
    let mut picker = App::for_picker(Picker {
        broken: vec![steady::player::state::Broken {
            id: "typo".into(),
            path: "/tmp/typo.toml".into(),
        }],
        ..Default::default()
    });
    picker.color = true;
    screens.push(render(&mut picker, now));
    for _ in 0..3 {
        press(&mut picker, key(KeyCode::Down), now);
    }
    let shown = render(&mut picker, now);
    let text: String = shown.content().iter().map(|c| c.symbol()).collect();
    assert!(
        text.contains("has errors: steady check /tmp/typo.toml"),
        "{text}"
    );
    screens.push(shown);
    for buf in screens {
        for cell in buf.content() {
            assert_ne!(
                cell.fg,
                ratatui::style::Color::DarkGray,
                "{:?}",
                cell.symbol()
            );
        }
    }
}

fn render(app: &mut App, now: Instant) -> ratatui::buffer::Buffer {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let v = ui::visible(app, now, 80, 24);
    let mut measured = Default::default();
    t.draw(|f| measured = ui::draw(f, app, &v)).expect("draw");
    app.measured(measured);
    t.backend().buffer().clone()
}

#[test]
fn the_preview_wraps_at_a_readable_width_in_a_wide_window() {
    let about = "A sentence that goes on for a while. ".repeat(10);
    let src = format!(
        "title = \"Wide\"\nabout = \"{about}\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 2\n"
    );
    let ex = parse(&src).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("wide".into(), ex, None));
    a.color = false;
    let s = screen(&mut a, Instant::now(), (200, 60));
    // The header and footer span the drawing area; the text stops near 80 columns.
    let body_widest = s
        .lines()
        .skip(1)
        .take(57)
        .map(|l| l.trim_matches('"').trim().chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        (60..=80).contains(&body_widest),
        "{body_widest} columns\n{s}"
    );
}

const TAPPING: &str = r#"
title = "Tapping fixture"
format = 2

[[step]]
kind = "tap"
title = "Butterfly"
text = "Arms crossed, hands below the collarbones."
beat = 1
taps = 6
"#;

/// A tap step: its words and the time before the first tap, then the marks, the side
/// to tap filled, its word and how many; with reduced motion, no mark is filled.
#[test]
fn tapping_shows_its_words_first_then_the_side_to_tap() {
    let ex = parse(TAPPING).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("tapping".into(), ex, None));
    a.color = false;
    let t0 = Instant::now();
    press(&mut a, key(KeyCode::Char(' ')), t0);
    snap_all("tap-lead-in", &mut a, t0 + Duration::from_millis(500));
    // The lead-in: "Butterfly" and the text, about 3 s, then 3 s more.
    let lead = Duration::from_secs(6);
    snap_all("tap-left", &mut a, t0 + lead + Duration::from_millis(500));
    let right = screen(&mut a, t0 + lead + Duration::from_millis(1500), (40, 12));
    assert!(
        right.contains("○         ●") && right.contains("Right"),
        "{right}"
    );
    a.reduced_motion = true;
    let still = screen(&mut a, t0 + lead + Duration::from_millis(2500), (40, 12));
    assert!(
        still.contains("○         ○") && still.contains("Left"),
        "{still}"
    );
}

/// `?` while playing: the keys of the practice, each with what it does, and how to
/// close the list, at every size (scrolled where it does not fit).
#[test]
fn help() {
    let (mut a, now) = playing(2.0);
    press(&mut a, key(KeyCode::Char('?')), now);
    // Ctrl-Z is listed only where it can step aside: the pictures are Unix's.
    if cfg!(unix) {
        snap_all("help", &mut a, now);
    }
    // At 20x6 the rest of the list is reached with ↓ (or PgDn), and its end says so.
    let (w, h) = (20, 6);
    let first = screen(&mut a, now, (w, h));
    assert!(first.contains("↓↑ more"), "{first}");
    let mut last = first;
    for _ in 0..200 {
        press(&mut a, key(KeyCode::Down), now);
        last = screen(&mut a, now, (w, h));
    }
    let rows = steady::player::keys::listed(steady::player::keys::screen(&a));
    let (_, words) = rows.last().expect("keys");
    let end = words.split_whitespace().last().expect("words");
    assert!(
        last.contains(end),
        "the list's end, {end:?}, is never reached:\n{last}"
    );
    if cfg!(unix) {
        insta::assert_snapshot!("help-end@20x6", last);
    }
}

/// Every key of the practice's table is on the list `?` shows, with the manual's words
/// for it: the list is made from the table, so the two can't drift.
#[test]
fn every_key_while_playing_is_on_the_help_screen() {
    use steady::player::keys::{self, PLAYING};
    let (mut a, now) = playing(2.0);
    press(&mut a, key(KeyCode::Char('?')), now);
    // Tall enough for all of it; rows may wrap under their key, so spaces are evened out.
    let shown = screen(&mut a, now, (80, 48));
    let shown: Vec<&str> = shown
        .lines()
        .flat_map(|l| l.trim_matches('"').split_whitespace())
        .collect();
    let shown = shown.join(" ");
    // The fixture has no choice, so the numbers are not among its keys.
    for b in PLAYING
        .iter()
        .filter(|b| !matches!(b.action, Action::Choose(_)))
    {
        let words = keys::manual(b.action).expect("words");
        let row = format!("{} {words}", keys::names(b));
        assert!(shown.contains(&row), "{row:?} is not on the list:\n{shown}");
    }
}

/// The highlighted row and the countdown read on a light theme as on a dark one: the
/// row is reversed and bold in the terminal's own colours (no hue), the count is bold;
/// `accent = "none"` leaves no colour anywhere, and another accent is the one used.
#[test]
fn the_highlight_and_the_countdown_do_not_rest_on_a_hue() {
    use ratatui::style::{Color, Modifier};
    use steady::player::state::Accent;
    let now = Instant::now();
    let mut picker = App::for_picker(Picker {
        choices: vec![Choice {
            id: "fixture".into(),
            folder: None,
            exercise: parse(FIXTURE).exercise.expect("valid"),
            count: None,
            grown: 0,
            length: "2 min".into(),
        }],
        ..Default::default()
    });
    picker.color = true;
    let buf = render(&mut picker, now);
    let row = (0..24)
        .find(|&y| {
            (0..80)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .contains("Revved up")
        })
        .expect("the first row is highlighted");
    let cell = &buf[(3, row)];
    assert!(
        cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD),
        "{cell:?}"
    );
    assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");

    // The breathing count, 2 s into a 4 s inhale: "2", bold, in the accent.
    for (accent, fg) in [
        (Accent::Cyan, Color::Cyan),
        (Accent::Magenta, Color::Magenta),
        (Accent::None, Color::Reset),
    ] {
        let (mut a, now) = playing(2.0);
        a.color = true;
        a.accent = accent;
        let buf = render(&mut a, now);
        let count = buf
            .content()
            .iter()
            .enumerate()
            .find(|(i, c)| {
                c.symbol() == "2"
                    && buf.content().get(i + 1).is_some_and(|n| n.symbol() == " ")
                    && buf.content().get(i - 1).is_some_and(|n| n.symbol() == " ")
            })
            .map(|(_, c)| c.clone())
            .expect("the count");
        assert!(
            count.modifier.contains(Modifier::BOLD),
            "{accent:?}: {count:?}"
        );
        assert_eq!(count.fg, fg, "{accent:?}");
        if accent == Accent::None {
            assert!(
                buf.content().iter().all(|c| c.fg == Color::Reset),
                "no colour with accent = \"none\""
            );
        }
    }
}

/// At 20x6 a prompt longer than the window can be read to its end: ↓ (or PgDn) pages
/// down, ↑ (or PgUp) back, the last row keeps the timer and says which way there is
/// more, and the breathing pace, which ↓↑ change elsewhere, stays as it was.
#[test]
fn a_prompt_longer_than_a_tiny_window_scrolls_to_its_end() {
    let (mut a, now) = playing(80.0);
    let size = (20, 6);
    let first = screen(&mut a, now, size);
    assert!(first.contains("↓ more · 0:25"), "{first}");
    assert!(!first.contains("counts"), "it all fits already:\n{first}");
    let mut last = first.clone();
    for _ in 0..20 {
        press(&mut a, key(KeyCode::Down), now);
        last = screen(&mut a, now, size);
    }
    assert!(
        last.contains("counts."),
        "the end is never reached:\n{last}"
    );
    assert!(last.contains("↑ back · 0:25"), "{last}");
    assert_eq!(
        a.pace_percent(),
        100,
        "↓ scrolled, it did not slow the breathing"
    );
    for _ in 0..20 {
        press(&mut a, key(KeyCode::PageUp), now);
    }
    assert_eq!(screen(&mut a, now, size), first, "back to the top");
    press(&mut a, key(KeyCode::PageDown), now);
    assert_ne!(screen(&mut a, now, size), first, "PgDn pages too");
    // The next prompt starts at its top.
    a.tick(now + Duration::from_secs(26));
    let next = screen(&mut a, now + Duration::from_secs(26), size);
    assert!(next.contains("Say, aloud"), "{next}");
    // Where it all fits, nothing scrolls and nothing says so.
    let shown = screen(&mut a, now, (80, 24));
    assert!(!shown.contains("↓ more"), "{shown}");
}

/// A choice: the question, the options lined up with their numbers, and that Enter
/// alone chooses none; in a small window the options come first.
#[test]
fn a_choice_offers_its_options_by_number() {
    let ex = parse(crate::format2::choosing::CHOICE)
        .exercise
        .expect("valid");
    let mut a = App::for_exercise(Current::new("choice".into(), ex, None));
    a.color = false;
    let t0 = Instant::now();
    press(&mut a, key(KeyCode::Char(' ')), t0);
    snap_all("choice", &mut a, t0);
    press(&mut a, key(KeyCode::Char('2')), t0);
    let chosen = screen(&mut a, t0, (40, 12));
    assert!(
        chosen.contains("Hands") && chosen.contains("Notice your hands."),
        "{chosen}"
    );
}

/// The `?` list names the keys that do something in this practice: no eye-contact look
/// keys for tapping, no breathing pace, no numbers without a choice; the fixture, which
/// breathes and looks, keeps them.
#[test]
fn the_keys_listed_are_the_ones_that_work_in_this_practice() {
    // Rows may wrap under their key: the words with spaces evened out.
    let listed = |a: &mut App, now: Instant| {
        press(a, key(KeyCode::Char('?')), now);
        let s = screen(a, now, (80, 40));
        press(a, key(KeyCode::Char('?')), now);
        s.lines()
            .flat_map(|l| l.trim_matches('"').split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let ex = parse(TAPPING).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("tapping".into(), ex, None));
    let t0 = Instant::now();
    let preview = listed(&mut a, t0);
    assert!(!preview.contains("eye-contact look"), "{preview}");
    press(&mut a, key(KeyCode::Char(' ')), t0);
    let playing = listed(&mut a, t0);
    assert!(!playing.contains("breathe more slowly"), "{playing}");
    assert!(!playing.contains("at a choice"), "{playing}");
    assert!(
        playing.contains("during a look, look away now"),
        "{playing}"
    );
    let mut a = app();
    let preview = listed(&mut a, t0);
    assert!(preview.contains("eye-contact look"), "{preview}");
    press(&mut a, key(KeyCode::Char(' ')), t0);
    let playing = listed(&mut a, t0);
    assert!(playing.contains("breathe more slowly"), "{playing}");
}

/// While a timed prompt's clock waits for its words (the voice on), the clock says so,
/// so it never looks stuck; once they are said, the clock alone.
#[test]
fn a_prompt_held_for_its_words_says_why_its_clock_waits() {
    let src =
        "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = \"Notice your feet.\"\nseconds = 10\n";
    let ex = parse(src).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("t".into(), ex, None));
    a.voice = true;
    let t0 = Instant::now();
    press(&mut a, key(KeyCode::Char(' ')), t0);
    let held = screen(&mut a, t0 + Duration::from_secs(1), (80, 24));
    assert!(held.contains("0:10 once the words are said"), "{held}");
    a.words_ended(t0 + Duration::from_secs(2));
    let running = screen(&mut a, t0 + Duration::from_secs(3), (80, 24));
    assert!(
        running.contains("0:09") && !running.contains("once the words"),
        "{running}"
    );
}

/// Where titles would be cut, the picker says "+ your pace" as "+", so the titles keep
/// the room; where they fit, it says it whole.
#[test]
fn a_narrow_picker_gives_its_room_to_the_titles() {
    let choice = |title: &str, length: &str| Choice {
        id: title.to_lowercase().replace(' ', "-"),
        folder: None,
        exercise: parse(&format!(
            "title = {title:?}\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 60\n"
        ))
        .exercise
        .expect("valid"),
        count: None,
        grown: 0,
        length: length.into(),
    };
    let mut a = App::for_picker(Picker {
        choices: vec![
            choice("A break in a hard conversation", "20 min + your pace"),
            choice("Before a difficult conversation", "3½ min"),
        ],
        ..Default::default()
    });
    a.color = false;
    let narrow = screen(&mut a, Instant::now(), (40, 12));
    assert!(
        narrow.contains("A break in a hard conversat…  20 min+"),
        "{narrow}"
    );
    let wide = screen(&mut a, Instant::now(), (80, 24));
    assert!(wide.contains("20 min + your pace"), "{wide}");
}
