//! What the integration tests share: every run of steady gets a private home, so no test
//! can read or write the real one; the clock that moves only when told; the world that
//! records what a player told it; and the full-screen loop's test terminal ([`tui`]).

use std::cell::Cell;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::rc::Rc;
use std::time::Instant;

use steady::commands::run::LiveWorld;
use steady::player::state::Current;
use steady::player::terminal::Clock;
use steady::player::world::{Recorded, World};

pub mod tui;

/// `program` with HOME, every XDG variable, Windows' USERPROFILE, APPDATA and
/// LOCALAPPDATA, and every `STEADY_*` variable pointed inside `home`, and nothing else of
/// the caller's environment but PATH (and, on Windows, SYSTEMROOT, without which some
/// of the system does not work).
pub fn isolated(program: impl AsRef<OsStr>, home: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("USERPROFILE", home)
        .env("APPDATA", home.join("config"))
        .env("LOCALAPPDATA", home.join("data"))
        .env("STEADY_EXERCISES_DIR", home.join("exercises"))
        .env("STEADY_DATA_DIR", home.join("data").join("steady"))
        .current_dir(home);
    if let Some(root) = std::env::var_os("SYSTEMROOT") {
        cmd.env("SYSTEMROOT", root);
    }
    cmd
}

/// `program` [`isolated`] in `home`, with no colour and an explicit dumb terminal.
fn plainly(program: impl AsRef<OsStr>, home: &Path) -> Command {
    let mut cmd = isolated(program, home);
    cmd.env("NO_COLOR", "1").env("TERM", "dumb");
    cmd
}

/// `steady` in an [`isolated`] environment, with no colour and an explicit dumb terminal.
pub fn steady(home: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(plainly(env!("CARGO_BIN_EXE_steady"), home))
}

/// `steady run EXERCISE` as [`steady`] runs, with nothing to read on stdin: neither
/// end is a terminal, so it plays in plain mode, to the end.
pub fn plain_run(home: &Path, exercise: impl AsRef<OsStr>) -> Command {
    let mut cmd = plainly(env!("CARGO_BIN_EXE_steady"), home);
    cmd.arg("run").arg(exercise).stdin(Stdio::null());
    cmd
}

/// [`plain_run`], started by `sh -c "PREFIX exec steady run EXERCISE ..."`: for what
/// only a shell sets up first (`ulimit`, redirections).
#[cfg(unix)]
pub fn plain_run_after(home: &Path, prefix: &str, exercise: impl AsRef<OsStr>) -> Command {
    let mut cmd = plainly("sh", home);
    cmd.arg("-c")
        .arg(format!("{prefix} exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_steady"))
        .arg("run")
        .arg(exercise)
        .stdin(Stdio::null());
    cmd
}

/// `program` [`isolated`] in `home`, with an explicit `TERM=xterm-256color` (CI sets
/// none) and no `NO_COLOR` (the environment is cleared): as at a colour terminal.
#[cfg(unix)]
pub fn at_a_terminal(program: impl AsRef<OsStr>, home: &Path) -> Command {
    let mut cmd = isolated(program, home);
    cmd.env("TERM", "xterm-256color");
    cmd
}

/// A command that runs to its end with its output taken: std's or assert_cmd's.
pub trait Runs {
    fn run_to_end(&mut self) -> std::io::Result<Output>;
}

impl Runs for Command {
    fn run_to_end(&mut self) -> std::io::Result<Output> {
        self.output()
    }
}

impl Runs for assert_cmd::Command {
    fn run_to_end(&mut self) -> std::io::Result<Output> {
        self.output()
    }
}

/// Runs `cmd`: its exit code (-1 for a signal), stdout and stderr as text.
pub fn out(cmd: &mut impl Runs) -> (i32, String, String) {
    let o = cmd.run_to_end().expect("run steady");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// True when `s` could not move the cursor, change colours or reorder text: no control
/// character but newline, and no bidirectional override.
pub fn terminal_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// The errors (not the warnings) that checking exercise text `src` gives.
pub fn parse_errors(src: &str) -> Vec<steady::exercise::Diagnostic> {
    steady::exercise::load::parse(src)
        .diagnostics
        .into_iter()
        .filter(steady::exercise::Diagnostic::is_error)
        .collect()
}

/// A clock that stands still until a test (or a script of inputs) moves it.
#[derive(Clone)]
pub struct FakeClock(pub Rc<Cell<Instant>>);

impl FakeClock {
    pub fn at(start: Instant) -> Self {
        Self(Rc::new(Cell::new(start)))
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.0.get()
    }
}

/// A world that records what a player told it. On its own it counts as a fresh store
/// would (the nth completion is counted n); around a [`LiveWorld`] ([`Recorder::around`]),
/// that world is told of completions, cues and muting, and makes the sounds and counts.
#[derive(Default)]
pub struct Recorder {
    /// The ids whose completion was recorded, in order.
    pub recorded: Vec<String>,
    /// Whether each recorded completion grows the look.
    pub growths: Vec<steady::exercise::Growth>,
    /// The cues begun, in order.
    pub cues: Vec<usize>,
    /// At each call of `shown`: the frames drawn so far, with [`Recorder::frames`]; else
    /// the cues begun so far.
    pub shown: Vec<usize>,
    /// Milliseconds from the start on the clock, with [`Recorder::timed`], at each
    /// completion and each cue begun.
    pub stamps: Vec<u128>,
    frames: Option<Rc<Cell<usize>>>,
    clock: Option<(FakeClock, Instant)>,
    live: Option<LiveWorld>,
}

impl Recorder {
    /// `shown` notes the count of frames drawn so far.
    pub fn frames(mut self, frames: Rc<Cell<usize>>) -> Self {
        self.frames = Some(frames);
        self
    }

    /// Completions and cues are stamped with the time on `clock` since `start`.
    pub fn timed(mut self, clock: FakeClock, start: Instant) -> Self {
        self.clock = Some((clock, start));
        self
    }

    /// Completions, cues and muting also go to `live`, which answers for the count.
    pub fn around(mut self, live: LiveWorld) -> Self {
        self.live = Some(live);
        self
    }

    fn stamp(&mut self) {
        if let Some((clock, start)) = &self.clock {
            self.stamps.push((clock.0.get() - *start).as_millis());
        }
    }
}

impl World for Recorder {
    fn record_completion(&mut self, id: &str, growth: steady::exercise::Growth) -> Recorded {
        self.stamp();
        self.recorded.push(id.to_owned());
        self.growths.push(growth);
        match &mut self.live {
            Some(live) => live.record_completion(id, growth),
            None => Recorded::Counted(self.recorded.len() as u32),
        }
    }

    fn cue_started(&mut self, cur: &Current, cue: usize) {
        self.stamp();
        self.cues.push(cue);
        if let Some(live) = &mut self.live {
            live.cue_started(cur, cue);
        }
    }

    fn shown(&mut self) {
        let now = match &self.frames {
            Some(frames) => frames.get(),
            None => self.cues.len(),
        };
        self.shown.push(now);
    }

    fn set_muted(&mut self, muted: bool) {
        if let Some(live) = &mut self.live {
            live.set_muted(muted);
        }
    }
}

/// A quiet tone of `seconds` as a mono 16-bit WAV at 8 kHz.
pub fn write_wav(path: &std::path::Path, seconds: f32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 8000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..(8000.0 * seconds) as i32 {
        w.write_sample(((i as f32 * 0.05).sin() * 3000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
}
