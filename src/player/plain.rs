//! Plain mode: one line per cue as it happens, for screen readers, logs and pipes. The
//! same timeline and session as the full-screen player; no cursor movement, no escape
//! bytes, no per-second ticks. Each line is flushed the moment its cue is due.

use std::io::{self, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::state::{Action, App, Current, Effect, Outcome, Practice, Recorded, ScreenKind};
use super::stop::{self, Stop};
use super::terminal::Clock;
use super::world::World;
use super::{drive, keys};
use crate::exercise::StepKind;
use crate::timeline::{Cue, CueKind};
use crate::{durations, text, words};

/// With stdin at its end, a step that waits for Enter moves on after this long.
pub const EOF_WAIT: Duration = Duration::from_secs(10);

/// What can arrive while playing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A line typed on stdin, without its newline.
    Line(String),
    /// Stdin is at its end: nothing more will be typed.
    Eof,
    /// Asked from outside to stop: a signal, or the console (see [`stop`]).
    Stop,
}

/// Where input comes from: stdin and stops, or a script in tests.
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

/// Stdin lines and stops, each read on a thread of its own into one bounded channel,
/// so the loop sleeps until a cue is due or something arrives, with no polling where
/// the platform can wake it (see [`stop`]). A stop also sets a flag of its own that is
/// looked at before any line, so it never waits behind a queue of typed lines.
pub struct Stdin {
    rx: mpsc::Receiver<Input>,
    stop: Stop,
    /// Keeps the channel open when stdin has ended and no stop can wake it (Windows), so
    /// a wait lasts its time rather than failing at once.
    _open: mpsc::SyncSender<Input>,
}

impl Stdin {
    pub fn start() -> io::Result<Self> {
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
        // Wakes a waiting loop; when the queue is full the loop is not waiting, and sees
        // the flag at its next look.
        let open = tx.clone();
        let stop = Stop::listen(move || {
            let _ = tx.try_send(Input::Stop);
        })?;
        Ok(Self {
            rx,
            stop,
            _open: open,
        })
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

impl Stdin {
    /// Whether a stop was asked for (it stays asked after `run` returns).
    pub fn stopped(&self) -> bool {
        self.stop.asked()
    }
}

impl Inputs for Stdin {
    fn next(&mut self, timeout: Option<Duration>) -> Option<Input> {
        // A wait too long to have an end (`checked_add` fails) is one without.
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        loop {
            if self.stop.asked() {
                return Some(Input::Stop);
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let got = match stop::wait_slice(left, stop::WAKES) {
                Some(t) => match self.rx.recv_timeout(t) {
                    Ok(input) => Some(input),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    // Every sender gone cannot happen while steady runs (`_open`).
                    Err(mpsc::RecvTimeoutError::Disconnected) => Some(Input::Stop),
                },
                None => Some(self.rx.recv().unwrap_or(Input::Stop)),
            };
            if self.stop.asked() {
                return Some(Input::Stop);
            }
            match (got, deadline) {
                (Some(input), _) => return Some(input),
                (None, Some(d)) if Instant::now() >= d => return None,
                // Only a slice of the wait has passed: look at the flag, wait on.
                (None, _) => {}
            }
        }
    }
}

/// How long `d` of authored time really takes at `speed` (`--speed`; 1 in practice):
/// lengths said aloud are the real ones.
fn real(d: Duration, speed: f64) -> Duration {
    if speed == 1.0 || !speed.is_finite() || speed <= 0.0 {
        d
    } else {
        d.div_f64(speed)
    }
}

/// A length under a minute as a bare number of seconds ("4", "5.1", "0.25"), as
/// [`spoken`] rounds it; longer ones as [`spoken`] says them.
fn number(d: Duration) -> String {
    let said = spoken(d);
    match said
        .strip_suffix(" seconds")
        .or_else(|| said.strip_suffix(" second"))
    {
        Some(n) if d < Duration::from_secs(60) => n.to_owned(),
        _ => said,
    }
}

/// "4 seconds", "1 second", "4.5 seconds", "1 minute 30 seconds": for reading aloud.
pub fn spoken(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 60_000 {
        // A length written to the hundredth is said as written (2.25 s is not 2.3);
        // one computed finer, a ramp's 5.136 s, is said to the tenth, plenty to hear;
        // under a second, hundredths.
        let x = d.as_secs_f64();
        let hundredths = (x * 100.0).round() / 100.0;
        let x = if x < 1.0 || (hundredths - x).abs() < 1e-6 {
            hundredths
        } else {
            (x * 10.0).round() / 10.0
        };
        let s = durations::trim_float(x);
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

/// Whether a screen reader can say `line`, at the reading rate, within the cue's
/// written length (not the `--speed` one: the words are judged as a person meets them).
fn said_within(line: &str, cue: &Cue) -> bool {
    cue.length
        .is_none_or(|len| crate::exercise::reading_time(line) <= len)
}

/// The line for a cue, without its time; lengths as they really last at `speed`.
pub fn cue_line(cur: &Current, cue: &Cue, speed: f64) -> String {
    let label = words::cue_label(&cur.exercise, cue);
    let length = cue.length.map(|l| spoken(real(l, speed)));
    let (n, of) = cue.rep;
    match (&cur.exercise.steps[cue.step].kind, cue.kind) {
        // The question, each option with its number, and how to answer.
        (StepKind::Choice(c), CueKind::Choose) => {
            let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let options: Vec<String> = c
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{} {}", i + 1, one_line(&o.label)))
                .collect();
            let title = c.title.as_deref().map(|t| format!("{}. ", one_line(t)));
            format!(
                "{}{} {}. {}",
                title.unwrap_or_default(),
                one_line(&c.text),
                options.join(", "),
                words::plain_choose(c.options.len())
            )
        }
        (StepKind::Prompt(_) | StepKind::Choice(_), _) => {
            let Some(p) = cur.prompt(cue.step) else {
                return label.into_owned();
            };
            let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut line = match (&p.title, p.say) {
                (Some(t), true) => format!("{} {} “{text}”", words::closed(t), words::SAY),
                (Some(t), false) => format!("{} {text}", words::closed(t)),
                (None, true) => format!("{} “{text}”", words::SAY),
                (None, false) => text,
            };
            match length {
                Some(l) if p.soft => {
                    line.push_str(&format!(" (about {l}, then Enter when you're ready)"))
                }
                Some(l) => line.push_str(&format!(" ({l})")),
                None => line.push_str(&format!(" {}.", words::WAITING)),
            }
            line
        }
        // After the first breath of a step, the short form: a screen reader says "In, 4."
        // in well under the four seconds it names, where the whole sentence took longer
        // than the breath. The first breath is said in full where that fits inside it,
        // else with fewer words.
        (StepKind::Breathe(_), kind) => {
            let short = match kind {
                CueKind::Inhale => "In",
                CueKind::TopUp => "More in",
                CueKind::HoldIn | CueKind::HoldOut => "Hold",
                CueKind::Exhale => "Out",
                CueKind::Look
                | CueKind::Away
                | CueKind::Prompt
                | CueKind::LeadIn
                | CueKind::Left
                | CueKind::Right
                | CueKind::Choose => {
                    return format!("{label}, {}.", length.unwrap_or_default());
                }
            };
            let secs = cue
                .length
                .map(|l| number(real(l, speed)))
                .unwrap_or_default();
            let length = length.unwrap_or_default();
            // At one's own pace nothing moves on by itself: the first breath says how,
            // and after it the word is enough.
            if cue.waits {
                return match n {
                    1 => format!("{label}, about {length}, then Enter."),
                    _ => format!("{short}."),
                };
            }
            let full = match kind {
                CueKind::Inhale if of > 1 => format!("{label}, {length}. Breath {n} of {of}."),
                _ => format!("{label}, {length}."),
            };
            let fewer = format!("{label}, {secs}.");
            let first = if n == 1 {
                vec![full, fewer]
            } else {
                Vec::new()
            };
            first
                .into_iter()
                .chain([format!("{short}, {secs}.")])
                .find(|l| said_within(l, cue))
                .unwrap_or_else(|| format!("{short}."))
        }
        // The look's and the rest's own words come in the line before the first look;
        // each look and rest is said in full only where that fits inside it, so a
        // screen reader is never still talking when the look ends.
        (StepKind::EyeContact(e), CueKind::LeadIn) => {
            let look = cur
                .timeline
                .cues
                .iter()
                .find(|c| c.step == cue.step && c.kind == CueKind::Look);
            let away = cur
                .timeline
                .cues
                .iter()
                .find(|c| c.step == cue.step && c.kind == CueKind::Away);
            let mut line = format!("{label}, {}.", length.unwrap_or_default());
            if let (Some(look), Some(away)) = (look, away) {
                let words = |c: &Cue, custom: &Option<String>| match custom {
                    Some(w) => format!("“{w}”"),
                    None => words::cue_label(&cur.exercise, c).to_lowercase(),
                };
                let secs = |c: &Cue| c.length.map(|l| spoken(real(l, speed))).unwrap_or_default();
                let rounds = match look.rep.1 {
                    1 => "1 round".to_owned(),
                    r => format!("{r} rounds"),
                };
                // A look that ramps: from the first round's to the last's.
                let last = cur
                    .timeline
                    .cues
                    .iter()
                    .rfind(|c| c.step == cue.step && c.kind == CueKind::Look)
                    .unwrap_or(look);
                let looks = match last.length == look.length {
                    true => secs(look),
                    false => format!("from {} to {}", secs(look), secs(last)),
                };
                line.push_str(&format!(
                    " Then {rounds}: {}, {looks}; then {}, {}.",
                    words(look, &e.look_text),
                    words(away, &e.away_text),
                    secs(away)
                ));
            }
            line
        }
        (StepKind::EyeContact(_), CueKind::Look | CueKind::Away) => {
            let full = match (cue.kind, of > 1) {
                (CueKind::Look, true) => {
                    format!(
                        "{label}, {}. Round {n} of {of}.",
                        length.clone().unwrap_or_default()
                    )
                }
                _ => format!("{label}, {}.", length.clone().unwrap_or_default()),
            };
            if said_within(&full, cue) {
                return full;
            }
            let secs = cue
                .length
                .map(|l| number(real(l, speed)))
                .unwrap_or_default();
            match (cue.kind, of > 1) {
                (CueKind::Look, true) => format!("Look {n} of {of}, {secs}."),
                (CueKind::Look, false) => format!("Look, {secs}."),
                _ => format!("Away, {secs}."),
            }
        }
        (StepKind::EyeContact(_), _) => {
            format!("{label}, {}.", length.unwrap_or_default())
        }
        (StepKind::Tap(t), CueKind::LeadIn) => format!(
            "{label}, {}. Then {of} taps, left and right, {} each.",
            length.unwrap_or_default(),
            spoken(real(t.beat, speed))
        ),
        // The first tap says the beat and how many, where that fits inside it; after
        // it, the side alone.
        (StepKind::Tap(_), _) => {
            let first = format!(
                "{label}, {}. {of} taps, left and right.",
                length.unwrap_or_default()
            );
            if n == 1 && said_within(&first, cue) {
                first
            } else {
                format!("{label}.")
            }
        }
    }
}

/// The preview, as a few lines, ending with the commands that work before beginning
/// (`interactive`: someone can type them).
fn preview(out: &mut dyn Write, app: &App, interactive: bool) -> io::Result<()> {
    let Some(cur) = app.current() else {
        return Ok(());
    };
    let ex = &cur.exercise;
    writeln!(out, "{}", ex.title)?;
    for text in [&ex.about, &ex.note].into_iter().flatten() {
        writeln!(out, "{}", one_line(text))?;
    }
    if let Some(src) = &ex.source {
        writeln!(out, "Source: {}", one_line(src))?;
    }
    let steps = ex.steps.len();
    let involves = words::involves(ex).join("; ");
    let s = if steps == 1 { "" } else { "s" };
    let length = cur.timeline.length_text_at(app.speed);
    if involves.is_empty() {
        writeln!(out, "{steps} step{s}, {length}.")?;
    } else {
        writeln!(out, "{steps} step{s}, {length}: {involves}.")?;
    }
    if cur.length != 1.0 {
        length_line(out, cur)?;
    }
    look_line(out, cur)?;
    // Staying is a choice made before beginning: only where someone can type it.
    if interactive {
        grows_line(out, app, cur)?;
    }
    if cur.shares_count {
        writeln!(out, "{}", words::SHARES_COUNT)?;
    }
    if app.voice {
        writeln!(out, "{}", words::VOICE_NOTE)?;
    }
    if let Some(note) = cur
        .folder
        .as_ref()
        .and(words::recorded_note(&cur.exercise, app.voice))
    {
        writeln!(out, "{note}")?;
    }
    if interactive {
        writeln!(out, "{}", keys::plain_commands(app))?;
        writeln!(out, "{}", words::PLAIN_BEGIN)?;
    }
    out.flush()
}

fn length_line(out: &mut dyn Write, cur: &Current) -> io::Result<()> {
    writeln!(
        out,
        "Length: {}% of the written practice, {}.",
        (cur.length * 100.0).round(),
        cur.timeline.length_text()
    )
}

fn look_line(out: &mut dyn Write, cur: &Current) -> io::Result<()> {
    if let Some((first, last)) = cur.looks_today() {
        writeln!(
            out,
            "Eye contact today: {}.",
            words::looks(first, last, spoken)
        )?;
    }
    Ok(())
}

/// How the look grows, and that `stay` keeps it as it is; or, staying, what that means.
fn grows_line(out: &mut dyn Write, app: &App, cur: &Current) -> io::Result<()> {
    if let Some(grow) = cur.grows_by().filter(|_| app.counting) {
        writeln!(
            out,
            "{}",
            words::look_grows(
                spoken(grow),
                cur.look_steps,
                cur.stays,
                "stay",
                "stay again"
            )
        )?;
    }
    Ok(())
}

/// Text that may hold newlines and tabs, as one line.
fn one_line(s: &str) -> String {
    text::escape(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// Plays `app` (opened at a preview) line by line until the end, a stop, or a closed
/// output. Typed words become the same actions the full-screen player's keys do, on the
/// same app, carried out by the same driver; each effect becomes a line.
/// `interactive`: someone can type (stdin is a terminal), so the preview waits for Enter.
pub fn run(
    out: &mut dyn Write,
    mut app: App,
    inputs: &mut dyn Inputs,
    clock: &dyn Clock,
    world: &mut dyn World,
    interactive: bool,
) -> io::Result<Outcome> {
    let app = &mut app;
    preview(out, app, interactive)?;
    world.shown();
    let mut said = Said {
        t0: None,
        speed: app.speed,
        waiting_since: None,
    };
    if interactive {
        while app.kind() == ScreenKind::Preview && app.outcome.is_none() {
            let effects = match inputs.next(None) {
                Some(Input::Line(l)) => match keys::typed_here(app, &l) {
                    Some(action) => app.apply(action, clock.now()),
                    None => {
                        writeln!(out, "{}", keys::plain_commands(app))?;
                        Vec::new()
                    }
                },
                Some(Input::Eof) => app.apply(Action::Begin, clock.now()),
                Some(Input::Stop) => {
                    app.interrupt();
                    Vec::new()
                }
                None => Vec::new(),
            };
            if app.kind() == ScreenKind::Playing {
                // The commands that work from now on, once, before the first cue.
                writeln!(out, "{}", keys::plain_commands(app))?;
            }
            if said.all(out, app, world, &effects, clock.now())? {
                return finish(out, app, inputs, clock, world);
            }
        }
    } else {
        let effects = app.apply(Action::Begin, clock.now());
        if said.all(out, app, world, &effects, clock.now())? {
            return finish(out, app, inputs, clock, world);
        }
    }
    let mut eof = false;
    // The commands are shown once after a line steady doesn't know, not once a line:
    // `yes | steady --plain` must not flood a screen reader.
    let mut helped = false;
    while app.outcome.is_none() {
        let now = clock.now();
        drive::words(app, world, now);
        let (next, paused) = app.sound_ahead(now);
        world.ahead(next, paused);
        let Some(p) = app.practice() else { break };
        let m = p.moment(now);
        // A soft-timed step starts waiting when its guide time is up.
        if m.cue_left.is_none() && said.waiting_since.is_none() {
            said.waiting_since = Some(now);
        }
        let timeout = if m.paused {
            None
        } else if app.waiting_for_words() {
            Some(drive::WORDS_POLL)
        } else if let Some(due) = p.session.cue_deadline(now) {
            Some(due.saturating_duration_since(now))
        } else if eof {
            let since = said.waiting_since.unwrap_or(now);
            Some((since + EOF_WAIT).saturating_duration_since(now))
        } else {
            None
        };
        let effects = match inputs.next(timeout) {
            None => {
                let now = clock.now();
                let waited = app
                    .practice()
                    .is_some_and(|p| p.moment(now).cue_left.is_none())
                    && said.waiting_since.is_some_and(|w| now >= w + EOF_WAIT);
                if eof && waited {
                    app.apply(Action::Continue, now)
                } else {
                    app.tick(now)
                }
            }
            Some(Input::Stop) => {
                app.interrupt();
                Vec::new()
            }
            // Whatever arrives, the clock moves on with it: lines that ask for nothing,
            // coming faster than the cues change, must never hold the practice up.
            Some(Input::Eof) => {
                eof = true;
                // The ten seconds count from when the input ended, if that was later.
                said.waiting_since = said.waiting_since.map(|w| w.max(clock.now()));
                app.tick(clock.now())
            }
            Some(Input::Line(line)) => match keys::typed_here(app, &line) {
                Some(action) => {
                    helped = false;
                    app.apply(action, clock.now())
                }
                None if helped => app.tick(clock.now()),
                None => {
                    helped = true;
                    writeln!(out, "{}", keys::plain_commands(app))?;
                    app.tick(clock.now())
                }
            },
        };
        if said.all(out, app, world, &effects, clock.now())? {
            return finish(out, app, inputs, clock, world);
        }
    }
    // Stopped or left: whatever was being said stops with it.
    drive::leave(app, world);
    out.flush()?;
    Ok(app.outcome.unwrap_or(Outcome::Left))
}

/// Turns effects into lines, with the time since the start, after the driver has
/// carried them out.
struct Said {
    /// When the practice began; `None` in the preview, whose lines have no time.
    t0: Option<Instant>,
    speed: f64,
    /// When the cue that waits for Enter began, for moving on after stdin ended.
    waiting_since: Option<Instant>,
}

impl Said {
    /// Carries out and says every effect; whether the end was reached.
    fn all(
        &mut self,
        out: &mut dyn Write,
        app: &mut App,
        world: &mut dyn World,
        effects: &[Effect],
        now: Instant,
    ) -> io::Result<bool> {
        drive::carry_out(app, world, effects);
        if app.kind() == ScreenKind::Playing && self.t0.is_none() {
            self.t0 = Some(now);
        }
        let stamp = match self.t0 {
            Some(t0) => format!("[{}] ", durations::clock(now.saturating_duration_since(t0))),
            None => String::new(),
        };
        let Some(cur) = app.current() else {
            return Ok(false);
        };
        let mut finished = false;
        for e in effects {
            match *e {
                Effect::CueStarted(i) => {
                    let Some(cue) = cur.timeline.cues.get(i) else {
                        continue;
                    };
                    let step = cur.exercise.steps.get(cue.step);
                    let first = cur.timeline.step_starts.get(cue.step) == Some(&i);
                    // A step's heading and how to practise it, as it begins; a prompt
                    // says its title in its own line.
                    if first && let Some(step) = step {
                        let before = cue
                            .step
                            .checked_sub(1)
                            .and_then(|i| cur.exercise.steps.get(i));
                        // Not when the step's own title says it already (an author's
                        // "Round {round} of {rounds}").
                        if let Some((r, of)) = step.round
                            && before.and_then(|b| b.round) != step.round
                            && !step
                                .title()
                                .is_some_and(|t| t.starts_with(&format!("Round {r} of {of}")))
                        {
                            writeln!(out, "{stamp}Round {r} of {of}.")?;
                        }
                        let titled = match &step.kind {
                            StepKind::Prompt(_) | StepKind::Choice(_) => None,
                            StepKind::Breathe(_) | StepKind::EyeContact(_) | StepKind::Tap(_) => {
                                step.title()
                            }
                        };
                        if let Some(t) = titled {
                            writeln!(out, "{stamp}{}.", one_line(t))?;
                        }
                        let setup = match &step.kind {
                            StepKind::EyeContact(e) => e.setup.as_deref(),
                            StepKind::Tap(t) => t.text.as_deref(),
                            StepKind::Breathe(_) | StepKind::Prompt(_) | StepKind::Choice(_) => {
                                None
                            }
                        };
                        if let Some(setup) = setup {
                            writeln!(out, "{stamp}{}", one_line(setup))?;
                        }
                    }
                    writeln!(out, "{stamp}{}", cue_line(cur, cue, self.speed))?;
                    self.waiting_since = cue.length.is_none().then_some(now);
                }
                Effect::Completed => {
                    writeln!(out, "{stamp}{}", words::THE_END)?;
                    finished = true;
                }
                Effect::Paused => writeln!(out, "{stamp}{}", words::PLAIN_PAUSED)?,
                Effect::Resumed => writeln!(out, "{stamp}{}", words::PLAIN_RESUMED)?,
                Effect::Anchor => {
                    let anchor = cur.exercise.anchor.as_deref().unwrap_or(words::ANCHOR);
                    writeln!(out, "{stamp}{} {}", one_line(anchor), words::PLAIN_PAUSED)?;
                }
                Effect::TimeLeft => {
                    if let Some(p) = app.practice() {
                        writeln!(out, "{stamp}{}", time_left(p, &p.moment(now)))?;
                    }
                }
                Effect::Pace(p) => {
                    writeln!(out, "{stamp}{}", words::plain_pace(u32::from(p) * 10))?;
                }
                Effect::Muted(m) => {
                    let said = if m {
                        words::PLAIN_MUTED
                    } else {
                        words::PLAIN_UNMUTED
                    };
                    writeln!(out, "{stamp}{said}")?;
                }
                Effect::Look(_) => {
                    look_line(out, cur)?;
                    grows_line(out, app, cur)?;
                }
                Effect::Stays(_) => grows_line(out, app, cur)?,
                Effect::Length(_) => length_line(out, cur)?,
                Effect::Refused => writeln!(out, "{}", words::PLAIN_CANT)?,
                Effect::Voice(on) => {
                    let said = if on {
                        words::VOICE_ON
                    } else {
                        words::VOICE_OFF
                    };
                    writeln!(out, "{stamp}{said}")?;
                }
                Effect::Suspend => {}
            }
        }
        out.flush()?;
        Ok(finished)
    }
}

/// "About 2 minutes 10 seconds left, step 2 of 4." (and "+ your pace" when a step waits).
fn time_left(practice: &Practice, m: &crate::session::Moment) -> String {
    let t = practice.timeline();
    let steps = practice.current.exercise.steps.len();
    let step = t.cues.get(m.cue).map_or(steps, |c| c.step + 1);
    // The session's times are real ones already, at any speed and pace.
    let left = spoken(Duration::from_secs(m.total_left.as_secs_f64().ceil() as u64));
    let pace = if t.waits_from(m.cue) {
        ", and the steps that wait for you"
    } else {
        ""
    };
    let round = t
        .cues
        .get(m.cue)
        .and_then(|c| practice.current.exercise.steps.get(c.step))
        .and_then(|s| s.round)
        .map_or(String::new(), |(r, of)| format!(" Round {r} of {of}."));
    format!("{left} left{pace}. Step {step} of {steps}.{round}")
}

/// The end, recorded by the driver: while another steady holds the lock it tries again
/// for a few seconds, with q or a signal still ending it at once; then the count.
fn finish(
    out: &mut dyn Write,
    app: &mut App,
    inputs: &mut dyn Inputs,
    clock: &dyn Clock,
    world: &mut dyn World,
) -> io::Result<Outcome> {
    while drive::saving(app) {
        if drive::retry(app, world, clock.now()) {
            break;
        }
        let stop = match inputs.next(Some(drive::RETRY)) {
            Some(Input::Stop) => true,
            Some(Input::Line(l)) => keys::typed_here(app, &l) == Some(Action::Stop),
            _ => false,
        };
        if stop {
            drive::leave(app, world);
        }
    }
    let stayed = app
        .current()
        .is_some_and(|c| c.growth() == crate::exercise::Growth::Stays);
    match app.recorded_as() {
        Some(Recorded::Counted(n)) => {
            writeln!(out, "{}", words::completed_times(*n))?;
            if stayed {
                writeln!(out, "{}", words::LOOK_STAYS)?;
            }
        }
        Some(Recorded::Hidden) if stayed => writeln!(out, "{}", words::LOOK_STAYS)?,
        Some(Recorded::Failed(why)) => writeln!(out, "{} {why}", words::NOT_COUNTED)?,
        Some(Recorded::Busy) => writeln!(out, "{}", words::BUSY)?,
        Some(Recorded::Uncounted(why)) => writeln!(out, "{}", why.words())?,
        Some(Recorded::Hidden | Recorded::Off | Recorded::Saving) | None => {}
    }
    out.flush()?;
    Ok(Outcome::Completed)
}

/// How many answers that fit no exercise the numbered menu takes before it leaves.
pub const MENU_TRIES: usize = 5;

/// What the numbered menu ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    /// The index of the chosen exercise in the list given.
    Exercise(usize),
    /// q, an empty line, the end of input, a signal, or too many answers that fit none.
    Left,
}

/// Plain mode's picker (SPEC §6): the exercises numbered, one a line, and the one whose
/// number or id is typed. An answer that fits none is said, with the nearest id when
/// one is close, and asked again, at most [`MENU_TRIES`] times.
pub fn menu(
    out: &mut dyn Write,
    inputs: &mut dyn Inputs,
    choices: &[super::state::Choice],
) -> io::Result<Picked> {
    for (n, c) in choices.iter().enumerate() {
        writeln!(
            out,
            "{}. {}, {} ({})",
            n + 1,
            one_line(&c.exercise.title),
            c.length,
            text::escape(&c.id)
        )?;
    }
    writeln!(out, "{}", words::PLAIN_MENU)?;
    out.flush()?;
    let mut tries = 0;
    loop {
        let line = match inputs.next(None) {
            Some(Input::Line(l)) => l,
            Some(Input::Eof | Input::Stop) | None => return Ok(Picked::Left),
        };
        let answer = line.trim();
        if answer.is_empty() || keys::typed(keys::PLAIN_PREVIEW, answer) == Some(Action::Stop) {
            return Ok(Picked::Left);
        }
        let by_number = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < choices.len());
        let by_id = || {
            choices
                .iter()
                .position(|c| c.id.eq_ignore_ascii_case(answer))
        };
        if let Some(i) = by_number.or_else(by_id) {
            return Ok(Picked::Exercise(i));
        }
        tries += 1;
        if tries >= MENU_TRIES {
            writeln!(out, "{}", words::PLAIN_MENU_GIVE_UP)?;
            out.flush()?;
            return Ok(Picked::Left);
        }
        let near =
            crate::exercise::fields::did_you_mean(answer, choices.iter().map(|c| c.id.as_str()));
        let shown = text::escape(answer);
        let not = if answer.chars().all(|c| c.is_ascii_digit()) {
            format!("There is no number {shown} here.")
        } else {
            format!("No exercise here is called “{shown}”.")
        };
        match near {
            Some(id) => writeln!(out, "{not} Perhaps {}?", text::escape(id))?,
            None => writeln!(out, "{not}")?,
        }
        writeln!(out, "{}", words::plain_menu_again(choices.len()))?;
        out.flush()?;
    }
}
