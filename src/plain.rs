//! Plain mode: one line per cue as it happens, for screen readers, logs and pipes. The
//! same timeline and session as the full-screen player; no cursor movement, no escape
//! bytes, no per-second ticks. Each line is flushed the moment its cue is due.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::app::{Current, Outcome};
use crate::edges::{Edges, Recorded};
use crate::exercise::StepKind;
use crate::play::Clock;
use crate::session::Session;
use crate::timeline::{Cue, CueKind};
use crate::{human, text, words};

/// With stdin at its end, a step that waits for Enter moves on after this long.
pub const EOF_WAIT: Duration = Duration::from_secs(10);

/// What can arrive while playing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A line typed on stdin, without its newline.
    Line(String),
    /// Stdin is at its end: nothing more will be typed.
    Eof,
    /// SIGINT, SIGTERM or SIGHUP.
    Stop,
}

/// Where input comes from: stdin and signals, or a script in tests.
pub trait Inputs {
    /// The next input, waiting at most `timeout` (`None`: as long as it takes).
    fn next(&mut self, timeout: Option<Duration>) -> Option<Input>;
}

/// A command is a word or two: a longer line is cut to this many bytes.
pub const MAX_LINE: usize = 256;
/// Past this many bytes without a newline, stdin is not someone typing (`</dev/zero`):
/// it is read no further, as if it had ended.
pub const MAX_UNBROKEN: usize = 64 * 1024;
/// Lines read ahead of the player, enough for a burst of typing. When it is full the
/// reading thread waits, so `yes | steady` holds a few lines, never gigabytes.
const QUEUE: usize = 16;

/// Stdin lines and signals, each read on a thread of its own into one bounded channel,
/// so the loop sleeps until a cue is due or something arrives, with no polling. A
/// signal also sets a flag of its own that is looked at before any line, so a stop
/// never waits behind a queue of typed lines.
pub struct Stdin {
    rx: mpsc::Receiver<Input>,
    stop: Arc<AtomicBool>,
}

impl Stdin {
    pub fn start() -> io::Result<Self> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let lines = tx.clone();
        std::thread::spawn(move || {
            let mut stdin = io::stdin().lock();
            while let Ok(Some(line)) = read_line(&mut stdin) {
                if lines.send(Input::Line(line)).is_err() {
                    return;
                }
            }
            let _ = lines.send(Input::Eof);
        });
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                flag.store(true, Ordering::SeqCst);
                // Wakes a waiting loop; when the queue is full the loop is not waiting,
                // and sees the flag at its next look.
                let _ = tx.try_send(Input::Stop);
            }
        });
        Ok(Self { rx, stop })
    }
}

/// One line of at most [`MAX_LINE`] bytes (the rest of a longer one is dropped), read
/// without keeping more than that. `None` at the end of input, or after
/// [`MAX_UNBROKEN`] bytes with no newline.
pub fn read_line(r: &mut impl io::BufRead) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    let mut seen = 0usize;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((seen > 0).then(|| String::from_utf8_lossy(&line).into_owned()));
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        let room = MAX_LINE.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = done.unwrap_or(buf.len());
        seen += used;
        r.consume(used);
        if done.is_some() {
            return Ok(Some(String::from_utf8_lossy(&line).into_owned()));
        }
        if seen > MAX_UNBROKEN {
            return Ok(None);
        }
    }
}

impl Inputs for Stdin {
    fn next(&mut self, timeout: Option<Duration>) -> Option<Input> {
        if self.stop.load(Ordering::SeqCst) {
            return Some(Input::Stop);
        }
        let got = match timeout {
            Some(t) => self.rx.recv_timeout(t).ok(),
            // Both threads gone cannot happen while steady runs; treat it as a stop.
            None => Some(self.rx.recv().unwrap_or(Input::Stop)),
        };
        if self.stop.load(Ordering::SeqCst) {
            return Some(Input::Stop);
        }
        got
    }
}

pub struct Options {
    /// Stdin is a terminal: show the commands and wait for Enter to begin.
    pub interactive: bool,
    pub speed: f64,
    /// The breathing pace to start at, in tenths (the config's `pace`).
    pub pace: u8,
}

/// "4 seconds", "1 second", "4.5 seconds", "1 minute 30 seconds": for reading aloud.
pub fn spoken(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 60_000 {
        let s = human::trim_float(d.as_secs_f64());
        let unit = if s == "1" { "second" } else { "seconds" };
        return format!("{s} {unit}");
    }
    let secs = (ms + 500) / 1000;
    let (m, s) = (secs / 60, secs % 60);
    let minutes = if m == 1 {
        "1 minute".to_owned()
    } else {
        format!("{m} minutes")
    };
    match s {
        0 => minutes,
        1 => format!("{minutes} 1 second"),
        s => format!("{minutes} {s} seconds"),
    }
}

/// The line for a cue, without its time.
pub fn cue_line(cur: &Current, cue: &Cue) -> String {
    let label = words::cue_label(&cur.exercise, cue);
    let length = cue.length.map(spoken);
    let (n, of) = cue.rep;
    match (&cur.exercise.steps[cue.step].kind, cue.kind) {
        (StepKind::Prompt(p), _) => {
            let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut line = match (&p.title, p.say) {
                (Some(t), true) => format!("{t}. {} “{text}”", words::SAY),
                (Some(t), false) => format!("{t}. {text}"),
                (None, true) => format!("{} “{text}”", words::SAY),
                (None, false) => text,
            };
            match length {
                Some(l) => line.push_str(&format!(" ({l})")),
                None => line.push_str(&format!(" {}.", words::WAITING)),
            }
            line
        }
        (_, CueKind::Inhale) if of > 1 => {
            format!(
                "{label}, {}. Breath {n} of {of}.",
                length.unwrap_or_default()
            )
        }
        (_, CueKind::Look) if of > 1 => {
            format!(
                "{label}, {}. Round {n} of {of}.",
                length.unwrap_or_default()
            )
        }
        _ => format!("{label}, {}.", length.unwrap_or_default()),
    }
}

/// The preview, as a few lines.
fn preview(out: &mut dyn Write, cur: &Current, opts: &Options) -> io::Result<()> {
    let ex = &cur.exercise;
    writeln!(out, "{}", ex.title)?;
    for text in [&ex.about, &ex.note].into_iter().flatten() {
        writeln!(out, "{}", one_line(text))?;
    }
    let steps = ex.steps.len();
    let involves = words::involves(ex).join("; ");
    let s = if steps == 1 { "" } else { "s" };
    writeln!(
        out,
        "{steps} step{s}, {}: {involves}.",
        cur.timeline.length_text()
    )?;
    if let Some(look) = cur.look_today() {
        writeln!(out, "Eye contact today: {} each look.", spoken(look))?;
    }
    if cur.shares_count {
        writeln!(out, "{}", words::SHARES_COUNT)?;
    }
    if opts.interactive {
        writeln!(out, "{}", words::PLAIN_COMMANDS)?;
        writeln!(out, "{}", words::PLAIN_BEGIN)?;
    }
    out.flush()
}

/// Text that may hold newlines and tabs, as one line.
fn one_line(s: &str) -> String {
    text::escape(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// Plays `cur` line by line until the end, a stop, or a closed output.
pub fn run(
    out: &mut dyn Write,
    cur: &Current,
    inputs: &mut dyn Inputs,
    clock: &dyn Clock,
    edges: &mut dyn Edges,
    opts: &Options,
) -> io::Result<Outcome> {
    preview(out, cur, opts)?;
    if opts.interactive {
        loop {
            match inputs.next(None) {
                Some(Input::Line(l)) if l.trim() == "q" => return Ok(Outcome::Left),
                Some(Input::Line(_)) | Some(Input::Eof) => break,
                Some(Input::Stop) => return Ok(Outcome::Left),
                None => {}
            }
        }
    }
    let timeline = &cur.timeline;
    let t0 = clock.now();
    let mut session = Session::start_at_speed(timeline, t0, opts.speed).with_pace(opts.pace);
    let mut announced = 0;
    let mut eof = false;
    let mut waiting_since: Option<Instant> = None;
    // The commands are shown once after a line steady doesn't know, not once a line:
    // `yes | steady --plain` must not flood a screen reader.
    let mut helped = false;
    let stamp = |now: Instant| human::clock(now.saturating_duration_since(t0));
    loop {
        let now = clock.now();
        let m = session.at(now);
        while announced <= m.cue && announced < timeline.cues.len() {
            let cue = &timeline.cues[announced];
            writeln!(out, "[{}] {}", stamp(now), cue_line(cur, cue))?;
            out.flush()?;
            edges.cue_started(cur, announced);
            waiting_since = cue.length.is_none().then_some(now);
            announced += 1;
        }
        if m.finished {
            writeln!(out, "[{}] {}", stamp(now), words::THE_END)?;
            out.flush()?;
            let mut recorded = edges.record_completion(&cur.id);
            // Another steady holds the lock: try again for a few seconds, and q or a
            // signal still ends it at once.
            while recorded == Recorded::Saving {
                if let Some(r) = edges.retry_record(clock.now()) {
                    recorded = r;
                    break;
                }
                match inputs.next(Some(crate::play::RETRY)) {
                    Some(Input::Stop) => recorded = edges.abandon_record(),
                    Some(Input::Line(l)) if l.trim() == "q" => recorded = edges.abandon_record(),
                    _ => {}
                }
            }
            match recorded {
                Recorded::Counted(n) => writeln!(out, "{}", words::completed_times(n))?,
                Recorded::Failed(why) => writeln!(out, "{} {why}", words::NOT_COUNTED)?,
                Recorded::Busy => writeln!(out, "{}", words::BUSY)?,
                Recorded::Hidden | Recorded::Off | Recorded::Saving => {}
            }
            out.flush()?;
            return Ok(Outcome::Completed);
        }
        let timeout = if m.paused {
            None
        } else if let Some(due) = session.cue_deadline() {
            Some(due.saturating_duration_since(clock.now()))
        } else if eof {
            let since = waiting_since.unwrap_or(now);
            Some((since + EOF_WAIT).saturating_duration_since(clock.now()))
        } else {
            None
        };
        match inputs.next(timeout) {
            None => {
                let now = clock.now();
                if eof && m.cue_left.is_none() && waiting_since.is_some_and(|w| now >= w + EOF_WAIT)
                {
                    session.continue_untimed(now);
                }
            }
            Some(Input::Stop) => return Ok(Outcome::Stopped),
            Some(Input::Eof) => {
                eof = true;
                // The ten seconds count from when the input ended, if that was later.
                waiting_since = waiting_since.map(|w| w.max(clock.now()));
            }
            Some(Input::Line(line)) => {
                let now = clock.now();
                let word = line.trim();
                helped &= !matches!(word, "q" | "p" | "n" | "a" | "");
                match word {
                    "q" => return Ok(Outcome::Stopped),
                    "p" if session.is_paused() => {
                        session.resume(now);
                        writeln!(out, "[{}] {}", stamp(now), words::PLAIN_RESUMED)?;
                    }
                    "p" => {
                        session.pause(now);
                        writeln!(out, "[{}] {}", stamp(now), words::PLAIN_PAUSED)?;
                    }
                    "n" => session.skip_step(timeline, now),
                    "a" => {
                        session.pause(now);
                        let anchor = cur.exercise.anchor.as_deref().unwrap_or(words::ANCHOR);
                        writeln!(
                            out,
                            "[{}] {} {}",
                            stamp(now),
                            one_line(anchor),
                            words::PLAIN_PAUSED
                        )?;
                    }
                    "" if session.is_paused() => {
                        session.resume(now);
                        writeln!(out, "[{}] {}", stamp(now), words::PLAIN_RESUMED)?;
                    }
                    "" => session.continue_untimed(now),
                    _ if helped => {}
                    _ => {
                        writeln!(out, "{}", words::PLAIN_COMMANDS)?;
                        helped = true;
                    }
                }
                out.flush()?;
            }
        }
    }
}
