//! Plain mode: one line per cue, in order, when due, with no escape bytes; pause, skip,
//! anchor, stop and untimed steps from scripted input on an injected clock; and the
//! real thing in a pipe.

mod common;

use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

use steady::app::{Current, Outcome};
use steady::edges::{Edges, Recorded};
use steady::exercise::load::parse;
use steady::plain::{self, Input, Inputs, Options};
use steady::play::Clock;

const FIXTURE: &str = "title = \"Short\"\n\
    [[step]]\nkind = \"prompt\"\ntitle = \"Feet\"\ntext = \"Notice your feet.\"\nseconds = 3\n\
    [[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 4\ncycles = 2\n\
    [[step]]\nkind = \"prompt\"\nstyle = \"say\"\ntext = \"I can pause.\"\nuntil = \"key\"\n\
    [[step]]\nkind = \"eye-contact\"\nlook = 1.5\naway = 3\nrounds = 1\n";

#[derive(Clone)]
struct FakeClock(Rc<Cell<Instant>>);

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.0.get()
    }
}

/// Inputs that arrive at given times after the start; between them, time passes as
/// fast as the player sleeps. With nothing left to say, stdin is at its end.
struct Script {
    clock: FakeClock,
    start: Instant,
    at: VecDeque<(Duration, Input)>,
    waits: usize,
}

impl Inputs for Script {
    fn next(&mut self, timeout: Option<Duration>) -> Option<Input> {
        self.waits += 1;
        assert!(self.waits < 1000, "the player spins");
        let now = self.clock.0.get();
        let next = self.at.front().map(|(t, _)| self.start + *t);
        match (next, timeout) {
            (Some(t), Some(d)) if t > now + d => {
                self.clock.0.set(now + d);
                None
            }
            (Some(t), _) => {
                self.clock.0.set(t.max(now));
                self.at.pop_front().map(|(_, i)| i)
            }
            (None, Some(d)) => {
                self.clock.0.set(now + d);
                None
            }
            (None, None) => Some(Input::Stop),
        }
    }
}

#[derive(Default)]
struct Counter(Vec<String>);

impl Edges for Counter {
    fn record_completion(&mut self, id: &str) -> Recorded {
        self.0.push(id.to_owned());
        Recorded::Counted(self.0.len() as u32)
    }
}

fn play(script: Vec<(f64, Input)>, interactive: bool) -> (Outcome, String, Counter) {
    let ex = parse(FIXTURE).exercise.expect("valid fixture");
    let cur = Current::new("short".into(), ex, None);
    let start = Instant::now();
    let clock = FakeClock(Rc::new(Cell::new(start)));
    let mut inputs = Script {
        clock: clock.clone(),
        start,
        at: script
            .into_iter()
            .map(|(t, i)| (Duration::from_secs_f64(t), i))
            .collect(),
        waits: 0,
    };
    let mut out = Vec::new();
    let mut edges = Counter::default();
    let opts = Options {
        interactive,
        speed: 1.0,
    };
    let outcome =
        plain::run(&mut out, &cur, &mut inputs, &clock, &mut edges, &opts).expect("plays");
    (outcome, String::from_utf8(out).expect("UTF-8"), edges)
}

/// The timed lines only: `[m:ss] text`.
fn cues(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with('[')).collect()
}

#[test]
fn each_cue_is_one_line_at_its_time_and_the_end_is_counted() {
    let (outcome, out, counted) = play(
        vec![(0.0, Input::Eof), (20.0, Input::Line(String::new()))],
        false,
    );
    assert_eq!(outcome, Outcome::Completed);
    assert_eq!(
        cues(&out),
        [
            "[0:00] Feet. Notice your feet. (3 seconds)",
            "[0:03] Breathe in, 2 seconds. Breath 1 of 2.",
            "[0:05] Breathe out, 4 seconds.",
            "[0:09] Breathe in, 2 seconds. Breath 2 of 2.",
            "[0:11] Breathe out, 4 seconds.",
            "[0:15] Say, aloud or to yourself: “I can pause.” Press Enter when you're ready.",
            "[0:20] Look, 1.5 seconds.",
            "[0:21] Look away, 3 seconds.",
            "[0:24] That's the end. You can come back any time.",
        ]
    );
    assert!(out.ends_with("Completed once.\n"), "{out}");
    assert_eq!(counted.0, ["short"]);
    assert!(common::terminal_safe(&out), "{out:?}");
}

#[test]
fn with_stdin_at_its_end_a_waiting_step_moves_on_after_ten_seconds() {
    let (outcome, out, _) = play(vec![(0.0, Input::Eof)], false);
    assert_eq!(outcome, Outcome::Completed);
    assert!(out.contains("[0:25] Look, 1.5 seconds."), "{out}");
}

#[test]
fn the_preview_comes_first_and_an_interactive_run_waits_for_enter() {
    let (outcome, out, counted) = play(vec![(60.0, Input::Line("q".into()))], true);
    assert_eq!(outcome, Outcome::Left);
    assert!(
        out.starts_with("Short\n4 steps, about 20 s + your pace: "),
        "{out}"
    );
    assert!(out.contains("Press Enter to begin"), "{out}");
    assert!(cues(&out).is_empty(), "nothing plays before Enter: {out}");
    assert!(counted.0.is_empty());
}

#[test]
fn pause_holds_every_cue_until_resumed() {
    let (_, out, _) = play(
        vec![
            (1.0, Input::Line("p".into())),
            (601.0, Input::Line("p".into())),
            (601.0, Input::Eof),
        ],
        false,
    );
    let lines = cues(&out);
    assert_eq!(lines[1], "[0:01] Paused. p and Enter to go on.");
    assert_eq!(lines[2], "[10:01] Going on.");
    assert_eq!(lines[3], "[10:03] Breathe in, 2 seconds. Breath 1 of 2.");
}

#[test]
fn n_skips_a_step_a_shows_the_anchor_and_q_stops_without_counting() {
    let (outcome, out, counted) = play(
        vec![
            (1.0, Input::Line("n".into())),
            (2.0, Input::Line("a".into())),
            (5.0, Input::Line("q".into())),
        ],
        false,
    );
    assert_eq!(outcome, Outcome::Stopped);
    let lines = cues(&out);
    assert_eq!(lines[1], "[0:01] Breathe in, 2 seconds. Breath 1 of 2.");
    assert!(
        lines[2].starts_with("[0:02] Feel your feet on the floor."),
        "{out}"
    );
    assert!(counted.0.is_empty());
}

#[test]
fn a_signal_stops_at_once() {
    let (outcome, out, counted) = play(vec![(4.0, Input::Stop)], false);
    assert_eq!(outcome, Outcome::Stopped);
    assert_eq!(cues(&out).len(), 2);
    assert!(counted.0.is_empty());
}

#[test]
fn in_a_pipe_it_plays_line_by_line_with_no_escape_bytes() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("tiny.toml"),
        "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.2\nexhale = 0.3\ncycles = 2\n",
    )
    .unwrap();
    let out = common::steady(home.path())
        .args(["run", "tiny.toml"])
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(common::terminal_safe(&stdout), "{stdout:?}");
    let texts: Vec<&str> = cues(&stdout).iter().map(|l| &l[7..]).collect();
    assert_eq!(
        texts,
        [
            "Breathe in, 0.2 seconds. Breath 1 of 2.",
            "Breathe out, 0.3 seconds.",
            "Breathe in, 0.2 seconds. Breath 2 of 2.",
            "Breathe out, 0.3 seconds.",
            "That's the end. You can come back any time.",
        ],
        "{stdout}"
    );
    assert!(stdout.contains("Completed once."), "{stdout}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_steady");
    let mut cmd = common::isolated("sh", home.path());
    cmd.arg("-c").arg(format!("'{bin}' run long-exhale --plain --no-record | head -n 1; echo \"status=${{PIPESTATUS:-?}}\""));
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Longer exhale\n"), "{stdout}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
