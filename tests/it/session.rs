//! The session engine against an injected clock: cue order, pause, skip, pace,
//! untimed steps, and no drift over the longest exercise the format allows.

use std::time::{Duration, Instant};

use steady::exercise::load::parse;
use steady::session::Session;
use steady::timeline::{CueKind, Timeline};

fn timeline(src: &str) -> Timeline {
    let checked = parse(src);
    let ex = checked
        .exercise
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
    Timeline::compile(&ex, 0)
}

const NS: Duration = Duration::from_nanos(1);

/// Asserts that cue `i` has not begun 1 ns before `start` and has begun at `start`.
fn assert_starts(s: &mut Session, i: usize, start: Instant) {
    let before = s.at(start - NS);
    assert_eq!(before.cue, i - 1, "cue {i} began early");
    let at = s.at(start);
    assert_eq!(at.cue, i, "cue {i} began late");
    assert_eq!(at.into, Duration::ZERO);
}

/// Just under four hours of awkward decimal lengths, with every kind of step.
fn long_exercise() -> Timeline {
    let t = timeline(
        "title = \"long\"\n\
         [[step]]\nkind = \"breathe\"\ninhale = 4.1\ntop_up = 0.7\nhold_in = 0.3\nexhale = 6.3\nhold_out = 1.1\ncycles = 1100\n\
         [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2.25\naway = 6.5\nrounds = 60\n\
         [[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 0.011\n\
         [[step]]\nkind = \"breathe\"\ninhale = 3.3\nexhale = 5.7\ncycles = 13\n",
    );
    let total = t.total();
    assert!(total > Duration::from_secs(3 * 3600 + 59 * 60), "{total:?}");
    assert!(total < Duration::from_secs(4 * 3600));
    t
}

#[test]
fn every_cue_starts_exactly_on_schedule_over_four_hours() {
    let t = long_exercise();
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0);
    for (i, cue) in t.cues.iter().enumerate().skip(1) {
        // A look in the middle of the cue first, as a frame would.
        let mid = s.at(t0 + cue.start - cue.length.unwrap() / 2);
        assert_eq!(mid.cue, i - 1);
        assert_starts(&mut s, i, t0 + cue.start);
    }
    let end = t0 + t.total();
    assert!(!s.at(end - NS).finished);
    let m = s.at(end);
    assert!(m.finished);
    assert_eq!(m.total_left, Duration::ZERO);
}

#[test]
fn pauses_shift_every_later_cue_by_exactly_the_time_paused() {
    let t = long_exercise();
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0);
    let mut paused = Duration::ZERO;
    for (i, cue) in t.cues.iter().enumerate().skip(1) {
        if i % 97 == 0 {
            // Pause somewhere inside the previous cue, for an odd length of time.
            let into = t.cues[i - 1].length.unwrap() / 3;
            let at = t0 + paused + t.cues[i - 1].start + into;
            s.pause(at);
            let held = s.at(at + Duration::from_secs(3600));
            assert!(held.paused);
            assert_eq!(held.cue, i - 1, "time moved while paused");
            let length = Duration::from_millis(1_234 + i as u64);
            s.resume(at + length);
            paused += length;
        }
        assert_starts(&mut s, i, t0 + paused + cue.start);
    }
    assert!(s.at(t0 + paused + t.total()).finished);
}

#[test]
fn pace_changes_stretch_breathing_phases_and_nothing_else() {
    let t = timeline(
        "title = \"t\"\n\
         [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 2\n\
         [[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 10\n\
         [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 4\nrounds = 1\n",
    );
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0);
    // Halfway into the first inhale, slow to half speed in five 10% steps.
    let at = t0 + Duration::from_secs(2);
    let mut pace = 10;
    for _ in 0..7 {
        pace = s.slower(at);
    }
    assert_eq!(pace, 5, "half speed is the slowest");
    // The 2 s of inhale left now take 4 s; the exhale takes 12 s.
    assert_starts(&mut s, 1, at + Duration::from_secs(4));
    assert_starts(&mut s, 2, at + Duration::from_secs(16));
    assert_eq!(
        s.at(at + Duration::from_secs(16)).cue_left,
        Some(Duration::from_secs(8))
    );
    // Back to the authored pace at the start of the last exhale.
    let exhale = at + Duration::from_secs(24);
    assert_starts(&mut s, 3, exhale);
    for _ in 0..9 {
        pace = s.faster(exhale);
    }
    assert_eq!(pace, 10, "never faster than written");
    assert_starts(&mut s, 4, exhale + Duration::from_secs(6));
    // Prompts and eye contact keep their length whatever the pace.
    let prompt = exhale + Duration::from_secs(6);
    s.slower(prompt);
    assert_eq!(t.cues[4].kind, CueKind::Prompt);
    assert_starts(&mut s, 5, prompt + Duration::from_secs(10));
    assert_starts(&mut s, 6, prompt + Duration::from_secs(12));
    assert!(s.at(prompt + Duration::from_secs(16)).finished);
}

#[test]
fn at_half_speed_a_hold_keeps_its_length() {
    // 4-7-8: a 7 s hold must stay 7 s when someone who is struggling slows down.
    let t = timeline(
        "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nhold_in = 7\nexhale = 8\nhold_out = 2\ncycles = 2\n",
    );
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0).with_pace(5);
    // Inhale 8 s at half speed, then the hold: 7 s, not 14.
    assert_starts(&mut s, 1, t0 + Duration::from_secs(8));
    assert_starts(&mut s, 2, t0 + Duration::from_secs(15));
    // Exhale 16 s, then the empty hold: 2 s, not 4.
    assert_starts(&mut s, 3, t0 + Duration::from_secs(31));
    assert_starts(&mut s, 4, t0 + Duration::from_secs(33));
    assert_eq!(
        s.at(t0 + Duration::from_secs(33)).total_left,
        Duration::from_secs(8 + 7 + 16 + 2)
    );
}

#[test]
fn time_left_counts_the_slower_pace() {
    let t = timeline(
        "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 3\n",
    );
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0);
    assert_eq!(s.at(t0).total_left, Duration::from_secs(30));
    s.slower(t0);
    s.slower(t0);
    // At 80%: 30 s of breathing takes 37.5 s.
    assert_eq!(s.at(t0).total_left, Duration::from_millis(37_500));
}

#[test]
fn skip_moves_to_the_next_step_and_skipping_the_last_finishes() {
    let t = timeline(
        "title = \"t\"\n\
         [[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 5\n\
         [[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 10\n",
    );
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0);
    let at = t0 + Duration::from_secs(13);
    s.skip_step(&t, at);
    let m = s.at(at);
    assert_eq!((m.cue, m.into), (10, Duration::ZERO));
    assert_starts(&mut s, 11, at + Duration::from_secs(10)); // one past the end
    let mut s = Session::start(&t, t0);
    s.skip_step(&t, at);
    s.skip_step(&t, at);
    assert!(s.at(at).finished);
}

#[test]
fn an_untimed_step_waits_for_enter_and_timing_resumes_from_then() {
    let t = timeline(
        "title = \"t\"\n\
         [[step]]\nkind = \"prompt\"\ntext = \"a\"\nseconds = 5\n\
         [[step]]\nkind = \"prompt\"\ntext = \"b\"\nuntil = \"key\"\n\
         [[step]]\nkind = \"prompt\"\ntext = \"c\"\nseconds = 5\n",
    );
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0);
    let later = t0 + Duration::from_secs(3600);
    let m = s.at(later);
    assert_eq!((m.cue, m.cue_left), (1, None));
    assert_eq!(s.cue_deadline(later), None, "nothing is due while waiting");
    s.continue_untimed(later);
    assert_starts(&mut s, 3, later + Duration::from_secs(5));
    // Enter on a timed step changes nothing.
    let mut s = Session::start(&t, t0);
    s.continue_untimed(t0 + Duration::from_secs(1));
    assert_eq!(s.at(t0 + Duration::from_secs(1)).cue, 0);
}

#[test]
fn the_cue_deadline_is_when_the_current_cue_ends() {
    let t = timeline(
        "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 1\n",
    );
    let t0 = Instant::now();
    let mut s = Session::start(&t, t0);
    s.at(t0 + Duration::from_secs(1));
    assert_eq!(
        s.cue_deadline(t0 + Duration::from_secs(1)),
        Some(t0 + Duration::from_secs(4))
    );
    s.pause(t0 + Duration::from_secs(1));
    assert_eq!(
        s.cue_deadline(t0 + Duration::from_secs(1)),
        None,
        "a paused session has nothing due"
    );
}

#[test]
fn a_soft_timed_prompt_guides_then_waits_and_enter_moves_on_at_any_moment() {
    let t = timeline(
        "title = \"t\"\nformat = 2\n\
         [[step]]\nkind = \"prompt\"\ntext = \"Check in\"\nseconds = 20\nuntil = \"key\"\n\
         [[step]]\nkind = \"prompt\"\ntext = \"Feet\"\nseconds = 5\n",
    );
    assert_eq!(t.length_text(), "about 25 s + your pace");
    assert!(t.cues[1].after_untimed, "later starts are lower bounds");
    let t0 = Instant::now();
    // The guide timer runs, the deadline is its end.
    let mut s = Session::start(&t, t0);
    let m = s.at(t0 + Duration::from_secs(5));
    assert_eq!(m.cue_left, Some(Duration::from_secs(15)));
    assert_eq!(
        s.cue_deadline(t0 + Duration::from_secs(5)),
        Some(t0 + Duration::from_secs(20))
    );
    // When the time is up it waits, with nothing due, however long.
    let later = t0 + Duration::from_secs(3600);
    let m = s.at(later);
    assert_eq!((m.cue, m.cue_left), (0, None));
    assert_eq!(s.cue_deadline(later), None);
    s.continue_untimed(later);
    let m = s.at(later);
    assert_eq!((m.cue, m.into), (1, Duration::ZERO));
    assert_starts(&mut s, 2, later + Duration::from_secs(5));
    // Enter before the time is up moves on too.
    let mut s = Session::start(&t, t0);
    s.continue_untimed(t0 + Duration::from_secs(3));
    assert_eq!(s.at(t0 + Duration::from_secs(3)).cue, 1);
}
