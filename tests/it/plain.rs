//! Plain mode: one line per cue, in order, when due, with no escape bytes; pause, skip,
//! anchor, stop and untimed steps from scripted input on an injected clock; and the
//! real thing in a pipe.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use steady::exercise::load::parse;
use steady::player::plain::{self, Input, Inputs};
use steady::player::state::Action;
use steady::player::state::{App, Current, Outcome};

use crate::harness::{self, FakeClock, Recorder};

const FIXTURE: &str = "title = \"Short\"\n\
    [[step]]\nkind = \"prompt\"\ntitle = \"Feet\"\ntext = \"Notice your feet.\"\nseconds = 3\n\
    [[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 4\ncycles = 2\n\
    [[step]]\nkind = \"prompt\"\nstyle = \"say\"\ntext = \"I can pause.\"\nuntil = \"key\"\n\
    [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 1.5\naway = 3\nrounds = 1\n";

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

fn play(script: Vec<(f64, Input)>, interactive: bool) -> (Outcome, String, Recorder) {
    play_at(FIXTURE, script, interactive, 1.0)
}

fn play_at(
    src: &str,
    script: Vec<(f64, Input)>,
    interactive: bool,
    speed: f64,
) -> (Outcome, String, Recorder) {
    let ex = parse(src).exercise.expect("valid fixture");
    let cur = Current::new("short".into(), ex, None);
    let start = Instant::now();
    let clock = FakeClock::at(start);
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
    let mut edges = Recorder::default();
    let mut app = App::for_exercise(cur);
    app.speed = speed;
    let outcome =
        plain::run(&mut out, app, &mut inputs, &clock, &mut edges, interactive).expect("plays");
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
            "[0:03] Breathe in, 2.",
            "[0:05] Breathe out, 4 seconds.",
            "[0:09] In, 2.",
            "[0:11] Out, 4.",
            "[0:15] Say, aloud or to yourself: “I can pause.” Press Enter when you're ready.",
            "[0:20] Look, 1.5 seconds.",
            "[0:21] Look away, 3 seconds.",
            "[0:24] That's the end. You can come back any time.",
        ]
    );
    assert!(out.ends_with("Completed once.\n"), "{out}");
    assert_eq!(counted.recorded, ["short"]);
    assert!(harness::terminal_safe(&out), "{out:?}");
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
    assert!(counted.recorded.is_empty());
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
    assert_eq!(lines[1], "[0:01] Paused. Enter or p to go on.");
    assert_eq!(lines[2], "[10:01] Going on.");
    assert_eq!(lines[3], "[10:03] Breathe in, 2.");
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
    assert_eq!(lines[1], "[0:01] Breathe in, 2.");
    assert!(
        lines[2].starts_with(
            "[0:02] You might feel your feet on the floor or the seat under you, and look or \
             listen around the room. Continue when you're ready, or stop."
        ),
        "{out}"
    );
    assert!(counted.recorded.is_empty());
}

#[test]
fn a_signal_stops_at_once() {
    let (outcome, out, counted) = play(vec![(4.0, Input::Stop)], false);
    assert_eq!(outcome, Outcome::Stopped);
    assert_eq!(cues(&out).len(), 2);
    assert!(counted.recorded.is_empty());
}

#[test]
fn in_a_pipe_it_plays_line_by_line_with_no_escape_bytes() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("tiny.toml"),
        "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.2\nexhale = 0.3\ncycles = 2\n",
    )
    .unwrap();
    let out = harness::plain_run(home.path(), "tiny.toml")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(harness::terminal_safe(&stdout), "{stdout:?}");
    let texts: Vec<&str> = cues(&stdout).iter().map(|l| &l[7..]).collect();
    assert_eq!(
        texts,
        [
            // Too brief for any number: the words alone.
            "In.",
            "Out.",
            "In.",
            "Out.",
            "That's the end. You can come back any time.",
        ],
        "{stdout}"
    );
    assert!(stdout.contains("Completed once."), "{stdout}");
}

// Unix only: a shell pipeline.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_steady");
    let mut cmd = harness::isolated("sh", home.path());
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
        let mut cmd = harness::isolated(bin, home.path());
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
        let helps = all.matches("Commands:").count();
        assert!(helps <= 2, "{endless}: commands shown {helps} times");
        assert!(all.contains("Stopped."), "{endless}: {all}");
        if let Some(f) = feeder {
            f.join().unwrap();
        }
    }
}

const BREATHS: &str = "title = \"Breaths\"\n\
    [[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 3\ncycles = 8\n\
    [[step]]\nkind = \"prompt\"\ntitle = \"Hands\"\ntext = \"Notice your hands.\"\nseconds = 4\n";

fn line(t: f64, s: &str) -> (f64, Input) {
    (t, Input::Line(s.into()))
}

#[test]
fn a_skip_inside_a_breathing_step_says_only_the_cue_it_lands_on() {
    // Sixteen breathing cues lie between the start and the prompt: a screen reader
    // must hear one line for the skip, not sixteen.
    let (_, out, _) = play_at(BREATHS, vec![line(6.0, "n"), (6.0, Input::Eof)], false, 1.0);
    let lines = cues(&out);
    assert_eq!(
        lines[..5],
        [
            "[0:00] Breathe in, 2.",
            "[0:02] Breathe out, 3 seconds.",
            // After the first breath, the short form a screen reader keeps up with.
            "[0:05] In, 2.",
            "[0:06] Hands. Notice your hands. (4 seconds)",
            "[0:10] That's the end. You can come back any time.",
        ],
        "{out}"
    );
}

#[test]
fn enter_resumes_b_goes_back_and_letters_work_in_any_case() {
    let (outcome, out, counted) = play_at(
        BREATHS,
        vec![
            line(1.0, "P"),
            line(5.0, ""),
            line(6.0, "N"),
            line(7.0, "b"),
            line(8.0, "QUIT"),
        ],
        false,
        1.0,
    );
    assert_eq!(outcome, Outcome::Stopped);
    assert!(counted.recorded.is_empty());
    let lines = cues(&out);
    assert_eq!(lines[1], "[0:01] Paused. Enter or p to go on.", "{out}");
    assert_eq!(lines[2], "[0:05] Going on.", "{out}");
    assert_eq!(
        lines[3], "[0:06] Hands. Notice your hands. (4 seconds)",
        "{out}"
    );
    assert_eq!(lines[4], "[0:07] Breathe in, 2.", "{out}");
    assert_eq!(lines.len(), 5, "{out}");
}

#[test]
fn s_f_and_t_slow_the_breath_speed_it_up_and_tell_the_time_left() {
    let (_, out, _) = play_at(
        BREATHS,
        vec![
            line(0.5, "s"),
            line(0.5, "t"),
            line(1.0, "f"),
            line(1.0, "f"),
            line(1.0, "stop"),
        ],
        false,
        1.0,
    );
    let lines = cues(&out);
    assert_eq!(
        lines[1], "[0:00] Breathing at 90% of the written pace.",
        "{out}"
    );
    assert!(
        lines[2].starts_with("[0:00] ") && lines[2].contains("left. Step 1 of 2."),
        "{out}"
    );
    assert_eq!(lines[3], "[0:01] Breathing at the written pace.", "{out}");
    // Already at the written pace: nothing to speed up.
    assert_eq!(lines.len(), 4, "{out}");
    assert!(out.contains("That does nothing here."), "{out}");
}

#[test]
fn at_ten_times_speed_the_lines_give_the_real_lengths() {
    let (_, out, _) = play_at(BREATHS, vec![(0.0, Input::Eof)], false, 10.0);
    assert!(out.contains("2 steps, about 4.4 s: "), "{out}");
    let lines = cues(&out);
    assert_eq!(lines[0], "[0:00] Breathe in, 0.2.", "{out}");
    assert_eq!(lines[1], "[0:00] Breathe out, 0.3 seconds.", "{out}");
}

#[test]
fn before_beginning_words_change_todays_look() {
    let (outcome, out, _) = play(
        vec![
            line(0.0, "look longer"),
            line(0.0, "LOOK+"),
            line(0.0, "look shorter"),
            line(0.0, "Q"),
        ],
        true,
    );
    assert_eq!(outcome, Outcome::Left);
    let looks: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Eye contact today"))
        .collect();
    assert_eq!(
        looks,
        [
            "Eye contact today: 1.5 seconds each look.",
            "Eye contact today: 2 seconds each look.",
            "Eye contact today: 2.5 seconds each look.",
            "Eye contact today: 2 seconds each look.",
        ],
        "{out}"
    );
}

/// `+` and `-` mean in plain mode what they mean on screen: the whole practice longer
/// or shorter, never today's look; and the same words in both players' preview reach
/// the same state.
#[test]
fn plus_and_minus_change_the_length_in_both_players() {
    let (_, out, _) = play(
        vec![
            line(0.0, "+"),
            line(0.0, "+"),
            line(0.0, "-"),
            line(0.0, "q"),
        ],
        true,
    );
    let lengths: Vec<&str> = out.lines().filter(|l| l.starts_with("Length: ")).collect();
    assert_eq!(
        lengths,
        [
            "Length: 150% of the written practice, about 32 s + your pace.",
            "Length: 200% of the written practice, about 39 s + your pace.",
            "Length: 150% of the written practice, about 32 s + your pace.",
        ],
        "{out}"
    );
    let looks = out
        .lines()
        .filter(|l| l.starts_with("Eye contact today"))
        .count();
    assert_eq!(looks, 1, "the look did not change:\n{out}");
    // The full-screen preview, its `+` key pressed twice and `-` once, is at 150 % too.
    let ex = parse(FIXTURE).exercise.expect("valid");
    let mut app = App::for_exercise(Current::new("short".into(), ex, None));
    let now = Instant::now();
    for c in ['+', '+', '-'] {
        let key = steady::player::keys::Key::Char(c);
        let action = steady::player::keys::action(&app, key).expect("a key of the preview");
        assert_eq!(
            Some(action),
            steady::player::keys::typed_here(&app, &c.to_string())
        );
        app.apply(action, now);
    }
    assert_eq!(app.current().map(|c| c.length), Some(1.5));
}

/// Plain mode's preview lists its own commands, and only those that do something
/// here; the playing commands follow once the practice begins.
#[test]
fn the_preview_lists_its_own_commands_and_playing_lists_the_rest() {
    let (_, out, _) = play(vec![line(0.0, ""), line(0.5, "q")], true);
    let commands: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Commands: "))
        .collect();
    assert_eq!(commands.len(), 2, "{out}");
    assert!(commands[0].contains("Enter begins"), "{out}");
    assert!(commands[0].contains("+ or - changes the length"), "{out}");
    assert!(!commands[0].contains("p pauses"), "{out}");
    assert!(commands[1].contains("p pauses or resumes"), "{out}");
    assert!(!commands[1].contains("Enter begins"), "{out}");
    // A practice with no eye contact is offered no look to change.
    let src = "title = \"t\"\n[[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 3\ncycles = 2\n";
    let (_, out, _) = play_at(src, vec![line(0.0, "q")], true, 1.0);
    assert!(!out.contains("today's look"), "{out}");
}

/// The full-screen engine driven by the same actions at the same times, ticking every
/// 10 ms as its loop would at least: the cues it starts, in order.
fn cues_on_screen(src: &str, script: &[(f64, Action)]) -> Vec<usize> {
    use steady::player::state::{App, Effect};
    let ex = parse(src).exercise.expect("valid");
    let mut app = App::for_exercise(Current::new("x".into(), ex, None));
    let t0 = Instant::now();
    let mut started = Vec::new();
    let mut note = |effects: Vec<Effect>| {
        for e in effects {
            if let Effect::CueStarted(i) = e {
                started.push(i);
            }
        }
    };
    note(app.apply(Action::Begin, t0));
    let mut script = script.iter().peekable();
    for ms in (0..60_000u64).step_by(10) {
        let now = t0 + Duration::from_millis(ms);
        while let Some((_, a)) = script.next_if(|(t, _)| Duration::from_secs_f64(*t) <= now - t0) {
            note(app.apply(*a, now));
        }
        note(app.tick(now));
        if app.outcome.is_some() || app.kind() == steady::player::state::ScreenKind::Closing {
            break;
        }
    }
    started
}

#[test]
fn the_same_actions_start_the_same_cues_in_both_players() {
    let script = [
        (1.0, Action::Next),
        (2.5, Action::TogglePause),
        (4.0, Action::TogglePause),
        (5.0, Action::Back),
        (6.0, Action::Slower),
        (9.0, Action::Next),
        (9.5, Action::Next),
    ];
    let words = |a: Action| match a {
        Action::Next => "n",
        Action::Back => "b",
        Action::TogglePause => "p",
        Action::Slower => "s",
        _ => unreachable!(),
    };
    let typed: Vec<(f64, Input)> = script
        .iter()
        .map(|&(t, a)| (t, Input::Line(words(a).into())))
        .chain([(20.0, Input::Eof)])
        .collect();
    let two_steps = "title = \"Two\"\n\
        [[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 3\ncycles = 3\n\
        [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 1\naway = 2\nrounds = 3\n\
        [[step]]\nkind = \"prompt\"\ntext = \"Feet\"\nseconds = 3\n";
    let (_, out, plain) = play_at(two_steps, typed, false, 1.0);
    let screen = cues_on_screen(two_steps, &script);
    assert_eq!(plain.cues, screen, "plain mode said:\n{out}");
    // And they landed where they should: the first look, its away, then back to the
    // first breath, the first look again, and the prompt.
    assert_eq!(screen, [0, 6, 7, 0, 1, 6, 12], "{screen:?}");
}

#[test]
fn in_plain_mode_too_skipping_eye_contact_that_grows_is_not_counted() {
    let grows = "title = \"Looks\"\n\
        [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 3\nrounds = 3\ngrow = 0.5\nmax_look = 5\n\
        [[step]]\nkind = \"prompt\"\ntext = \"Feet\"\nseconds = 2\n";
    let (outcome, out, counted) =
        play_at(grows, vec![line(1.0, "n"), (1.0, Input::Eof)], false, 1.0);
    assert_eq!(outcome, Outcome::Completed);
    assert!(counted.recorded.is_empty(), "{out}");
    assert!(out.contains("That's the end."), "{out}");
    assert!(!out.contains("Completed"), "names no count: {out}");
    // Said once, kindly, why.
    assert_eq!(out.matches(steady::words::LOOK_EASED).count(), 1, "{out}");

    let (_, _, counted) = play_at(grows, vec![(0.0, Input::Eof)], false, 1.0);
    assert_eq!(counted.recorded, ["short"], "a full run counts");
}

#[test]
fn plain_mode_says_each_eye_contact_setup_and_each_step_title_and_gives_time_to_read() {
    let src = "title = \"Two looks\"\nformat = 2\nsource = \"A teacher's practice\"\n\
        [[step]]\nkind = \"eye-contact\"\ntitle = \"Mirror\"\nsetup = \"Sit by a mirror.\"\nlook = 1\naway = 2\nrounds = 1\n\
        [[step]]\nkind = \"breathe\"\ntitle = \"Settle\"\ninhale = 2\nhold_in = 2\nhold_in_text = \"Pause, full\"\nexhale = 4\ncycles = 1\n\
        [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nsetup = \"Now a photo you like.\"\nlook = 1\naway = 2\nrounds = 1\n";
    let (_, out, _) = play_at(src, vec![(0.0, Input::Eof)], false, 1.0);
    assert!(out.contains("Source: A teacher's practice"), "{out}");
    let lines = cues(&out);
    assert_eq!(
        lines[..6],
        [
            "[0:00] Mirror.",
            "[0:00] Sit by a mirror.",
            // Time to read the setup and turn to the mirror before the first look, and
            // what each look and rest will be.
            "[0:00] Before the first look, 3 seconds. Then 1 round: look, 1 second; then look away, 2 seconds.",
            // Words that fit the second: "Look, 1 second." would outlast it.
            "[0:03] Look, 1.",
            "[0:04] Look away, 2 seconds.",
            "[0:06] Settle.",
        ],
        "{out}"
    );
    assert!(out.contains("] Pause, full, 2 seconds."), "{out}");
    assert!(out.contains("] Now a photo you like."), "{out}");
}

#[test]
fn a_soft_timed_check_in_waits_after_its_guide_and_moves_on_10_s_after_input_ends() {
    let src = "title = \"Rounds\"\nformat = 2\n\
        [[step]]\nkind = \"prompt\"\ntitle = \"Check-in\"\ntext = \"How is it now?\"\nseconds = 20\nuntil = \"enter\"\n\
        [[step]]\nkind = \"prompt\"\ntext = \"Feet\"\nseconds = 5\n";
    // Enter early moves on at once.
    let (_, out, _) = play_at(src, vec![line(3.0, ""), (30.0, Input::Eof)], false, 1.0);
    let lines = cues(&out);
    assert_eq!(
        lines[0],
        "[0:00] Check-in. How is it now? (about 20 seconds, then Enter when you're ready)",
        "{out}"
    );
    assert_eq!(lines[1], "[0:03] Feet (5 seconds)", "{out}");
    // With nothing typed and the input ended, it waits out the guide, then 10 s more.
    let (_, out, _) = play_at(src, vec![(0.0, Input::Eof)], false, 1.0);
    assert_eq!(cues(&out)[1], "[0:30] Feet (5 seconds)", "{out}");
}

#[test]
fn sound_may_start_once_the_preview_is_out_and_before_the_first_cue() {
    let (_, out, edges) = play(vec![], false);
    assert!(out.lines().count() > 3, "{out}");
    assert_eq!(edges.shown, [0], "told once, before any cue");
    assert!(!edges.cues.is_empty());
}

/// Every line plain mode prints for a timed cue of a built-in can be said, at the
/// reading rate, before the cue ends: a screen reader is never still talking when the
/// next cue comes. (A prompt's words are checked by `reading-time`; a lead-in's by its
/// length, which is their reading time.)
#[test]
fn every_plain_line_of_a_built_in_is_said_within_its_cue() {
    use steady::player::plain::cue_line;
    use steady::player::state::Current;
    use steady::timeline::CueKind;
    for (id, src) in steady::library::builtins() {
        let ex = steady::exercise::load::parse(src)
            .exercise
            .expect("built-ins load");
        let cur = Current::new(id.to_string(), ex, None);
        for cue in &cur.timeline.cues {
            let (Some(len), false) = (cue.length, cue.waits) else {
                continue;
            };
            if matches!(cue.kind, CueKind::Prompt) {
                continue;
            }
            let line = cue_line(&cur, cue, 1.0);
            let needs = steady::exercise::reading_time(&line);
            assert!(needs <= len, "{id}: {line:?} needs {needs:?}, has {len:?}");
        }
    }
}

/// Lengths said are the real ones: a length written to the hundredth is said as
/// written, one a ramp computes finer to the tenth.
#[test]
fn lengths_are_said_as_written() {
    use steady::player::plain::spoken;
    assert_eq!(spoken(Duration::from_millis(2250)), "2.25 seconds");
    assert_eq!(spoken(Duration::from_millis(4500)), "4.5 seconds");
    assert_eq!(spoken(Duration::from_millis(5136)), "5.1 seconds");
    assert_eq!(spoken(Duration::from_millis(350)), "0.35 seconds");
    assert_eq!(spoken(Duration::from_secs(1)), "1 second");
}

/// One `n` a second into a one-step exercise reaches the end having practised nothing:
/// not counted, and the closing words say why, without a word of failure.
#[test]
fn an_end_reached_by_skipping_every_part_is_not_counted_and_says_so() {
    let one = "title = \"One\"\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 3\n";
    let (outcome, out, counted) = play_at(one, vec![line(1.0, "n"), (1.0, Input::Eof)], false, 1.0);
    assert_eq!(outcome, Outcome::Completed);
    assert!(counted.recorded.is_empty(), "{out}");
    assert!(!out.contains("Completed"), "{out}");
    assert!(out.contains(steady::words::ALL_SKIPPED), "{out}");
    // A breath that ran to its end, then a skip: practised, and counted.
    let (_, out, counted) = play_at(one, vec![line(11.0, "n"), (11.0, Input::Eof)], false, 1.0);
    assert_eq!(counted.recorded, ["short"], "{out}");
}

/// A tap step in plain mode: its title and words, the time before the first tap with
/// the beat and how many, then one short line a tap, each said well within its beat.
#[test]
fn tapping_says_what_to_do_first_then_each_side_in_a_word() {
    let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"tap\"\ntitle = \"Butterfly\"\ntext = \"Arms crossed.\"\nbeat = 1\ntaps = 4\n";
    let (outcome, out, _) = play_at(src, vec![(0.0, Input::Eof)], false, 1.0);
    assert_eq!(outcome, Outcome::Completed);
    assert_eq!(
        cues(&out),
        [
            "[0:00] Butterfly.",
            "[0:00] Arms crossed.",
            "[0:00] Before the first tap, 5 seconds. Then 4 taps, left and right, 1 second each.",
            "[0:05] Left.",
            "[0:06] Right.",
            "[0:07] Left.",
            "[0:08] Right.",
            "[0:09] That's the end. You can come back any time.",
        ]
    );
}

/// A choice in plain mode: the question and each option with its number on one line;
/// a typed number or label chooses, and Enter alone, or no answer at the end of the
/// input, is "none of these".
#[test]
fn a_choice_is_answered_by_number_or_label_or_not_at_all() {
    let src = crate::format2::choosing::CHOICE;
    let (_, out, _) = play_at(src, vec![(1.0, Input::Line("hands".into()))], false, 1.0);
    let lines = cues(&out);
    assert_eq!(
        lines[0],
        "[0:00] Which feels okay? 1 Feet, 2 Hands. Type a number from 1 to 2 and Enter, or Enter alone for none of these."
    );
    assert_eq!(lines[1], "[0:01] Hands. Notice your hands. (20 seconds)");
    let (_, out, _) = play_at(src, vec![(1.0, Input::Line("1".into()))], false, 1.0);
    assert_eq!(cues(&out)[1], "[0:01] Feet. Notice your feet. (20 seconds)");
    let (_, out, _) = play_at(src, vec![(1.0, Input::Line(String::new()))], false, 1.0);
    assert_eq!(cues(&out)[1], "[0:01] After. (5 seconds)");
    // With nothing to read, the choice waits ten seconds, and chooses nothing.
    let (_, out, _) = play_at(src, vec![(0.0, Input::Eof)], false, 1.0);
    assert_eq!(cues(&out)[1], "[0:10] After. (5 seconds)");
}

/// A title that ends in its own punctuation gets no full stop after it ("Ready?.").
#[test]
fn a_title_ending_in_a_question_mark_is_not_given_a_full_stop() {
    let src = "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntitle = \"Ready?\"\ntext = \"Notice your feet.\"\nseconds = 3\n";
    let (_, out, _) = play_at(src, vec![(0.0, Input::Eof)], false, 1.0);
    assert_eq!(cues(&out)[0], "[0:00] Ready? Notice your feet. (3 seconds)");
}

/// A round is announced once: not again when the step's own title already says it.
#[test]
fn a_round_titled_by_its_author_is_announced_once() {
    let src = "title = \"t\"\nformat = 2\n[[step]]\nkind = \"repeat\"\ntimes = 2\n\
        [[step.step]]\nkind = \"prompt\"\ntitle = \"Round {round} of {rounds}\"\ntext = \"Notice.\"\nseconds = 2\n";
    let (_, out, _) = play_at(src, vec![(0.0, Input::Eof)], false, 1.0);
    assert_eq!(out.matches("Round 1 of 2").count(), 1, "{out}");
    assert_eq!(out.matches("Round 2 of 2").count(), 1, "{out}");
}

#[test]
fn in_plain_mode_stay_keeps_todays_look_and_the_end_says_so() {
    let grows = "title = \"Looks\"\n\
        [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 2\naway = 3\nrounds = 1\ngrow = 0.5\nmax_look = 5\n";
    let (outcome, out, counted) = play_at(
        grows,
        vec![line(0.0, "stay"), line(0.0, ""), (0.0, Input::Eof)],
        true,
        1.0,
    );
    assert_eq!(outcome, Outcome::Completed);
    // Offered before, with what a counted practice adds.
    assert!(
        out.contains(
            "It grows 0.5 seconds with each practice; stay keeps it as it is for next time, and this one still counts."
        ),
        "{out}"
    );
    assert!(
        out.contains("stay keeps today's look for next time"),
        "{out}"
    );
    assert!(
        out.contains("Staying at this look: this practice counts, and the look stays as it is next time (stay again lets it grow)."),
        "{out}"
    );
    assert_eq!(counted.growths, [steady::exercise::Growth::Stays], "{out}");
    assert!(out.contains(steady::words::LOOK_STAYS), "{out}");

    // A shorter look says beforehand what it does to the count.
    let (_, out, counted) = play_at(
        grows,
        vec![line(0.0, "look shorter"), line(0.0, ""), (0.0, Input::Eof)],
        true,
        1.0,
    );
    assert!(
        out.contains(
            "A shorter look today: the look stays as it is, and this practice isn't counted."
        ),
        "{out}"
    );
    assert!(counted.recorded.is_empty(), "{out}");
    // With nobody to type it, it is not offered.
    let (_, out, _) = play_at(grows, vec![(0.0, Input::Eof)], false, 1.0);
    assert!(!out.contains("keeps it as it is"), "{out}");
    // Without it, the practice grows the look, and the end says nothing of it.
    let (_, out, counted) = play_at(grows, vec![line(0.0, ""), (0.0, Input::Eof)], true, 1.0);
    assert_eq!(counted.growths, [steady::exercise::Growth::Grows], "{out}");
    assert!(!out.contains(steady::words::LOOK_STAYS), "{out}");
}

/// Lines steady doesn't know, arriving faster than the cues change (a flood on stdin),
/// never hold the practice up: each cue is still said at its time, and the end comes.
/// (Only known commands moved the clock on, so `yes xyz |` kept it at the first look.)
#[test]
fn a_flood_of_unknown_lines_never_holds_the_practice_up() {
    let src = "title = \"Looks\"\n\
        [[step]]\nkind = \"eye-contact\"\nlead_in = 0\nlook = 4\naway = 3\nrounds = 2\n";
    let mut script: Vec<(f64, Input)> = (0..60).map(|i| line(f64::from(i) * 0.25, "xyz")).collect();
    script.push((15.0, Input::Eof));
    let (outcome, out, counted) = play_at(src, script, false, 1.0);
    assert_eq!(outcome, Outcome::Completed, "{out}");
    assert_eq!(
        cues(&out),
        [
            "[0:00] Look, 4 seconds. Round 1 of 2.",
            "[0:04] Look away, 3 seconds.",
            "[0:07] Look, 4 seconds. Round 2 of 2.",
            "[0:11] Look away, 3 seconds.",
            "[0:14] That's the end. You can come back any time.",
        ],
        "{out}"
    );
    assert_eq!(counted.recorded, ["short"]);
    // The list of commands is said once for all of them.
    assert_eq!(out.matches("Commands:").count(), 1, "{out}");
}
