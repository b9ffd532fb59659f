//! The player end to end, in a pseudo-terminal: starting, stopping every way there is
//! (q, Esc, Ctrl-C, SIGTERM, SIGHUP, SIGINT), leaving from the preview, running a short
//! exercise to its closing screen, resizing, the picker, closing the terminal under it
//! (ignored for now: a known bug), and what happens with no terminal at all.
//!
//! ratatui draws by difference: it only writes the cells that changed, so a sentence on
//! screen is often not a run of bytes in the output (an unchanged blank between two
//! words is skipped with a cursor move). So the tests read the child's output through
//! [`Screen`], a small model of the terminal, and wait for text on the *screen*; the raw
//! output is still kept for the escape sequences (`\x1b[?1049l`, `\x1b[?25h`) and for
//! messages printed after the terminal is restored. Nothing here asserts on timing:
//! each wait polls for up to [`TIMEOUT`].
//!
//! Unix only: a pseudo-terminal and signals are Unix things (Windows' console is
//! covered by the unit tests of `player::stop` and `player::terminal`).

use std::ffi::OsStr;
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use expectrl::Expect;
use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::session::OsSession;

use crate::harness;

/// The longest any one wait may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The pseudo-terminal's size when it is created (ptyprocess's default).
const COLS: u16 = 80;
const ROWS: u16 = 24;

const ALT_ON: &str = "\x1b[?1049h";
const ALT_OFF: &str = "\x1b[?1049l";
const CURSOR_SHOWN: &str = "\x1b[?25h";
const BEGIN: &str = "Space to begin";
const STOPPED: &str = "Stopped. Take whatever time you need.";
const THE_END: &str = "That's the end. You can come back any time.";
const TOO_SMALL_WORD: &str = "small";
/// long-exhale's phase words (its `inhale_text` and the start of its `exhale_text`,
/// which wraps in a narrow window). Plain "Breathe in" is not enough: the preview's
/// about text begins "Breathe in for four".
const PHASE_IN: &str = "Breathe in, gently";
const PHASE_OUT: &str = "Breathe out,";

/// About 2.5 s from Space to the closing screen: a 1 s prompt, then one breath of
/// 0.5 s in and 1 s out.
const SHORT: &str = r#"title = "Short test"

[[step]]
kind = "prompt"
title = "Ready"
text = "A moment."
seconds = 1

[[step]]
kind = "breathe"
inhale = 0.5
exhale = 1
cycles = 1
"#;

// ---------------------------------------------------------------------------------
// A small terminal model: enough of xterm for what ratatui and crossterm write.
// ---------------------------------------------------------------------------------

/// The visible state of a terminal: the main and alternate screens, the cursor and
/// whether it is shown. Printable text, CR/LF/BS/TAB, cursor positioning, erasing, and
/// the `?1049` and `?25` modes are modelled; colours and other modes are ignored.
struct Screen {
    cols: usize,
    rows: usize,
    main: Vec<Vec<char>>,
    alt_grid: Vec<Vec<char>>,
    alt: bool,
    cursor_shown: bool,
    row: usize,
    col: usize,
    saved: (usize, usize),
    /// Bytes of an escape sequence or UTF-8 character cut off at the end of a read.
    pending: Vec<u8>,
}

impl Screen {
    fn new(cols: u16, rows: u16) -> Self {
        let (cols, rows) = (usize::from(cols), usize::from(rows));
        Self {
            cols,
            rows,
            main: vec![vec![' '; cols]; rows],
            alt_grid: vec![vec![' '; cols]; rows],
            alt: false,
            cursor_shown: true,
            row: 0,
            col: 0,
            saved: (0, 0),
            pending: Vec::new(),
        }
    }

    /// The window changed size. Both screens are blanked, so whatever shows afterwards
    /// was drawn after the change (ratatui clears and redraws on a resize anyway).
    fn resize(&mut self, cols: u16, rows: u16) {
        self.cols = usize::from(cols);
        self.rows = usize::from(rows);
        self.main = vec![vec![' '; self.cols]; self.rows];
        self.alt_grid = vec![vec![' '; self.cols]; self.rows];
        self.row = self.row.min(self.rows.saturating_sub(1));
        self.col = self.col.min(self.cols.saturating_sub(1));
    }

    fn grid(&mut self) -> &mut Vec<Vec<char>> {
        if self.alt {
            &mut self.alt_grid
        } else {
            &mut self.main
        }
    }

    /// The rows of the screen showing now, trailing blanks trimmed.
    fn lines(&self) -> Vec<String> {
        let g = if self.alt { &self.alt_grid } else { &self.main };
        g.iter()
            .map(|r| r.iter().collect::<String>().trim_end().to_owned())
            .collect()
    }

    fn text(&self) -> String {
        self.lines().join("\n")
    }

    /// True when `s` is on one row of the screen showing now.
    fn contains(&self, s: &str) -> bool {
        self.lines().iter().any(|l| l.contains(s))
    }

    /// Index of the first row containing `s`.
    fn row_of(&self, s: &str) -> Option<usize> {
        self.lines().iter().position(|l| l.contains(s))
    }

    fn line_feed(&mut self) {
        self.row += 1;
        if self.row >= self.rows {
            self.row = self.rows.saturating_sub(1);
            let cols = self.cols;
            let g = self.grid();
            if !g.is_empty() {
                g.remove(0);
                g.push(vec![' '; cols]);
            }
        }
    }

    fn put(&mut self, c: char) {
        if self.rows == 0 || self.cols == 0 {
            return;
        }
        if self.col >= self.cols {
            self.col = 0;
            self.line_feed();
        }
        let (r, col) = (self.row, self.col);
        self.grid()[r][col] = c;
        self.col += 1;
    }

    /// Blanks from `from` up to `to` (exclusive), both (row, col), in reading order.
    fn erase(&mut self, from: (usize, usize), to: (usize, usize)) {
        let last = to.0.min(self.rows.saturating_sub(1));
        let cols = self.cols;
        let rows = self
            .grid()
            .iter_mut()
            .enumerate()
            .take(last + 1)
            .skip(from.0);
        for (r, line) in rows {
            let start = if r == from.0 { from.1 } else { 0 }.min(cols);
            let end = if r == to.0 { to.1 } else { cols }.min(cols);
            if start < end {
                line[start..end].fill(' ');
            }
        }
    }

    fn set_mode(&mut self, params: &str, on: bool) {
        let Some(private) = params.strip_prefix('?') else {
            return;
        };
        for p in private.split(';') {
            match p {
                "25" => self.cursor_shown = on,
                "1049" | "1047" | "47" => {
                    if on && !self.alt {
                        self.saved = (self.row, self.col);
                        self.alt = true;
                        self.alt_grid = vec![vec![' '; self.cols]; self.rows];
                    } else if !on && self.alt {
                        self.alt = false;
                        (self.row, self.col) = self.saved;
                    }
                }
                _ => {}
            }
        }
    }

    fn csi(&mut self, params: &str, fin: u8) {
        let nums: Vec<usize> = params
            .trim_start_matches('?')
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let n = |i: usize, default: usize| match nums.get(i) {
            Some(0) | None => default,
            Some(&v) => v,
        };
        let (last_row, last_col) = (self.rows.saturating_sub(1), self.cols.saturating_sub(1));
        match fin {
            b'H' | b'f' => {
                self.row = (n(0, 1) - 1).min(last_row);
                self.col = (n(1, 1) - 1).min(last_col);
            }
            b'A' => self.row = self.row.saturating_sub(n(0, 1)),
            b'B' => self.row = (self.row + n(0, 1)).min(last_row),
            b'C' => self.col = (self.col + n(0, 1)).min(last_col),
            b'D' => self.col = self.col.saturating_sub(n(0, 1)),
            b'G' => self.col = (n(0, 1) - 1).min(last_col),
            b'd' => self.row = (n(0, 1) - 1).min(last_row),
            b'J' => match nums.first().copied().unwrap_or(0) {
                0 => self.erase((self.row, self.col), (self.rows, 0)),
                1 => self.erase((0, 0), (self.row, self.col + 1)),
                _ => self.erase((0, 0), (self.rows, 0)),
            },
            b'K' => {
                let r = self.row;
                match nums.first().copied().unwrap_or(0) {
                    0 => self.erase((r, self.col), (r, self.cols)),
                    1 => self.erase((r, 0), (r, self.col + 1)),
                    _ => self.erase((r, 0), (r, self.cols)),
                }
            }
            b'h' => self.set_mode(params, true),
            b'l' => self.set_mode(params, false),
            _ => {} // colours (m) and anything else: no effect on the text
        }
    }

    /// Feeds output from the child. `frame_done` is asked after every frame ratatui
    /// finishes (each ends by hiding the cursor) and once at the end, so a screen that
    /// showed only briefly is still seen; true when it said yes at least once.
    fn feed(&mut self, data: &[u8], frame_done: &dyn Fn(&Screen) -> bool) -> bool {
        let mut seen = false;
        let mut buf = std::mem::take(&mut self.pending);
        buf.extend_from_slice(data);
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            match b {
                0x1b => {
                    let Some(&next) = buf.get(i + 1) else { break };
                    match next {
                        b'[' => {
                            let Some(end) =
                                buf[i + 2..].iter().position(|c| (0x40..=0x7e).contains(c))
                            else {
                                break;
                            };
                            let params =
                                String::from_utf8_lossy(&buf[i + 2..i + 2 + end]).into_owned();
                            let fin = buf[i + 2 + end];
                            self.csi(&params, fin);
                            i += 3 + end;
                            if fin == b'l' && params == "?25" {
                                seen |= frame_done(self);
                            }
                        }
                        b']' => {
                            // OSC: up to BEL or ESC \.
                            let rest = &buf[i + 2..];
                            let bel = rest.iter().position(|&c| c == 0x07).map(|p| p + 1);
                            let st = rest.windows(2).position(|w| w == b"\x1b\\").map(|p| p + 2);
                            let Some(len) = [bel, st].into_iter().flatten().min() else {
                                break;
                            };
                            i += 2 + len;
                        }
                        b'(' | b')' | b'#' => {
                            if buf.len() < i + 3 {
                                break;
                            }
                            i += 3;
                        }
                        b'7' => {
                            self.saved = (self.row, self.col);
                            i += 2;
                        }
                        b'8' => {
                            (self.row, self.col) = self.saved;
                            i += 2;
                        }
                        _ => i += 2,
                    }
                }
                b'\r' => {
                    self.col = 0;
                    i += 1;
                }
                b'\n' => {
                    self.line_feed();
                    i += 1;
                }
                0x08 => {
                    self.col = self.col.saturating_sub(1);
                    i += 1;
                }
                b'\t' => {
                    self.col = ((self.col / 8 + 1) * 8).min(self.cols.saturating_sub(1));
                    i += 1;
                }
                0..=0x1f | 0x7f => i += 1,
                _ => {
                    let len = match b {
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        0xf0..=0xf7 => 4,
                        _ => 1,
                    };
                    if buf.len() < i + len {
                        break;
                    }
                    let s = String::from_utf8_lossy(&buf[i..i + len]).into_owned();
                    for c in s.chars() {
                        self.put(c);
                    }
                    i += len;
                }
            }
        }
        self.pending = buf[i..].to_vec();
        seen | frame_done(self)
    }
}

// ---------------------------------------------------------------------------------
// Driving steady in a pseudo-terminal.
// ---------------------------------------------------------------------------------

/// `steady ARGS` with every home and data variable inside `home`, an explicit
/// `TERM=xterm-256color` (CI sets none) and no `NO_COLOR` (the environment is cleared).
fn command<S: AsRef<OsStr>>(home: &Path, args: &[S]) -> Command {
    command_for(env!("CARGO_BIN_EXE_steady"), home, args)
}

/// `program ARGS` in the same environment as [`command`].
fn command_for<S: AsRef<OsStr>>(program: &str, home: &Path, args: &[S]) -> Command {
    let mut cmd = harness::at_a_terminal(program, home);
    cmd.args(args);
    cmd
}

/// One run of steady in a pseudo-terminal, with its private home.
struct Pty {
    _home: tempfile::TempDir,
    p: OsSession,
    /// Everything the child has written, escape sequences included.
    raw: Vec<u8>,
    screen: Screen,
    eof: bool,
}

impl Pty {
    fn start(args: &[&str]) -> Self {
        let home = tempfile::tempdir().expect("a temporary home");
        Self::start_in(home, args)
    }

    fn start_in<S: AsRef<OsStr>>(home: tempfile::TempDir, args: &[S]) -> Self {
        let cmd = command(home.path(), args);
        Self::spawn(home, cmd)
    }

    fn spawn(home: tempfile::TempDir, cmd: Command) -> Self {
        let p = OsSession::spawn(cmd).expect("spawn steady in a pty");
        let size = p.get_process().get_window_size().expect("pty size");
        assert_eq!(
            size,
            (COLS, ROWS),
            "the pty starts at the size the model assumes"
        );
        Self {
            _home: home,
            p,
            raw: Vec::new(),
            screen: Screen::new(COLS, ROWS),
            eof: false,
        }
    }

    /// Runs the short timed exercise from a file in the private home.
    fn start_short() -> Self {
        let home = tempfile::tempdir().expect("a temporary home");
        let file = home.path().join("short.toml");
        std::fs::write(&file, SHORT).expect("write the short exercise");
        Self::start_in(home, &[OsStr::new("run"), file.as_os_str()])
    }

    fn send(&mut self, s: &str) {
        self.p.send(s).expect("write to the pty");
    }

    fn signal(&mut self, s: Signal) {
        self.p.get_process_mut().signal(s).expect("signal steady");
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.p
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("resize the pty");
        // Output already read was drawn for the old size; what follows is for the new.
        self.screen.resize(cols, rows);
    }

    /// Reads what is there without blocking: `None` when nothing is waiting or the
    /// child has closed the terminal (then `eof` is set).
    fn read_some(&mut self) -> Option<Vec<u8>> {
        if self.eof {
            return None;
        }
        let mut buf = [0u8; 8192];
        match self.p.try_read(&mut buf) {
            Ok(0) => {
                self.eof = true;
                None
            }
            Ok(n) => Some(buf[..n].to_vec()),
            Err(e) if e.kind() == ErrorKind::WouldBlock => None,
            Err(e) if e.kind() == ErrorKind::Interrupted => None,
            // Linux answers EIO once the last holder of the other side has gone.
            Err(_) => {
                self.eof = true;
                None
            }
        }
    }

    /// Waits until `cond` holds for the screen after some frame.
    fn wait_screen(&mut self, what: &str, cond: impl Fn(&Screen) -> bool) {
        if cond(&self.screen) {
            return;
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.read_some() {
                Some(data) => {
                    self.raw.extend_from_slice(&data);
                    if self.screen.feed(&data, &cond) {
                        return;
                    }
                }
                None if self.eof => panic!("steady ended before {what}\n{}", self.dump()),
                None if Instant::now() > deadline => {
                    panic!("timed out waiting for {what}\n{}", self.dump())
                }
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    }

    fn wait_text(&mut self, text: &str) {
        self.wait_screen(&format!("{text:?} on screen"), |s| s.contains(text));
    }

    /// Waits until the raw output contains `needle`.
    fn wait_raw(&mut self, needle: &str) {
        self.wait_raw_for(&format!("{needle:?}"), |raw| {
            contains(raw, needle).then_some(())
        });
    }

    /// Waits until `find` finds something in the raw output, and returns it.
    fn wait_raw_for<T>(&mut self, what: &str, find: impl Fn(&[u8]) -> Option<T>) -> T {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(found) = find(&self.raw) {
                return found;
            }
            match self.read_some() {
                Some(data) => {
                    self.raw.extend_from_slice(&data);
                    self.screen.feed(&data, &|_| false);
                }
                None if self.eof => panic!("steady ended before {what}\n{}", self.dump()),
                None if Instant::now() > deadline => {
                    panic!("timed out waiting for {what}\n{}", self.dump())
                }
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    }

    /// Reads to the end, reaps the child and returns its exit code. Fails on a signal
    /// death, a hang, or a panic message anywhere in the output.
    fn finish(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        while !self.eof {
            match self.read_some() {
                Some(data) => {
                    self.raw.extend_from_slice(&data);
                    self.screen.feed(&data, &|_| false);
                }
                None if self.eof => break,
                None if Instant::now() > deadline => {
                    panic!("steady did not end\n{}", self.dump())
                }
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        let status = loop {
            match self.p.get_process().status().expect("child status") {
                WaitStatus::StillAlive if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                WaitStatus::StillAlive => {
                    panic!(
                        "steady closed the terminal but did not exit\n{}",
                        self.dump()
                    )
                }
                s => break s,
            }
        };
        assert!(
            !contains(&self.raw, "panicked"),
            "steady panicked\n{}",
            self.dump()
        );
        match status {
            WaitStatus::Exited(_, code) => code,
            other => panic!("steady did not exit normally: {other:?}\n{}", self.dump()),
        }
    }

    /// The terminal is as it was: main screen, cursor shown, line discipline cooked.
    /// `from` is where in the raw output the ending began.
    fn assert_restored(&self, from: usize) {
        let after = &self.raw[from..];
        assert!(
            contains(after, ALT_OFF),
            "no {ALT_OFF:?} after stopping\n{}",
            self.dump()
        );
        assert!(
            contains(after, CURSOR_SHOWN),
            "no {CURSOR_SHOWN:?} after stopping\n{}",
            self.dump()
        );
        assert!(
            !self.screen.alt,
            "still on the alternate screen\n{}",
            self.dump()
        );
        assert!(
            self.screen.cursor_shown,
            "the cursor is still hidden\n{}",
            self.dump()
        );
        if let Some(flags) = self.tty_flags() {
            for flag in ["icanon", "isig", "opost"] {
                assert!(
                    flags.iter().any(|f| f == flag),
                    "raw mode left on: `{flag}` is off in `stty -a`: {flags:?}"
                );
            }
        }
    }

    /// The pty's settings as `stty -a` words (a master reports its slave's settings);
    /// `None` when there is no `stty` to ask.
    fn tty_flags(&self) -> Option<Vec<String>> {
        let handle = self.p.get_process().get_raw_handle().ok()?;
        let out = match Command::new("stty")
            .arg("-a")
            .stdin(Stdio::from(handle))
            .stderr(Stdio::null())
            .output()
        {
            Ok(o) if o.status.success() => o,
            _ => {
                eprintln!("note: `stty -a` is unavailable, so raw mode was not checked");
                return None;
            }
        };
        Some(
            String::from_utf8_lossy(&out.stdout)
                .split(|c: char| c.is_whitespace() || c == ';')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }

    /// The screen and the end of the raw output, for a failure message.
    fn dump(&self) -> String {
        let tail = &self.raw[self.raw.len().saturating_sub(3000)..];
        format!(
            "--- screen ({}x{}, {}) ---\n{}\n--- last raw output ---\n{}",
            self.screen.cols,
            self.screen.rows,
            if self.screen.alt { "alternate" } else { "main" },
            self.screen.text(),
            String::from_utf8_lossy(tail).escape_debug()
        )
    }

    fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The `title` of a built-in exercise, from its file in `exercises/`.
fn builtin_title(id: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("exercises")
        .join(format!("{id}.toml"));
    let text = std::fs::read_to_string(&path).expect("read the built-in");
    let table: toml::Table = toml::from_str(&text).expect("parse the built-in");
    table["title"].as_str().expect("a title").to_owned()
}

/// long-exhale's breathing screen: a phase word and the breath count, no preview.
fn breathing_screen(s: &Screen) -> bool {
    (s.contains(PHASE_IN) || s.contains(PHASE_OUT))
        && s.contains("breath 1 of 18")
        && !s.contains(BEGIN)
}

/// Starts `long-exhale`, begins it, and waits for the breathing screen.
fn breathing() -> Pty {
    let mut t = Pty::start(&["run", "long-exhale"]);
    t.wait_raw(ALT_ON);
    t.wait_text(BEGIN);
    t.send(" ");
    t.wait_screen("the breathing screen", breathing_screen);
    t
}

enum Stop {
    Key(&'static str),
    Signal(Signal),
}

/// Stops `long-exhale` mid-breath and checks the calm ending: exit 0, terminal
/// restored, and the "Stopped" line printed on the main screen after it.
fn stop_mid_exercise(how: Stop) {
    let mut t = breathing();
    let mark = t.raw.len();
    match how {
        Stop::Key(k) => t.send(k),
        Stop::Signal(s) => t.signal(s),
    }
    let code = t.finish();
    assert_eq!(code, 0, "{}", t.dump());
    t.assert_restored(mark);
    let after = String::from_utf8_lossy(&t.raw[mark..]).into_owned();
    let off = after.find(ALT_OFF).expect("leaves the alternate screen");
    assert!(
        after[off..].contains(STOPPED),
        "{STOPPED:?} is not printed after the terminal is restored\n{}",
        t.dump()
    );
    assert!(t.screen.contains(STOPPED), "{}", t.dump());
}

// ---------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------

#[test]
fn start_space_q_exits_0_and_restores_terminal() {
    let mut t = Pty::start(&["run", "long-exhale"]);
    t.wait_raw(ALT_ON);
    t.wait_text(BEGIN);
    assert!(t.screen.alt, "the preview is on the alternate screen");
    t.send(" ");
    t.wait_screen("the breathing screen", breathing_screen);
    assert!(
        !t.screen.contains(BEGIN),
        "the preview is gone\n{}",
        t.dump()
    );
    let mark = t.raw.len();
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
    let after = String::from_utf8_lossy(&t.raw[mark..]).into_owned();
    let off = after.find(ALT_OFF).expect("leaves the alternate screen");
    assert!(after[off..].contains(STOPPED), "{}", t.dump());
    // On the main screen, with nothing of the exercise left behind.
    assert!(t.screen.contains(STOPPED), "{}", t.dump());
    assert!(!t.screen.contains("Breathe"), "{}", t.dump());
}

#[test]
fn ctrl_c_byte_stops_cleanly() {
    stop_mid_exercise(Stop::Key("\x03"));
}

#[test]
fn esc_stops_cleanly() {
    // A lone ESC in its own write: crossterm reads it as the Esc key when no more
    // bytes follow it in the same read.
    stop_mid_exercise(Stop::Key("\x1b"));
}

#[test]
fn sigterm_stops_cleanly() {
    stop_mid_exercise(Stop::Signal(Signal::SIGTERM));
}

#[test]
fn sighup_stops_cleanly() {
    stop_mid_exercise(Stop::Signal(Signal::SIGHUP));
}

#[test]
fn sigint_stops_cleanly() {
    stop_mid_exercise(Stop::Signal(Signal::SIGINT));
}

#[test]
fn q_in_the_preview_leaves_quietly() {
    let mut t = Pty::start(&["run", "long-exhale"]);
    t.wait_raw(ALT_ON);
    t.wait_text(BEGIN);
    let mark = t.raw.len();
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
    assert!(!t.raw_text().contains("Stopped"), "{}", t.dump());
    assert!(t.screen.text().trim().is_empty(), "{}", t.dump());
}

#[test]
fn sigterm_in_the_preview_leaves_quietly() {
    let mut t = Pty::start(&["run", "long-exhale"]);
    t.wait_text(BEGIN);
    let mark = t.raw.len();
    t.signal(Signal::SIGTERM);
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
    assert!(!t.raw_text().contains("Stopped"), "{}", t.dump());
}

#[test]
fn a_short_exercise_runs_to_the_closing_screen_and_any_key_leaves() {
    let mut t = Pty::start_short();
    t.wait_text(BEGIN);
    t.send(" ");
    t.wait_screen("the prompt step", |s| {
        s.contains("Ready") && s.contains("A moment.")
    });
    t.wait_screen("the breathing step", |s| {
        (s.contains("Breathe in") || s.contains("Breathe out")) && s.contains("breath 1 of 1")
    });
    t.wait_text(THE_END);
    assert!(t.screen.contains("Any key to leave."), "{}", t.dump());
    let mark = t.raw.len();
    t.send("x");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
    // Reaching the end is not stopping.
    assert!(!t.raw_text().contains("Stopped"), "{}", t.dump());
}

/// The seconds left, as the header shows them ("2:52 left").
fn seconds_left(s: &Screen) -> Option<u64> {
    let line = s.lines().into_iter().next()?;
    let at = line.find(" left")?;
    let clock = line[..at].rsplit(' ').next()?.trim_end_matches('+');
    let (m, sec) = clock.split_once(':')?;
    Some(m.parse::<u64>().ok()? * 60 + sec.parse::<u64>().ok()?)
}

/// While the window is too small to show the practice, its clock stands still: after
/// seconds at 10x4, the practice comes back paused with the time it had.
#[test]
fn a_window_too_small_stops_the_clock_until_space() {
    let mut t = breathing();
    let before = seconds_left(&t.screen).expect("time left in the header");
    t.resize(10, 4);
    t.wait_screen("the too-small message", |s| s.contains(TOO_SMALL_WORD));
    // Long enough that a running clock would lose whole seconds. Nothing is awaited
    // here but time itself: the point is that it passes unseen.
    std::thread::sleep(Duration::from_millis(2500));
    t.resize(COLS, ROWS);
    t.wait_screen("paused at full size", |s| {
        s.contains("Paused") && seconds_left(s).is_some()
    });
    let after = seconds_left(&t.screen).unwrap();
    assert!(
        after + 1 >= before,
        "the clock ran while too small: {before} s left, then {after} s\n{}",
        t.dump()
    );
    let mark = t.raw.len();
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
}

#[test]
fn resizing_mid_exercise_keeps_the_phase_word_or_asks_for_room() {
    let mut t = breathing();

    // 20x6 is the smallest size steady draws into: the phase word still shows.
    t.resize(20, 6);
    t.wait_screen("the phase word at 20x6", |s| {
        breathing_screen(s) && !s.contains(TOO_SMALL_WORD)
    });

    // Below that, a word that the window is too small instead of a broken layout.
    t.resize(10, 4);
    t.wait_screen("the too-small message at 10x4", |s| {
        s.contains(TOO_SMALL_WORD) && !s.contains("Breathe")
    });
    assert!(t.screen.contains("Too small"), "{}", t.dump());

    // And back.
    t.resize(COLS, ROWS);
    t.wait_screen("the exercise again at 80x24", |s| {
        breathing_screen(s) && !s.contains(TOO_SMALL_WORD) && s.contains("q stop")
    });

    let mark = t.raw.len();
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
    assert!(t.screen.contains(STOPPED), "{}", t.dump());
}

#[test]
fn the_picker_filters_and_opens_the_preview() {
    let before = builtin_title("before-conversation");
    let senses = builtin_title("five-senses");
    let own_pace = builtin_title("five-senses-own-pace");
    let mut t = Pty::start(&[] as &[&str]);
    t.wait_text(&before);
    // The routine for before a difficult conversation is offered first.
    let first = t.screen.row_of(&before).unwrap();
    let others: Vec<usize> = [
        "long-exhale",
        "five-senses",
        "easy-start",
        "body-scan-short",
    ]
    .iter()
    .filter_map(|id| t.screen.row_of(&builtin_title(id)))
    .collect();
    // Below the question's answers, which come first.
    let ask = t
        .screen
        .row_of("Not sure, or both: a bit of each, or hard to tell")
        .unwrap();
    assert!(
        t.screen.contains("Which is closer right now?"),
        "{}",
        t.dump()
    );
    assert_eq!(
        first,
        ask + 2,
        "not right after the question and a blank line\n{}",
        t.dump()
    );
    assert!(others.iter().all(|&r| r > first), "not first\n{}", t.dump());

    t.send("senses");
    t.wait_screen("the list filtered to senses", |s| {
        s.contains("Filter: senses")
            && s.contains(&senses)
            && s.contains(&own_pace)
            && !s.contains(&before)
    });

    // Two exercises match "senses"; a little more narrows it to one.
    t.send("-own");
    t.wait_screen("the list filtered to one exercise", |s| {
        s.contains("Filter: senses-own") && s.contains(&own_pace) && !s.contains(&senses)
    });

    t.send("\r");
    t.wait_screen("the preview of the chosen exercise", |s| {
        s.contains(BEGIN) && s.contains(&own_pace)
    });

    // q goes back to the list, and q again (an empty filter first) leaves steady.
    t.send("q");
    t.wait_screen("back in the picker", |s| s.contains("Filter: senses-own"));
    t.send("\x1b");
    t.wait_screen("the filter cleared", |s| s.contains(&before));
    let mark = t.raw.len();
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
    assert!(!t.raw_text().contains("Stopped"), "{}", t.dump());
}

/// Closing the terminal mid-exercise (the window closed, an ssh connection dropped, a
/// tmux pane killed) hangs the pty up: steady gets SIGHUP and its reads see the end
/// of input. It should end, as it does for SIGHUP alone.
///
/// steady runs under `sh` here so that the pty can be closed with steady still running:
/// the pty library kills only its own child (sh) before closing the master.
#[cfg(target_os = "linux")]
#[test]
fn closing_the_terminal_mid_exercise_ends_steady() {
    let home = tempfile::tempdir().unwrap();
    let script = r#""$0" run long-exhale </dev/tty & echo "steady-pid=$!."; wait"#;
    let cmd = command_for(
        "sh",
        home.path(),
        &["-c", script, env!("CARGO_BIN_EXE_steady")],
    );
    let mut t = Pty::spawn(home, cmd);
    let pid: u32 = t.wait_raw_for("steady's pid", |raw| {
        let text = String::from_utf8_lossy(raw);
        let start = text.find("steady-pid=")? + "steady-pid=".len();
        let len = text[start..].find('.')?;
        text[start..start + len].parse().ok()
    });
    t.wait_text(BEGIN);
    t.send(" ");
    t.wait_screen("the breathing screen", breathing_screen);

    // Close every handle on the master side: the terminal is gone.
    t.p.get_process_mut().set_terminate_delay(Duration::ZERO);
    let Pty { p, _home: home, .. } = t;
    drop(p);

    let state = |pid: u32| -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit_once(") ")?.1.chars().next()
    };
    let deadline = Instant::now() + TIMEOUT;
    while let Some(s) = state(pid).filter(|&s| s != 'Z') {
        if Instant::now() > deadline {
            // It is ours, started by this test: end it by its id.
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("steady (pid {pid}, state {s}) kept running after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(home);
}

/// No terminal at all: stdin from /dev/null, stdout and stderr to pipes. steady falls
/// back to plain mode: it plays line by line (here at `--speed 100`), ends promptly,
/// exits 0, and writes no escape sequence into the pipe.
#[test]
fn without_a_terminal_it_ends_promptly_and_writes_no_escapes() {
    let home = tempfile::tempdir().unwrap();
    let mut child = command(home.path(), &["run", "long-exhale", "--speed", "100"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn steady");
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(s) = child.try_wait().expect("child status") {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("steady waited for a terminal that is not there");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stdout = Vec::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    eprintln!(
        "no terminal: {status}; stdout {:?}; stderr {:?}",
        String::from_utf8_lossy(&stdout),
        stderr
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(status.success(), "{status}");
    assert!(
        String::from_utf8_lossy(&stdout).contains("That's the end."),
        "plain mode plays to the end: {stdout:?}"
    );
    assert!(
        !stdout.contains(&0x1b),
        "escape sequences in a pipe: {stdout:?}"
    );

    // The same through the shared helper (stdin a closed pipe, TERM=dumb, NO_COLOR).
    let out = harness::steady(home.path())
        .args(["run", "long-exhale", "--speed", "100"])
        .timeout(TIMEOUT)
        .output()
        .expect("run steady");
    eprintln!(
        "no terminal, helper: {}; stdout {:?}; stderr {:?}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.code().is_some(),
        "ended by a signal or the timeout: {}",
        out.status
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert!(!out.stdout.contains(&0x1b), "escape sequences in a pipe");
}

/// `kill -TSTP` (what Ctrl-Z sends outside raw mode) hands the terminal back and stops;
/// `fg` (SIGCONT) takes it again with the practice paused, not jumped ahead.
#[test]
fn sigtstp_then_sigcont_resumes_paused_with_the_terminal_intact() {
    let mut t = breathing();
    let mark = t.raw.len();
    t.signal(Signal::SIGTSTP);
    t.wait_raw_for("the terminal handed back", |raw| {
        contains(&raw[mark..], ALT_OFF).then_some(())
    });
    t.wait_raw_for("the cursor shown", |raw| {
        contains(&raw[mark..], CURSOR_SHOWN).then_some(())
    });
    let pid = t.p.get_process().pid();
    let stopped = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rsplit_once(") ").and_then(|(_, r)| r.chars().next()) == Some('T')
    };
    let deadline = Instant::now() + TIMEOUT;
    while !stopped() {
        assert!(Instant::now() < deadline, "steady did not stop");
        std::thread::sleep(Duration::from_millis(10));
    }
    let back = t.raw.len();
    t.signal(Signal::SIGCONT);
    t.wait_raw_for("the alternate screen again", |raw| {
        contains(&raw[back..], ALT_ON).then_some(())
    });
    t.wait_screen("the paused practice", |s| {
        s.contains("paused") && s.contains("breath 1 of 18")
    });
    let mark = t.raw.len();
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
}

/// A storm of resizes, down to 1x1 and back, draws without a panic and still stops.
#[test]
fn a_storm_of_resizes_down_to_one_cell_is_survived() {
    let mut t = breathing();
    for (c, r) in [
        (1, 1),
        (300, 100),
        (20, 6),
        (2, 1),
        (19, 5),
        (120, 40),
        (1, 50),
        (80, 24),
    ] {
        t.resize(c, r);
        std::thread::sleep(Duration::from_millis(15));
    }
    t.wait_screen("the breathing screen again", breathing_screen);
    let mark = t.raw.len();
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
    assert!(!t.raw_text().contains("panicked"), "{}", t.dump());
}

/// A key that arrives together with a resize is never lost: q must stop at any instant,
/// while the window is being dragged too. (crossterm's default event source waits with
/// edge-triggered epoll and, given a resize and a key in one wake, dropped the key until
/// the next one: q was lost 5 times in 30.)
#[test]
fn a_key_pressed_while_the_window_changes_size_is_never_lost() {
    let mut t = breathing();
    for i in 0..24 {
        let (cols, rows, want) = if i % 2 == 0 {
            (100, 30, "Space resume")
        } else {
            (80, 24, "Space pause")
        };
        t.resize(cols, rows);
        t.send(" ");
        t.wait_screen(
            &format!("{want:?}, Space {} sent with a resize", i + 1),
            |s| s.contains(want),
        );
    }
    let mark = t.raw.len();
    t.resize(90, 28);
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
    t.assert_restored(mark);
}

/// With no sound card, a null ALSA device and a broken one: nothing from the audio
/// system ever reaches the screen, and a device that can't be opened (once the retries
/// are spent, a few seconds on), or that doesn't keep time (the null device), is named
/// once in the footer.
#[test]
fn no_audio_text_reaches_the_screen_whatever_the_sound_setup() {
    for (rc, off) in [
        (None, None),
        (Some("pcm.!default {\n  type null\n}\n"), Some(false)),
        (Some("pcm.!default {\n  type hw\n  card 7\n}\n"), Some(true)),
    ] {
        let home = tempfile::tempdir().unwrap();
        if let Some(rc) = rc {
            std::fs::write(home.path().join(".asoundrc"), rc).unwrap();
        }
        let mut t = Pty::start_in(home, &["run", "long-exhale"]);
        t.wait_text(BEGIN);
        t.send(" ");
        t.wait_screen("the breathing screen", breathing_screen);
        // Give the audio thread time to open (or fail to open) the device.
        std::thread::sleep(Duration::from_millis(500));
        if off == Some(true) && cfg!(feature = "audio") {
            // Tried again with backoff for about three seconds, then said (in short
            // here, where the footer is full; in whole on the last screen).
            t.wait_screen("the footer to say sound is off", |s| {
                s.lines().last().is_some_and(|l| l.contains("sound off"))
            });
        }
        t.send("n");
        t.wait_text(THE_END);
        let raw = t.raw_text();
        for noise in ["ALSA", "alsa", "snd_", "cpal", "rodio", "cannot find card"] {
            assert!(
                !raw.contains(noise),
                "{noise:?} reached the screen\n{}",
                t.dump()
            );
        }
        // The footer is read off the modelled screen: frames are drawn as diffs.
        let footer = t.screen.lines().last().cloned().unwrap_or_default();
        if off == Some(true) && cfg!(feature = "audio") {
            assert!(
                footer.contains("sound off: no audio device"),
                "{}",
                t.dump()
            );
        }
        if !cfg!(feature = "audio") {
            assert!(
                footer.contains("sound off: built without sound"),
                "{}",
                t.dump()
            );
        } else if off == Some(false) {
            // It opens, but takes samples as fast as they come: turned off, not spun on.
            assert!(
                footer.contains("sound off: the audio device does not keep time"),
                "a null device: {}",
                t.dump()
            );
        }
        t.send("x");
        assert_eq!(t.finish(), 0, "{}", t.dump());
    }
}

/// A broken audio setup never reaches the full-screen player: a config ALSA can't
/// parse (cpal panics on it) turns sound off and says so once in the footer, a library
/// writing on fd 2 stays off the screen, and a file-size limit that raises SIGXFSZ in
/// the audio stack doesn't kill steady in raw mode.
#[test]
fn a_broken_audio_setup_never_reaches_the_screen_or_kills_the_player() {
    let file_device = |target: &str| {
        format!(
            "pcm.!default {{\n  type file\n  slave.pcm \"null\"\n  file \"{target}\"\n  format \"raw\"\n}}\n"
        )
    };
    let cases = [
        ("pcm.!default {\n  type hw\n".to_owned(), "", true),
        (
            file_device("|echo AUDIO-CHATTER >&2; cat >/dev/null"),
            "",
            false,
        ),
        (file_device("HOME/played.raw"), "ulimit -f 1;", false),
    ];
    for (rc, prefix, off) in cases {
        let home = tempfile::tempdir().unwrap();
        let rc = rc.replace("HOME", &home.path().display().to_string());
        std::fs::write(home.path().join(".asoundrc"), &rc).unwrap();
        std::fs::write(home.path().join("short.toml"), SHORT).unwrap();
        let mut cmd = command_for("sh", home.path(), &["-c"]);
        cmd.arg(format!("{prefix} exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_steady"))
            .args(["run", "short.toml"]);
        let mut t = Pty::spawn(home, cmd);
        t.wait_text(BEGIN);
        if off && cfg!(feature = "audio") {
            t.wait_text("sound off: the sound system failed");
        }
        t.send(" ");
        t.wait_text(THE_END);
        let footer = t.screen.lines().last().cloned().unwrap_or_default();
        let raw = t.raw_text();
        for noise in ["AUDIO-CHATTER", "panicked", "ALSA", "cpal", "default host"] {
            assert!(
                !raw.contains(noise),
                "{rc}: {noise:?} reached the screen\n{}",
                t.dump()
            );
        }
        if off && cfg!(feature = "audio") {
            assert!(
                footer.contains("sound off: the sound system failed"),
                "{}",
                t.dump()
            );
        }
        let mark = t.raw.len();
        t.send("x");
        assert_eq!(t.finish(), 0, "{rc}\n{}", t.dump());
        t.assert_restored(mark);
    }
}

#[test]
fn the_configured_pace_is_where_the_full_screen_player_starts() {
    let home = tempfile::tempdir().expect("a temporary home");
    let config = home.path().join("config").join("steady");
    std::fs::create_dir_all(&config).expect("config folder");
    std::fs::write(config.join("config.toml"), "pace = 0.5\n").expect("config");
    let mut t = Pty::start_in(home, &["run", "long-exhale"]);
    t.wait_raw(ALT_ON);
    t.wait_text(BEGIN);
    t.send(" ");
    t.wait_text("breath pace 50%");
    t.send("q");
    assert_eq!(t.finish(), 0, "{}", t.dump());
}

/// One bad key in the config costs nothing else: `reduced_motion = true` still holds,
/// so the breathing plays without the moving shape, and the problem is on screen in the
/// preview, not only after leaving.
#[test]
fn a_config_with_one_bad_key_still_plays_without_the_shape_and_says_so() {
    let home = tempfile::tempdir().expect("a temporary home");
    let config = home.path().join("config").join("steady");
    std::fs::create_dir_all(&config).expect("config folder");
    std::fs::write(
        config.join("config.toml"),
        "reduce_motion = true\nreduced_motion = true\n",
    )
    .expect("config");
    let breath = "title = \"Breath\"\n[[step]]\nkind = \"breathe\"\ninhale = 1.5\nexhale = 1.5\ncycles = 1\n";
    std::fs::write(home.path().join("breath.toml"), breath).expect("exercise");
    let mut t = Pty::start_in(home, &["run", "breath.toml"]);
    t.wait_raw(ALT_ON);
    t.wait_text(BEGIN);
    t.wait_text("unknown setting `reduce_motion`");
    t.send(" ");
    t.wait_text("Breathe out");
    t.wait_text(THE_END);
    assert!(
        !t.raw_text().contains(['█', '▄', '▀']),
        "the shape was drawn\n{}",
        t.dump()
    );
    t.send("x");
    assert_eq!(t.finish(), 0, "{}", t.dump());
}

/// `mute = true` in the config file mutes the player (the footer offers to unmute);
/// `--no-mute` undoes it for one practice, and of two opposite flags the last wins.
#[test]
fn no_mute_undoes_mute_in_the_config_file() {
    // (flags after `run`, whether the practice starts muted)
    let rows: &[(&[&str], bool)] = &[
        (&[], true),
        (&["--no-mute"], false),
        (&["--no-mute", "--mute"], true),
    ];
    for &(flags, muted) in rows {
        let home = tempfile::tempdir().expect("a temporary home");
        let dir = home.path().join("config").join("steady");
        std::fs::create_dir_all(&dir).expect("config folder");
        std::fs::write(dir.join("config.toml"), "mute = true\n").expect("config");
        let args = [&["run", "long-exhale"], flags].concat();
        let mut t = Pty::start_in(home, &args);
        t.wait_text(BEGIN);
        let footer = t.screen.lines().last().cloned().unwrap_or_default();
        assert_eq!(footer.contains("m unmute"), muted, "{flags:?}: {footer}");
        assert!(footer.contains("m mute") || muted, "{flags:?}: {footer}");
        t.send("q");
        assert_eq!(t.finish(), 0, "{}", t.dump());
    }
}
