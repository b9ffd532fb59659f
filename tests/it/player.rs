//! The player's keys and loop, driven by scripted keys and an injected clock on a
//! TestBackend: stop works everywhere, nothing starts before Space, the end is recorded
//! once, and a paused screen is not redrawn.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::harness::tui::{Counting, Script, Step, key};
use crate::harness::{FakeClock, Recorder};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use steady::exercise::load::parse;
use steady::player::state::{App, Choice, Current, Effect, Outcome, Picker, ScreenKind as Screen};
use steady::player::terminal as play;
use steady::player::terminal::press;
use steady::player::world::Recorded;

const SHORT: &str = "title = \"Short\"\n\
    [[step]]\nkind = \"prompt\"\ntext = \"Feet\"\nseconds = 2\n\
    [[step]]\nkind = \"breathe\"\ninhale = 1\nexhale = 2\ncycles = 2\n\
    [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 3\nrounds = 1\ngrow = 1\nmax_look = 4\n";

fn ctrl_c() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
}

fn app() -> App {
    let ex = parse(SHORT).exercise.expect("valid");
    App::for_exercise(Current::new("short".into(), ex, None))
}

fn picker() -> App {
    let choice = |id: &str| Choice {
        id: id.into(),
        folder: None,
        exercise: parse(&SHORT.replace("Short", id)).exercise.expect("valid"),
        count: None,
        grown: 0,
        length: "15 s".into(),
    };
    App::for_picker(Picker {
        choices: vec![choice("slow"), choice("sigh")],
        ..Default::default()
    })
}

#[test]
fn stop_keys_end_every_screen_at_once() {
    let t = Instant::now();
    for stop in [key(KeyCode::Char('q')), key(KeyCode::Esc), ctrl_c()] {
        let mut a = app();
        press(&mut a, stop, t);
        assert_eq!(a.outcome, Some(Outcome::Left), "preview");

        let mut a = app();
        press(&mut a, key(KeyCode::Char(' ')), t);
        press(&mut a, stop, t + Duration::from_millis(2500));
        assert_eq!(a.outcome, Some(Outcome::Stopped), "playing");

        let mut a = app();
        press(&mut a, key(KeyCode::Char(' ')), t);
        press(&mut a, key(KeyCode::Char('a')), t);
        press(&mut a, stop, t);
        assert_eq!(a.outcome, Some(Outcome::Stopped), "anchor");

        let mut a = app();
        press(&mut a, key(KeyCode::Char(' ')), t);
        press(&mut a, key(KeyCode::Char(' ')), t);
        press(&mut a, stop, t);
        assert_eq!(a.outcome, Some(Outcome::Stopped), "paused");
    }
    let mut a = picker();
    press(&mut a, ctrl_c(), t);
    assert_eq!(a.outcome, Some(Outcome::Left), "picker");
}

#[test]
fn nothing_starts_before_space_and_the_first_cue_starts_with_it() {
    let t = Instant::now();
    let mut a = app();
    assert!(a.tick(t + Duration::from_secs(60)).is_empty());
    assert_eq!(a.kind(), Screen::Preview);
    let effects = press(&mut a, key(KeyCode::Char(' ')), t + Duration::from_secs(60));
    assert_eq!(effects, vec![Effect::CueStarted(0)]);
    assert_eq!(
        a.tick(t + Duration::from_secs(62)),
        vec![Effect::CueStarted(1)]
    );
}

#[test]
fn the_end_is_recorded_once_the_moment_it_is_reached_even_by_skipping() {
    let t = Instant::now();
    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    // 2 s prompt, 2 × 3 s breathing, 2 + 3 s eye contact: 13 s.
    assert!(
        !a.tick(t + Duration::from_millis(12_999))
            .contains(&Effect::Completed)
    );
    assert_eq!(a.tick(t + Duration::from_secs(13)), vec![Effect::Completed]);
    assert_eq!(a.kind(), Screen::Closing);
    assert!(a.tick(t + Duration::from_secs(14)).is_empty());
    press(&mut a, key(KeyCode::Char('x')), t + Duration::from_secs(15));
    assert_eq!(a.outcome, Some(Outcome::Completed));

    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    let mut completed = 0;
    for _ in 0..3 {
        completed += press(&mut a, key(KeyCode::Char('n')), t)
            .iter()
            .filter(|e| **e == Effect::Completed)
            .count();
    }
    assert_eq!(completed, 1);
    assert_eq!(a.kind(), Screen::Closing);
}

#[test]
fn the_anchor_pauses_and_space_resumes() {
    let t = Instant::now();
    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    press(&mut a, key(KeyCode::Char('a')), t + Duration::from_secs(1));
    assert!(a.anchor_open());
    assert_eq!(
        steady::ui::next_change(&a, t + Duration::from_secs(1), 80),
        None,
        "nothing moves under the anchor"
    );
    press(
        &mut a,
        key(KeyCode::Char(' ')),
        t + Duration::from_secs(100),
    );
    assert!(!a.anchor_open());
    // One second of the prompt was used before the anchor: one is left.
    assert_eq!(
        a.tick(t + Duration::from_millis(100_999)),
        Vec::<Effect>::new()
    );
    assert_eq!(
        a.tick(t + Duration::from_secs(101)),
        vec![Effect::CueStarted(1)]
    );
}

#[test]
fn the_picker_filters_as_you_type_and_q_types_once_there_is_a_filter() {
    let t = Instant::now();
    let mut a = picker();
    press(&mut a, key(KeyCode::Char('s')), t);
    press(&mut a, key(KeyCode::Char('q')), t);
    assert_eq!(a.outcome, None, "q leaves only when the filter is empty");
    assert_eq!(a.picker().unwrap().filter, "sq");
    assert!(a.picker().unwrap().visible().is_empty());
    press(&mut a, key(KeyCode::Backspace), t);
    press(&mut a, key(KeyCode::Char('i')), t);
    assert_eq!(a.picker().unwrap().visible(), vec![1]);
    press(&mut a, key(KeyCode::Esc), t);
    assert_eq!(
        a.picker().unwrap().filter,
        "",
        "Esc clears the filter first"
    );
    // Past the question's three answers, to the second exercise.
    for _ in 0..4 {
        press(&mut a, key(KeyCode::Down), t);
    }
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(a.kind(), Screen::Preview);
    assert_eq!(a.current().unwrap().id, "sigh");

    let mut a = picker();
    press(&mut a, key(KeyCode::Esc), t);
    assert_eq!(
        a.outcome,
        Some(Outcome::Left),
        "Esc leaves once the filter is empty"
    );
}

/// "Which is closer right now?": the list opens with its answers (revved up, shut
/// down, not sure or both); one puts the exercises that suit it first, Esc returns to
/// the usual order and the question, and a file with errors is listed, opening
/// nothing.
#[test]
fn the_pickers_question_orders_the_list_for_the_answer_and_esc_undoes_it() {
    use steady::exercise::State;
    use steady::player::state::{Answer, Broken, Row};
    let t = Instant::now();
    let mut a = picker();
    let shut = SHORT.replace(
        "title = \"Short\"",
        "title = \"Press\"\nformat = 2\nfor = [\"shut-down\"]",
    );
    let mut p = a.picker().unwrap().clone();
    p.choices.push(Choice {
        id: "press".into(),
        folder: None,
        exercise: parse(&shut).exercise.expect("valid"),
        count: None,
        grown: 0,
        length: "15 s".into(),
    });
    p.broken.push(Broken {
        id: "typo".into(),
        path: "/tmp/typo.toml".into(),
    });
    a = App::for_picker(p);
    let rows = |a: &App| a.picker().unwrap().rows();
    assert_eq!(
        rows(&a),
        vec![
            Row::Ask(Answer::Closer(State::RevvedUp)),
            Row::Ask(Answer::Closer(State::ShutDown)),
            Row::Ask(Answer::NotSure),
            Row::Choice(0),
            Row::Choice(1),
            Row::Choice(2),
            Row::Broken(0)
        ]
    );
    press(&mut a, key(KeyCode::Down), t);
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(a.kind(), Screen::Picker, "an answer opens nothing");
    assert_eq!(
        a.picker().unwrap().state,
        Some(Answer::Closer(State::ShutDown))
    );
    assert_eq!(
        rows(&a),
        vec![
            Row::Choice(2),
            Row::Choice(0),
            Row::Choice(1),
            Row::Broken(0)
        ],
        "what suits it first, then the usual order"
    );
    assert!(a.picker().unwrap().suits(2) && !a.picker().unwrap().suits(0));
    assert_eq!(a.picker().unwrap().selected, 0);
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(a.current().unwrap().id, "press");
    press(&mut a, key(KeyCode::Esc), t);
    assert_eq!(a.kind(), Screen::Picker);
    press(&mut a, key(KeyCode::Esc), t);
    assert_eq!(a.outcome, None, "Esc first returns to the usual order");
    assert_eq!(a.picker().unwrap().state, None);
    assert_eq!(rows(&a).len(), 7, "the question again");
    // The file with errors is there, and Enter on it opens nothing.
    for _ in 0..6 {
        press(&mut a, key(KeyCode::Down), t);
    }
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(a.kind(), Screen::Picker);
    press(&mut a, key(KeyCode::Esc), t);
    assert_eq!(a.outcome, Some(Outcome::Left));
}

#[test]
fn up_and_down_in_the_preview_change_todays_hold_within_its_bounds() {
    let t = Instant::now();
    let mut a = app();
    let look = |a: &App| a.current().unwrap().look_today().unwrap();
    assert_eq!(look(&a), Duration::from_secs(2));
    for _ in 0..10 {
        press(&mut a, key(KeyCode::Up), t);
    }
    assert_eq!(look(&a), Duration::from_secs(4), "capped by max_look");
    for _ in 0..20 {
        press(&mut a, key(KeyCode::Down), t);
    }
    assert_eq!(
        look(&a),
        Duration::from_millis(500),
        "never below half a second"
    );
    press(&mut a, key(KeyCode::Up), t);
    assert_eq!(
        look(&a),
        Duration::from_secs(1),
        "one step up from the floor"
    );
}

#[test]
fn up_in_the_preview_stops_before_the_practice_would_pass_four_hours() {
    // 2,700 rounds of a 2 s look and 3 s away: 3 h 45 min as written. The default
    // ceiling of 8 s would make it 9 h 45 min; each ↑ adds half a second a round.
    let src = "title = \"Long\"\n[[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 3\nrounds = 2700\n";
    let ex = parse(src).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("long".into(), ex, None));
    let t = Instant::now();
    for _ in 0..20 {
        press(&mut a, key(KeyCode::Up), t);
    }
    let cur = a.current().unwrap();
    assert!(
        cur.timeline.total() < steady::exercise::MAX_TOTAL,
        "{:?}",
        cur.timeline.total()
    );
    assert_eq!(cur.look_today(), Some(Duration::from_millis(2_000)));
}

#[test]
fn pace_keys_slow_breathing_in_ten_percent_steps() {
    let t = Instant::now();
    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), t);
    }
    assert_eq!(a.pace_percent(), 70);
    for _ in 0..9 {
        press(&mut a, key(KeyCode::Up), t);
    }
    assert_eq!(a.pace_percent(), 100);
}

fn run(steps: Vec<Step>) -> (Outcome, Recorder, usize, Script) {
    run_from(app(), steps)
}

fn run_from(mut a: App, steps: Vec<Step>) -> (Outcome, Recorder, usize, Script) {
    let frames = Rc::new(Cell::new(0));
    let clock = FakeClock::at(Instant::now());
    let mut terminal = Counting::terminal(80, 24, &frames);
    let mut script = Script::new(steps, &clock, &frames);
    let mut edges = Recorder::default().frames(frames.clone());
    let outcome = play::run(
        &mut terminal,
        &mut a,
        &mut script,
        &clock,
        &mut edges,
        &AtomicBool::new(false),
    )
    .unwrap();
    let n = frames.get();
    (outcome, edges, n, script)
}

#[test]
fn the_loop_plays_to_the_end_records_once_and_leaves_on_a_key() {
    let (outcome, edges, _, _) = run(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(20)),
        Step::Key(key(KeyCode::Char('x'))),
    ]);
    assert_eq!(outcome, Outcome::Completed);
    assert_eq!(edges.recorded, ["short"]);
    // Every cue reported once, in order: prompt, 2 × (in, out), look, away.
    assert_eq!(edges.cues, [0, 1, 2, 3, 4, 5, 6]);
}

#[test]
fn the_world_hears_of_the_first_screen_once_it_is_drawn_and_only_then() {
    // Sound looks for its device only then, so that never delays the first frame.
    let (_, edges, frames, _) = run(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(3)),
    ]);
    assert!(frames > 2, "{frames} frames");
    assert_eq!(edges.shown, [1], "told after the first frame, and once");
}

/// In the picker nothing plays, so the sound system is not opened there (it can write
/// its own files in the home folder): only once a preview is out.
#[test]
fn the_picker_opens_nothing_of_the_sound_system() {
    let (_, edges, frames, _) = run_from(
        picker(),
        vec![
            Step::Wait(Duration::from_secs(2)),
            Step::Key(key(KeyCode::Char('x'))),
            Step::Key(key(KeyCode::Esc)),
            Step::Key(key(KeyCode::Esc)),
        ],
    );
    assert!(frames > 1, "{frames} frames");
    assert!(edges.shown.is_empty(), "{:?}", edges.shown);
    let (_, edges, _, _) = run_from(
        picker(),
        vec![
            Step::Wait(Duration::from_secs(1)),
            Step::Key(key(KeyCode::Down)),
            Step::Key(key(KeyCode::Down)),
            Step::Key(key(KeyCode::Down)),
            Step::Key(key(KeyCode::Enter)),
            Step::Wait(Duration::from_secs(1)),
            Step::Key(key(KeyCode::Char('q'))),
            Step::Key(key(KeyCode::Esc)),
        ],
    );
    assert_eq!(edges.shown.len(), 1, "told once the preview is out");
}

#[test]
fn a_stop_records_nothing() {
    let (outcome, edges, _, _) = run(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(5)),
        Step::Key(key(KeyCode::Char('q'))),
    ]);
    assert_eq!(outcome, Outcome::Stopped);
    assert!(edges.recorded.is_empty());
}

#[test]
fn a_paused_screen_is_not_redrawn_and_the_loop_only_wakes_to_check_for_signals() {
    let before = Rc::new(Cell::new(0));
    let b = before.clone();
    let (outcome, _, _, script) = run(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_millis(2500)),
        Step::Key(key(KeyCode::Char(' '))),
        Step::Frames(Box::new(move |n| b.set(n))),
        Step::Wait(Duration::from_secs(60)),
        Step::Frames(Box::new({
            let before = before.clone();
            move |n| assert_eq!(n, before.get(), "no frame while paused")
        })),
        Step::Key(key(KeyCode::Char('q'))),
    ]);
    assert_eq!(outcome, Outcome::Stopped);
    // 60 s paused at one wake per IDLE (250 ms) is 240, plus those of the 2.5 s before:
    // two for the prompt's timer and one per animation frame of half an inhale.
    assert!(script.wakes < 240 + 30, "{} wakes", script.wakes);
}

#[test]
fn while_playing_frames_come_only_when_something_visible_changes() {
    let mid = Rc::new(Cell::new(0));
    let m = mid.clone();
    let (_, _, frames, script) = run(vec![
        Step::Key(key(KeyCode::Char(' '))),
        // The 2 s prompt: its timer changes twice (0:02 → 0:01 → next cue).
        Step::Wait(Duration::from_millis(1900)),
        Step::Frames(Box::new(move |n| m.set(n))),
        Step::Key(key(KeyCode::Char('q'))),
    ]);
    // Preview, Space, and one change of the prompt's timer: no frame per wake.
    assert!(mid.get() <= 4, "{} frames during a 2 s prompt", mid.get());
    assert!(frames <= mid.get() + 1);
    assert!(
        script.wakes <= 10,
        "{} wakes during a still prompt",
        script.wakes
    );
}

#[test]
fn a_large_window_gets_a_fixed_size_area_in_its_middle() {
    let frames = Rc::new(Cell::new(0));
    let clock = FakeClock::at(Instant::now());
    let mut terminal = Terminal::with_options(
        Counting {
            inner: TestBackend::new(300, 100),
            frames: frames.clone(),
        },
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 300, 100)),
        },
    )
    .unwrap();
    let mut script = Script::new(
        vec![
            Step::Key(key(KeyCode::Char(' '))),
            Step::Wait(Duration::from_millis(2500)),
        ],
        &clock,
        &frames,
    );
    let mut a = app();
    play::run(
        &mut terminal,
        &mut a,
        &mut script,
        &clock,
        &mut Recorder::default(),
        &AtomicBool::new(false),
    )
    .unwrap();
    let buf = terminal.backend().inner.buffer().clone();
    let row = |y: u16| {
        (0..300)
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect::<String>()
    };
    let (x, y) = (
        (300 - steady::ui::MAX_WIDTH) / 2,
        (100 - steady::ui::MAX_HEIGHT) / 2,
    );
    assert!(
        row(y - 1).trim().is_empty() && row(0).trim().is_empty(),
        "nothing above the area"
    );
    assert!(
        row(y).starts_with(&format!("{} Short", " ".repeat(x.into()))),
        "{:?}",
        row(y)
    );
    assert!(
        row(y + steady::ui::MAX_HEIGHT).trim().is_empty(),
        "nothing below the area"
    );
}

#[test]
fn hidden_counts_still_set_todays_hold_from_the_picker() {
    let t = Instant::now();
    let gaze = "title = \"Gaze\"\n[[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 3\nrounds = 1\ngrow = 1\nmax_look = 6\n";
    let mut a = App::for_picker(Picker {
        choices: vec![Choice {
            id: "gaze".into(),
            folder: None,
            exercise: parse(gaze).exercise.expect("valid"),
            count: Some(3),
            grown: 3,
            length: "5 s".into(),
        }],
        show_counts: false,
        ..Default::default()
    });
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), t);
    }
    press(&mut a, key(KeyCode::Enter), t);
    let look = a.current().unwrap().look_today();
    assert_eq!(
        look,
        Some(Duration::from_secs(5)),
        "2 s + 1 s × 3 completions"
    );
}

/// The loop with the real counts edge on a store whose lock another steady holds, on the
/// fake clock: returns the outcome, what became of the completion, the screen's text and
/// how often the loop woke.
fn run_with_held_lock(steps: Vec<Step>) -> (Outcome, Option<Recorded>, String, usize) {
    use steady::store::{LOCK, Store};
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("steady"));
    store.record("short").unwrap();
    let held = std::fs::File::open(store.dir().join(LOCK)).unwrap();
    held.lock().unwrap();

    let mut a = app();
    let (outcome, screen, wakes) = run_counting_in(&store, &mut a, steps);
    assert_eq!(store.count("short").unwrap(), 1, "nothing written");
    let recorded = a.recorded_as().cloned();
    (outcome, recorded, screen, wakes)
}

#[test]
fn a_held_lock_keeps_keys_alive_at_the_end_and_gives_up_calmly() {
    // Left while waiting: q ends it at once, and the completion is not counted.
    for leave in [key(KeyCode::Char('q')), key(KeyCode::Esc), ctrl_c()] {
        let (outcome, recorded, screen, _) = run_with_held_lock(vec![
            Step::Key(key(KeyCode::Char(' '))),
            // The end comes at 13 s; one second into the wait for the lock...
            Step::Wait(Duration::from_secs(14)),
            Step::Frames(Box::new(|_| {})),
            Step::Key(leave),
        ]);
        assert_eq!(outcome, Outcome::Completed);
        assert_eq!(recorded, Some(Recorded::Busy));
        assert!(screen.contains("Saving the count"), "{screen}");
    }

    // Waited out: a few seconds of the player's clock, then said calmly, on screen.
    let (outcome, recorded, screen, wakes) = run_with_held_lock(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(30)),
        Step::Key(key(KeyCode::Char('x'))),
    ]);
    assert_eq!(outcome, Outcome::Completed);
    assert_eq!(recorded, Some(Recorded::Busy));
    assert!(
        screen.contains("Another steady is saving its counts; this practice was not counted."),
        "{screen}"
    );
    // Bounded work: the tries stop after LOCK_WAIT of the fake clock (about 60 wakes at
    // RETRY), and 30 s of playing and closing wake a few hundred times in all.
    assert!(wakes < 600, "{wakes} wakes");
}

#[test]
fn capital_q_stops_and_enter_resumes_as_in_plain_mode() {
    let t = Instant::now();
    let shift = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT);
    let mut a = app();
    press(&mut a, shift('Q'), t);
    assert_eq!(a.outcome, Some(Outcome::Left), "Q in the preview");

    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    press(&mut a, key(KeyCode::Char(' ')), t + Duration::from_secs(1));
    let paused = |a: &App| a.practice().unwrap().session.is_paused();
    assert!(paused(&a));
    let effects = press(&mut a, key(KeyCode::Enter), t + Duration::from_secs(5));
    assert!(effects.contains(&Effect::Resumed), "{effects:?}");
    assert!(!paused(&a), "Enter resumes");
    press(&mut a, shift('Q'), t + Duration::from_secs(6));
    assert_eq!(a.outcome, Some(Outcome::Stopped), "Q while playing");
}

#[test]
fn left_or_b_goes_back_to_the_start_of_the_previous_step() {
    let t = Instant::now();
    let mut a = app();
    let cue = |a: &App, at| a.practice().unwrap().moment(at).cue;
    press(&mut a, key(KeyCode::Char(' ')), t);
    // In the first step, back is its own start.
    press(&mut a, key(KeyCode::Char('b')), t + Duration::from_secs(1));
    assert_eq!(cue(&a, t + Duration::from_millis(1500)), 0);
    // In the breathing step (cues 1..5), back is the prompt again.
    let at = t + Duration::from_millis(4500);
    a.tick(at);
    assert_eq!(cue(&a, at), 2, "second phase of the breathing");
    let effects = press(&mut a, key(KeyCode::Left), at);
    assert_eq!(cue(&a, at), 0);
    assert!(effects.contains(&Effect::CueStarted(0)), "{effects:?}");
    // Skipping on lands on one cue, the breathing's first.
    let effects = press(&mut a, key(KeyCode::Char('N')), at);
    assert_eq!(effects, [Effect::CueStarted(1)]);
}

#[test]
fn a_practice_starts_at_the_configured_pace_and_the_keys_move_from_there() {
    let t = Instant::now();
    let mut a = app();
    a.pace = 6;
    press(&mut a, key(KeyCode::Char(' ')), t);
    assert_eq!(a.pace_percent(), 60);
    press(&mut a, key(KeyCode::Up), t);
    assert_eq!(a.pace_percent(), 70);
}

#[test]
fn skipping_eye_contact_where_the_look_grows_ends_calmly_and_counts_nothing() {
    // The fixture's look grows by 1 s a completion. Eye contact begins at 8 s.
    let (outcome, edges, _, _) = run(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_millis(8_500)),
        Step::Key(key(KeyCode::Char('n'))),
        Step::Wait(Duration::from_secs(1)),
        Step::Key(key(KeyCode::Char('x'))),
    ]);
    assert_eq!(outcome, Outcome::Completed, "the same calm end");
    assert!(
        edges.recorded.is_empty(),
        "not counted: {:?}",
        edges.recorded
    );
}

#[test]
fn lowering_todays_look_where_it_grows_counts_nothing_and_a_full_run_counts() {
    let (outcome, edges, _, _) = run(vec![
        Step::Key(key(KeyCode::Down)),
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(20)),
        Step::Key(key(KeyCode::Char('x'))),
    ]);
    assert_eq!(outcome, Outcome::Completed);
    assert!(edges.recorded.is_empty(), "{:?}", edges.recorded);

    // Raising it, or skipping a step that is not eye contact, still counts.
    let (_, edges, _, _) = run(vec![
        Step::Key(key(KeyCode::Up)),
        Step::Key(key(KeyCode::Char(' '))),
        Step::Key(key(KeyCode::Char('n'))),
        Step::Wait(Duration::from_secs(20)),
        Step::Key(key(KeyCode::Char('x'))),
    ]);
    assert_eq!(edges.recorded, ["short"]);
}

#[test]
fn the_closing_screen_of_an_uncounted_run_names_no_count() {
    let t = Instant::now();
    let mut a = app();
    press(&mut a, key(KeyCode::Down), t);
    press(&mut a, key(KeyCode::Char(' ')), t);
    let effects = a.tick(t + Duration::from_secs(20));
    assert!(effects.contains(&Effect::Completed));
    assert!(!a.practice().unwrap().counts());
}

#[test]
fn q_or_esc_in_a_preview_opened_from_the_picker_goes_back_to_it_and_ctrl_c_leaves() {
    let t = Instant::now();
    for back in [key(KeyCode::Char('q')), key(KeyCode::Esc)] {
        let mut a = picker();
        for _ in 0..3 {
            press(&mut a, key(KeyCode::Down), t);
        }
        press(&mut a, key(KeyCode::Enter), t);
        assert_eq!(a.kind(), Screen::Preview);
        press(&mut a, back, t);
        assert_eq!(a.kind(), Screen::Picker, "back to the list");
        assert_eq!(a.outcome, None);
        assert_eq!(a.picker().unwrap().selected, 3, "where it was");
    }
    let mut a = picker();
    press(&mut a, key(KeyCode::Enter), t);
    press(&mut a, ctrl_c(), t);
    assert_eq!(
        a.outcome,
        Some(Outcome::Left),
        "Ctrl-C leaves steady at once"
    );
}

#[test]
fn a_window_too_small_pauses_the_practice_and_it_stays_paused_when_it_grows() {
    // The fixture plays for 15 s. Shrunk to 12x4 right after Space, then 60 s pass.
    let (outcome, edges, _, _) = run(vec![
        Step::Key(key(KeyCode::Char(' '))),
        Step::Resize(12, 4),
        Step::Wait(Duration::from_secs(60)),
        // Space can't resume it while nothing can be seen.
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(30)),
        Step::Resize(80, 24),
        // Grown again: still paused until Space.
        Step::Wait(Duration::from_secs(30)),
        Step::Key(key(KeyCode::Char('q'))),
    ]);
    assert_eq!(outcome, Outcome::Stopped, "never reached the end unseen");
    assert!(edges.recorded.is_empty());
    assert_eq!(edges.cues, [0], "only the first cue began");
}

#[test]
fn space_cannot_begin_a_practice_in_a_window_too_small() {
    let (outcome, edges, _, _) = run(vec![
        Step::Resize(12, 4),
        Step::Key(key(KeyCode::Char(' '))),
        Step::Wait(Duration::from_secs(30)),
        Step::Key(key(KeyCode::Char('q'))),
    ]);
    assert_eq!(outcome, Outcome::Left, "it never began");
    assert!(edges.cues.is_empty());
}

/// Enter opens an exercise from the picker; pressed again (a double Enter) it must not
/// start the practice before its preview is read: only Space begins.
#[test]
fn only_space_begins_so_a_double_enter_from_the_picker_stays_in_the_preview() {
    let t = Instant::now();
    let mut a = picker();
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), t);
    }
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(a.kind(), Screen::Preview);
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(a.kind(), Screen::Preview, "Enter again begins nothing");
    press(&mut a, key(KeyCode::Char(' ')), t);
    assert_eq!(a.kind(), Screen::Playing);
}

/// Home and End go to the first and last rows; Ctrl-U clears the filter as a shell's
/// line editor does, and never leaves.
#[test]
fn home_end_and_ctrl_u_work_in_the_picker() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let t = Instant::now();
    let mut a = picker();
    let last = a.picker().unwrap().rows().len() - 1;
    press(&mut a, key(KeyCode::End), t);
    assert_eq!(a.picker().unwrap().selected, last);
    press(&mut a, key(KeyCode::Home), t);
    assert_eq!(a.picker().unwrap().selected, 0);
    for c in "sig".chars() {
        press(&mut a, key(KeyCode::Char(c)), t);
    }
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    press(&mut a, ctrl_u, t);
    assert_eq!(a.picker().unwrap().filter, "");
    press(&mut a, ctrl_u, t);
    assert_eq!(a.outcome, None, "Ctrl-U on an empty filter does not leave");
}

/// Enter during a look ends that look only: the rest of the step goes on, and the look
/// does not grow from this practice (and the closing screen says why).
#[test]
fn enter_during_a_look_ends_that_look_only() {
    use steady::player::state::Uncounted;
    use steady::timeline::CueKind;
    let src = "title = \"Looks\"\n\
        [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 3\naway = 4\nrounds = 2\ngrow = 0.5\nmax_look = 5\n";
    let ex = parse(src).exercise.expect("valid");
    let mut a = App::for_exercise(Current::new("looks".into(), ex, None));
    let t = Instant::now();
    press(&mut a, key(KeyCode::Char(' ')), t);
    let kind = |a: &App, at: Instant| {
        let p = a.practice().unwrap();
        p.timeline().cues[p.moment(at).cue].kind
    };
    assert_eq!(kind(&a, t), CueKind::Look);
    let at = t + Duration::from_secs(1);
    press(&mut a, key(KeyCode::Enter), at);
    assert_eq!(kind(&a, at), CueKind::Away, "looking away now");
    // The away runs its whole 4 s; round 2's look follows.
    let _ = a.tick(at + Duration::from_secs(4));
    assert_eq!(kind(&a, at + Duration::from_secs(4)), CueKind::Look);
    assert_eq!(
        a.practice().unwrap().uncounted(),
        Some(Uncounted::LookEased)
    );
}

/// From the picker, the closing screen offers another: Enter goes back to the picker,
/// with the new count; any other key leaves, as before. Run by name, any key leaves.
#[test]
fn the_closing_screen_offers_another_when_opened_from_the_picker() {
    use steady::player::state::{Recorded, Row};
    let t = Instant::now();
    let mut a = picker();
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), t);
    }
    assert_eq!(a.picker().unwrap().row(), Some(Row::Choice(0)));
    press(&mut a, key(KeyCode::Enter), t);
    press(&mut a, key(KeyCode::Char(' ')), t);
    let end = t + Duration::from_secs(3600);
    let effects = a.tick(end);
    assert_eq!(a.kind(), Screen::Closing, "{effects:?}");
    a.recorded(Recorded::Counted(4));
    press(&mut a, key(KeyCode::Enter), end);
    assert_eq!(a.kind(), Screen::Picker, "Enter: another");
    assert_eq!(a.outcome, None);
    assert_eq!(
        a.picker().unwrap().choices[0].count,
        Some(4),
        "the new count shows"
    );
    // Again, and any other key leaves.
    press(&mut a, key(KeyCode::Enter), end);
    press(&mut a, key(KeyCode::Char(' ')), end);
    let _ = a.tick(end + Duration::from_secs(3600));
    press(&mut a, key(KeyCode::Char('x')), end);
    assert_eq!(a.outcome, Some(Outcome::Completed));
    // Run by name: any key, Enter too, leaves.
    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    let _ = a.tick(end);
    press(&mut a, key(KeyCode::Enter), end);
    assert_eq!(a.outcome, Some(Outcome::Completed));
}

/// `?` while playing pauses first (pausing is free), and closing the list leaves the
/// practice paused: going on is the person's choice, with the practice in view again.
/// `?` or Enter close the list; q, Esc and Ctrl-C still stop at once, as everywhere.
#[test]
fn help_pauses_a_playing_practice_and_closing_it_leaves_it_paused() {
    let t = Instant::now();
    let paused = |a: &App| a.practice().unwrap().session.is_paused();
    for close in [KeyCode::Char('?'), KeyCode::Enter] {
        let mut a = app();
        press(&mut a, key(KeyCode::Char(' ')), t);
        let effects = press(&mut a, key(KeyCode::Char('?')), t + Duration::from_secs(1));
        assert!(a.help.is_some(), "? opens the list");
        assert_eq!(effects, [Effect::Paused]);
        assert!(paused(&a));
        // Keys of the screen beneath do nothing while the list is open.
        press(&mut a, key(KeyCode::Char(' ')), t + Duration::from_secs(2));
        press(&mut a, key(KeyCode::Char('n')), t + Duration::from_secs(2));
        assert!(paused(&a), "Space under the list");
        assert_eq!(a.practice().unwrap().moment(t).cue, 0, "n under the list");
        let effects = press(&mut a, key(close), t + Duration::from_secs(30));
        assert_eq!(effects, []);
        assert!(a.help.is_none(), "{close:?} closes the list");
        assert_eq!(a.outcome, None, "{close:?} closes the list only");
        assert!(paused(&a), "still paused after {close:?}");
        // Nothing ran meanwhile: one second of the two-second prompt is left.
        let at = t + Duration::from_secs(31);
        press(&mut a, key(KeyCode::Char(' ')), at);
        assert_eq!(
            a.tick(at + Duration::from_millis(999)),
            Vec::<Effect>::new()
        );
        assert_eq!(a.tick(at + Duration::from_secs(1)), [Effect::CueStarted(1)]);
    }
    // A practice already paused stays so, and says nothing new.
    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    press(&mut a, key(KeyCode::Char(' ')), t);
    assert_eq!(press(&mut a, key(KeyCode::Char('?')), t), []);
    // Ctrl-C, q and Esc stop at once with the list open: the way out never changes.
    press(&mut a, ctrl_c(), t);
    assert_eq!(a.outcome, Some(Outcome::Stopped));
    for stop in [KeyCode::Char('q'), KeyCode::Esc] {
        let mut a = app();
        press(&mut a, key(KeyCode::Char(' ')), t);
        press(&mut a, key(KeyCode::Char('?')), t);
        press(&mut a, key(stop), t);
        assert_eq!(a.outcome, Some(Outcome::Stopped), "{stop:?}");
    }
}

/// `?` opens the list on every screen, and closes it again without leaving.
#[test]
fn help_opens_on_every_screen() {
    let t = Instant::now();
    let mut a = picker();
    press(&mut a, key(KeyCode::Char('?')), t);
    assert!(a.help.is_some(), "picker");
    assert!(a.picker().unwrap().filter.is_empty(), "? is not typed");
    press(&mut a, key(KeyCode::Char('?')), t);
    assert_eq!((a.help.is_none(), a.outcome), (true, None), "picker");
    let mut a = app();
    press(&mut a, key(KeyCode::Char('?')), t);
    assert!(a.help.is_some(), "preview");
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!((a.help.is_none(), a.outcome), (true, None), "preview");
    press(&mut a, key(KeyCode::Char(' ')), t);
    a.tick(t + Duration::from_secs(60));
    assert_eq!(a.kind(), Screen::Closing);
    press(&mut a, key(KeyCode::Char('?')), t + Duration::from_secs(60));
    assert!(a.help.is_some(), "closing");
    assert_eq!(a.outcome, None, "? does not leave the closing screen");
}

/// At a choice a number chooses, and the chosen words play; Enter alone is "none of
/// these" and moves on; a number past the options does nothing.
#[test]
fn a_number_chooses_and_enter_alone_chooses_none() {
    let t = Instant::now();
    let start = |t: Instant| {
        let ex = parse(crate::format2::choosing::CHOICE)
            .exercise
            .expect("valid");
        let mut a = App::for_exercise(Current::new("c".into(), ex, None));
        press(&mut a, key(KeyCode::Char(' ')), t);
        a
    };
    let ex = |a: &App| a.practice().unwrap().current.clone();
    let mut a = start(t);
    assert_eq!(press(&mut a, key(KeyCode::Char('7')), t), [Effect::Refused]);
    press(&mut a, key(KeyCode::Char('2')), t);
    let cur = ex(&a);
    assert_eq!(a.practice().unwrap().moment(t).cue, 1, "the chosen words");
    assert_eq!(cur.prompt(0).unwrap().text, "Notice your hands.");
    assert_eq!(cur.prompt(0).unwrap().title.as_deref(), Some("Hands"));
    // Once past the question, a number chooses nothing.
    assert_eq!(press(&mut a, key(KeyCode::Char('1')), t), [Effect::Refused]);
    let mut a = start(t);
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(
        a.practice().unwrap().moment(t).cue,
        2,
        "none: on to the next step"
    );
    assert!(ex(&a).chosen.is_empty());
}

/// With the list of keys open, q does what it does underneath: in a preview opened from
/// the list of exercises, it goes back to that list, as the preview's own q does.
#[test]
fn q_with_the_keys_open_is_the_same_way_out_as_underneath() {
    let t = Instant::now();
    let mut a = picker();
    for _ in 0..4 {
        press(&mut a, key(KeyCode::Down), t);
    }
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(a.kind(), Screen::Preview);
    press(&mut a, key(KeyCode::Char('?')), t);
    press(&mut a, key(KeyCode::Char('q')), t);
    assert_eq!((a.kind(), a.outcome), (Screen::Picker, None));
    assert!(a.help.is_none(), "the list closed with it");
}

/// The loop with the real counts edge on `store`, from `a`: the outcome, the screen's
/// words as one line, and how often the loop woke.
fn run_counting_in(
    store: &steady::store::Store,
    a: &mut App,
    steps: Vec<Step>,
) -> (Outcome, String, usize) {
    use steady::commands::run::{Counting as Counts, Settings};
    let frames = Rc::new(Cell::new(0));
    let clock = FakeClock::at(Instant::now());
    let mut terminal = Counting::terminal(80, 24, &frames);
    let mut script = Script::new(steps, &clock, &frames);
    let mut edges = Counts::with_store(Some(store.clone()), Settings::defaults());
    let outcome = play::run(
        &mut terminal,
        a,
        &mut script,
        &clock,
        &mut edges,
        &AtomicBool::new(false),
    )
    .unwrap();
    let screen: String = terminal
        .backend()
        .inner
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    // One line of words, however they wrapped.
    let screen = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    (outcome, screen, script.wakes)
}

/// The preview of the growing fixture as the counts file in `store` sets it.
fn from_store(store: &steady::store::Store) -> App {
    let tally = store.read_tally().unwrap();
    let ex = parse(SHORT).exercise.expect("valid");
    App::for_exercise(
        Current::new("short".into(), ex, tally.count("short")).with_grown(tally.grown("short")),
    )
}

#[test]
fn staying_at_a_look_counts_the_practice_and_keeps_the_look_for_next_time() {
    let tmp = tempfile::tempdir().unwrap();
    let store = steady::store::Store::new(tmp.path().join("steady"));
    let look = |store: &steady::store::Store| from_store(store).current().unwrap().look_today();
    let to_the_end = |first: Vec<Step>| {
        let mut steps = first;
        steps.extend([
            Step::Key(key(KeyCode::Char(' '))),
            Step::Wait(Duration::from_secs(30)),
            Step::Key(key(KeyCode::Char('x'))),
        ]);
        steps
    };
    // As written: each counted practice adds 1 s.
    let (outcome, screen, _) = run_counting_in(&store, &mut from_store(&store), to_the_end(vec![]));
    assert_eq!(outcome, Outcome::Completed);
    assert!(screen.contains("Completed once."), "{screen}");
    assert!(!screen.contains("stays"), "{screen}");
    assert_eq!(look(&store), Some(Duration::from_secs(3)));

    // `s` in the preview: counted, and the look stays at 3 s.
    let (_, screen, _) = run_counting_in(
        &store,
        &mut from_store(&store),
        to_the_end(vec![Step::Key(key(KeyCode::Char('s')))]),
    );
    assert!(
        screen.contains("Completed 2 times. The look stays as it is next time."),
        "{screen}"
    );
    assert_eq!(store.count("short").unwrap(), 2);
    assert_eq!(look(&store), Some(Duration::from_secs(3)), "stayed");
    let file = std::fs::read_to_string(store.path()).unwrap();
    assert!(file.contains("short = { count = 2, grown = 1 }"), "{file}");

    // `s` twice is as written again: it grows from where it stayed, 3 s to 4 s.
    run_counting_in(
        &store,
        &mut from_store(&store),
        to_the_end(vec![
            Step::Key(key(KeyCode::Char('s'))),
            Step::Key(key(KeyCode::Char('s'))),
        ]),
    );
    assert_eq!(store.count("short").unwrap(), 3);
    assert_eq!(look(&store), Some(Duration::from_secs(4)));

    // At max_look there is nothing to stay from: `s` is not offered and does nothing.
    let mut a = from_store(&store);
    assert!(!a.current().unwrap().can_stay());
    let effects = press(&mut a, key(KeyCode::Char('s')), Instant::now());
    assert_eq!(effects, vec![Effect::Refused]);
    assert!(!a.current().unwrap().stays);

    // Forgetting it erases both numbers: the look starts again.
    store.forget(Some("short")).unwrap();
    assert_eq!(look(&store), Some(Duration::from_secs(2)));
    let file = std::fs::read_to_string(store.path()).unwrap();
    assert!(!file.contains("short") && !file.contains("grown"), "{file}");
}

/// What the footer says beside `s` in the preview, if it offers it.
fn stay_offered(a: &App) -> Option<String> {
    use steady::player::state::{Action, Scroll};
    steady::player::keys::offered(a, Action::Stay, None, Scroll::default())
}

#[test]
fn staying_is_offered_only_where_the_look_grows_and_a_skipped_look_still_counts_nothing() {
    let t = Instant::now();
    let mut a = app();
    assert!(stay_offered(&a).as_deref() == Some("stay"));
    assert_eq!(
        press(&mut a, key(KeyCode::Char('s')), t),
        vec![Effect::Stays(true)]
    );
    assert!(stay_offered(&a).as_deref() == Some("grow"));
    // Staying doesn't make a skipped look count.
    let (_, edges, _, _) = run_from(
        a,
        vec![
            Step::Key(key(KeyCode::Char(' '))),
            Step::Wait(Duration::from_millis(8_500)),
            Step::Key(key(KeyCode::Char('n'))),
            Step::Wait(Duration::from_secs(1)),
            Step::Key(key(KeyCode::Char('x'))),
        ],
    );
    assert!(edges.recorded.is_empty(), "{:?}", edges.recorded);
    // Counted, a stayed practice is recorded as one that stays.
    let mut a = app();
    press(&mut a, key(KeyCode::Char('s')), t);
    let (_, edges, _, _) = run_from(
        a,
        vec![
            Step::Key(key(KeyCode::Char(' '))),
            Step::Wait(Duration::from_secs(20)),
            Step::Key(key(KeyCode::Char('x'))),
        ],
    );
    assert_eq!(edges.growths, [steady::exercise::Growth::Stays]);

    // A look changed today is not the look that would stay: raised, the practice grows
    // it as usual; lowered, it isn't counted. Neither offers `s`, and a choice made
    // before the change no longer holds.
    for change in [KeyCode::Up, KeyCode::Down] {
        let mut a = app();
        press(&mut a, key(KeyCode::Char('s')), t);
        press(&mut a, key(change), t);
        assert_eq!(stay_offered(&a), None, "{change:?}");
        assert_eq!(
            press(&mut a, key(KeyCode::Char('s')), t),
            vec![Effect::Refused]
        );
        assert_eq!(
            a.current().unwrap().growth(),
            steady::exercise::Growth::Grows
        );
    }

    // Nothing is being counted (--no-record, an unreadable counts file): staying would
    // promise a count that never comes, so it isn't offered.
    let mut a = app();
    a.counting = false;
    assert_eq!(stay_offered(&a), None);
    assert_eq!(
        press(&mut a, key(KeyCode::Char('s')), t),
        vec![Effect::Refused]
    );

    // No growing look: nothing to stay at.
    let ex = parse(&SHORT.replace("grow = 1", "grow = 0"))
        .exercise
        .expect("valid");
    let mut a = App::for_exercise(Current::new("short".into(), ex, Some(2)));
    assert_eq!(stay_offered(&a), None);
    assert_eq!(
        press(&mut a, key(KeyCode::Char('s')), t),
        vec![Effect::Refused]
    );
}

/// Back in the picker after a practice, its look is what the counts file now says:
/// the same after staying, one step longer after a practice that grows it, counts
/// shown or hidden.
#[test]
fn the_picker_opens_the_look_a_practice_left_stayed_or_grown() {
    use steady::player::state::Recorded;
    let t = Instant::now();
    let end = t + Duration::from_secs(3600);
    let mut a = picker();
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), t);
    }
    let practise = |a: &mut App, keys: &[char], recorded: Recorded| {
        press(a, key(KeyCode::Enter), t);
        for &k in keys {
            press(a, key(KeyCode::Char(k)), t);
        }
        press(a, key(KeyCode::Char(' ')), t);
        let _ = a.tick(end);
        a.recorded(recorded);
        press(a, key(KeyCode::Enter), end);
        assert_eq!(a.kind(), Screen::Picker);
        let c = &a.picker().unwrap().choices[0];
        (c.count, c.grown)
    };
    assert_eq!(practise(&mut a, &['s'], Recorded::Counted(1)), (Some(1), 0));
    assert_eq!(practise(&mut a, &[], Recorded::Counted(2)), (Some(2), 1));
    assert_eq!(practise(&mut a, &[], Recorded::Hidden), (Some(3), 2));
    // At max_look (2 s + 2 × 1 s) there is nothing to stay from: `s` does nothing.
    assert_eq!(practise(&mut a, &['s'], Recorded::Hidden), (Some(4), 3));
    press(&mut a, key(KeyCode::Enter), t);
    assert_eq!(
        a.current().unwrap().look_today(),
        Some(Duration::from_secs(4))
    );
    // Hidden from the first practice on: still one counted, and the look grown.
    let mut a = picker();
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Down), t);
    }
    assert_eq!(practise(&mut a, &[], Recorded::Hidden), (Some(1), 1));
}

/// Someone who pauses or reaches for the anchor during a look never goes on straight
/// back into it: Enter (paused) or closing the anchor goes on with looking away.
#[test]
fn after_a_pause_or_the_anchor_during_a_look_enter_goes_on_by_looking_away() {
    use steady::timeline::CueKind;
    let t = Instant::now();
    let kind_at = |a: &App, at: Instant| {
        let p = a.practice().unwrap();
        p.current.timeline.cues[p.moment(at).cue].kind
    };
    let look = t + Duration::from_millis(8_500);
    for (first, then) in [
        (KeyCode::Char(' '), KeyCode::Enter),
        (KeyCode::Char('a'), KeyCode::Enter),
        (KeyCode::Char('a'), KeyCode::Char(' ')),
        (KeyCode::Char('a'), KeyCode::Char('a')),
    ] {
        let mut a = app();
        press(&mut a, key(KeyCode::Char(' ')), t);
        let _ = a.tick(look);
        assert_eq!(kind_at(&a, look), CueKind::Look);
        press(&mut a, key(first), look);
        let later = look + Duration::from_secs(30);
        press(&mut a, key(then), later);
        assert_eq!(kind_at(&a, later), CueKind::Away, "{first:?} then {then:?}");
        assert!(!a.practice().unwrap().counts(), "the look was ended early");
    }
    // Paused outside a look, Enter only resumes, where it was.
    let mut a = app();
    press(&mut a, key(KeyCode::Char(' ')), t);
    let breath = t + Duration::from_millis(2_500);
    let _ = a.tick(breath);
    let cue = a.practice().unwrap().moment(breath).cue;
    press(&mut a, key(KeyCode::Char(' ')), breath);
    press(
        &mut a,
        key(KeyCode::Enter),
        breath + Duration::from_secs(30),
    );
    assert_eq!(
        a.practice()
            .unwrap()
            .moment(breath + Duration::from_secs(30))
            .cue,
        cue
    );
}
