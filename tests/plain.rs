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
        pace: 10,
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

/// A reader that counts what was taken from it.
struct Counted<R> {
    inner: R,
    taken: usize,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken += n;
        Ok(n)
    }
}

#[test]
fn a_line_without_end_is_read_only_so_far_and_a_long_line_is_cut() {
    use std::io::{BufReader, Read};
    // `</dev/zero`: one endless line. Reading stops, having kept at most a line's worth.
    let mut zeros = BufReader::new(Counted {
        inner: std::io::repeat(0),
        taken: 0,
    });
    assert_eq!(plain::read_line(&mut zeros).unwrap(), None);
    let taken = zeros.get_ref().taken;
    assert!(taken <= plain::MAX_UNBROKEN + 8192, "read {taken} bytes");

    let long = format!("{}\nq\n", "x".repeat(10 * plain::MAX_LINE));
    let mut r = BufReader::new(long.as_bytes().chain(&b""[..]));
    let first = plain::read_line(&mut r).unwrap().unwrap();
    assert_eq!(first.len(), plain::MAX_LINE);
    assert_eq!(plain::read_line(&mut r).unwrap().as_deref(), Some("q"));
    assert_eq!(plain::read_line(&mut r).unwrap(), None);
}

/// Resident memory of a running process, in KiB, from `/proc`.
#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `yes | steady --plain` and `</dev/zero`: memory stays small, the commands are shown
/// once rather than once a line, and SIGTERM stops it at once, not behind the queue.
#[cfg(target_os = "linux")]
#[test]
fn endless_input_keeps_memory_bounded_and_a_signal_still_stops_it() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_steady");
    for endless in ["yes", "zero"] {
        let mut cmd = common::isolated(bin, home.path());
        cmd.args(["run", "long-exhale", "--plain", "--mute", "--no-record"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut feeder = None;
        if endless == "zero" {
            cmd.stdin(std::fs::File::open("/dev/zero").unwrap());
        } else {
            cmd.stdin(Stdio::piped());
        }
        let mut child = cmd.spawn().unwrap();
        if let Some(mut stdin) = child.stdin.take() {
            feeder = Some(std::thread::spawn(move || {
                let chunk = "y\n".repeat(4096);
                while stdin.write_all(chunk.as_bytes()).is_ok() {}
            }));
        }
        // Wait until it has played its first cue: by then it has met plenty of input.
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut seen = String::new();
        while !seen.contains("Breathe in") {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                break;
            }
            seen.push_str(&line);
        }
        assert!(seen.contains("Breathe in"), "{endless}: {seen}");
        let rss = rss_kib(child.id()).unwrap_or(0);
        assert!(rss < 64 * 1024, "{endless}: {rss} KiB resident");
        let pid = child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{endless}: {seen}{rest}");
        let all = seen + &rest;
        let helps = all.matches(steady::words::PLAIN_COMMANDS).count();
        assert!(helps <= 2, "{endless}: commands shown {helps} times");
        assert!(all.contains("Stopped."), "{endless}: {all}");
        if let Some(f) = feeder {
            f.join().unwrap();
        }
    }
}
