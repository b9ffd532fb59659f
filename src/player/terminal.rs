//! The terminal loop, kept thin: it reads keys and signals, asks the app what changed,
//! draws only when something visible did, and sleeps until the next thing is due.
//! Generic over ratatui's `Backend` and fed by injected events and a clock, so tests
//! drive it on a `TestBackend` with no terminal and no waiting.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::keys::{self, Key};
use super::state::{App, Effect, Outcome};
use super::world::World;
use crate::ui::{self, Visible};

/// The longest the loop sleeps with nothing due, so a signal is noticed promptly.
pub const IDLE: Duration = Duration::from_millis(250);
/// The longest it sleeps while the edges are still starting (sound opening its device).
pub const SETTLING: Duration = Duration::from_millis(20);
pub use super::drive::RETRY;
use super::drive::{self, saving};

pub use super::keys::SUSPENDS;

/// crossterm's key as steady's own; `None` for a release or a key steady has no use for.
pub fn key_of(ev: KeyEvent) -> Option<Key> {
    key_where(ev, SUSPENDS)
}

/// [`key_of`] on a platform that can (`suspends`) or cannot suspend.
fn key_where(ev: KeyEvent, suspends: bool) -> Option<Key> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Char('c' | 'C' | 'd' | 'D') if ctrl => Key::Interrupt,
        KeyCode::Char('z' | 'Z') if ctrl && suspends => Key::Suspend,
        KeyCode::Char('u' | 'U') if ctrl => Key::ClearLine,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

/// A key pressed at `now`: its action on the screen showing, applied.
pub fn press(app: &mut App, ev: KeyEvent, now: Instant) -> Vec<Effect> {
    let Some(action) = key_of(ev).and_then(|k| keys::action(app, k)) else {
        return Vec::new();
    };
    app.apply(action, now)
}

/// Where input comes from: the terminal, or a script in tests.
pub trait Events {
    /// The next event, waiting at most `timeout`.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;

    /// Whether a SIGTSTP asked steady to step aside since the last call.
    fn suspend_requested(&mut self) -> bool {
        false
    }

    /// Hands the terminal back and stops until `fg`, then takes the terminal again.
    fn suspend(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The monotonic clock, injected so tests can step time.
pub trait Clock {
    fn now(&self) -> Instant;
}

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

pub struct CrosstermEvents {
    /// Set by SIGTSTP (`kill -TSTP`; Ctrl-Z itself arrives as a key in raw mode).
    #[cfg(unix)]
    tstp: std::sync::Arc<AtomicBool>,
}

impl Events for CrosstermEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if crossterm::event::poll(timeout)? {
            crossterm::event::read().map(Some)
        } else {
            Ok(None)
        }
    }

    #[cfg(unix)]
    fn suspend_requested(&mut self) -> bool {
        self.tstp.swap(false, Ordering::Relaxed)
    }

    #[cfg(unix)]
    fn suspend(&mut self) -> io::Result<()> {
        restore_terminal();
        // Stops here, as a stop signal would, until the shell sends SIGCONT.
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        crossterm::terminal::enable_raw_mode()?;
        crossterm::execute!(
            io::stdout(),
            crossterm::terminal::EnterAlternateScreen,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
            crossterm::cursor::Hide
        )
    }
}

/// Hands the terminal each frame whole, as one write inside a synchronized update
/// (DEC mode 2026): a terminal that knows the mode shows the frame at once rather than
/// line by line, and one that does not ignores it. Everything ratatui writes between two
/// flushes is one frame; the end of one also tells an observer (the benchmark) that a
/// complete frame has arrived, whatever its words.
pub struct Frames<W: io::Write> {
    out: W,
    frame: Vec<u8>,
}

impl<W: io::Write> Frames<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            frame: Vec::new(),
        }
    }
}

impl<W: io::Write> io::Write for Frames<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.frame.is_empty() {
            crossterm::queue!(self.frame, crossterm::terminal::BeginSynchronizedUpdate)?;
        }
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.frame.is_empty() {
            crossterm::queue!(self.frame, crossterm::terminal::EndSynchronizedUpdate)?;
            let written = self.out.write_all(&self.frame);
            // Kept for the next frame: a frame's bytes are much the same size each time.
            self.frame.clear();
            written?;
        }
        self.out.flush()
    }
}

/// Puts the drawing area in the middle of a window of `size`, at most
/// [`ui::MAX_WIDTH`] × [`ui::MAX_HEIGHT`], and clears the window: a fixed largest area
/// keeps the cost of a frame, and the memory, flat however large the window is.
fn place<B: Backend>(terminal: &mut Terminal<B>, size: Size) -> io::Result<Rect> {
    let area = ui::area_in(size.width, size.height);
    terminal
        .backend_mut()
        .clear_region(ratatui::backend::ClearType::All)
        .map_err(backend_error)?;
    terminal.resize(area).map_err(backend_error)?;
    // ratatui moves a viewport that got narrower to the top row (meant for inline
    // viewports); a second resize at the same width puts it where it belongs.
    if terminal.get_frame().area() != area {
        terminal.resize(area).map_err(backend_error)?;
    }
    Ok(area)
}

fn backend_error(e: impl std::error::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Runs until the app has an outcome or `interrupt` is set (see [`super::stop`]), drawing to `terminal`, whose viewport should be `Viewport::Fixed` so that the
/// drawing area can be placed (a fullscreen viewport grows back to the whole window).
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut dyn Events,
    clock: &dyn Clock,
    world: &mut dyn World,
    interrupt: &AtomicBool,
) -> io::Result<Outcome> {
    let mut shown: Option<Visible> = None;
    // Whether the world has heard that a screen other than the picker is out.
    let mut told = false;
    // Asked once, then kept from resize events: asking costs a system call or two.
    let mut size = terminal.size().map_err(backend_error)?;
    let mut area = place(terminal, size)?;
    let mut redraw = true;
    let too_small = |area: Rect| area.width < ui::MIN_WIDTH || area.height < ui::MIN_HEIGHT;
    app.too_small = too_small(area);
    let mut suspend = false;
    loop {
        if interrupt.load(Ordering::Relaxed) {
            app.interrupt();
        }
        let notice = world.notice();
        let settled = world.settled();
        if app.sound_notice != notice || app.sound_ready != (settled && notice.is_none()) {
            app.sound_notice = notice;
            app.sound_ready = settled && notice.is_none();
            redraw = true;
        }
        let now = clock.now();
        // A window too small to show the practice pauses it: it never runs unseen.
        if app.too_small {
            app.pause_for_suspend(now);
        }
        drive::words(app, world, now);
        let effects = app.tick(now);
        drive::carry_out(app, world, &effects);
        let (next, paused) = app.sound_ahead(now);
        world.ahead(next, paused);
        if drive::retry(app, world, clock.now()) {
            redraw = true;
        }
        if std::mem::take(&mut suspend) || events.suspend_requested() {
            app.pause_for_suspend(clock.now());
            events.suspend()?;
            // The window may have changed while steady was stopped; draw it all again.
            size = terminal.size().map_err(backend_error)?;
            area = place(terminal, size)?;
            app.too_small = too_small(area);
            redraw = true;
        }
        if let Some(outcome) = app.outcome {
            // Left while another steady held the lock: said, not waited for.
            drive::leave(app, world);
            return Ok(outcome);
        }
        let v = ui::visible(app, now, area.width, area.height);
        if redraw || shown != Some(v) {
            let mut measured = Default::default();
            terminal
                .draw(|f| measured = ui::draw(f, app, &v))
                .map_err(backend_error)?;
            app.measured(measured);
            // The first screen past the picker is out: now sound may look for its
            // device. Not in the picker, where nothing plays: opening the sound system
            // there (which can write its own files in the home folder) is for nothing.
            if !told && app.kind() != super::state::ScreenKind::Picker {
                world.shown();
                told = true;
            }
            shown = Some(v);
            redraw = false;
        }
        // While sound is still starting, look again soon, so its notice isn't late.
        let longest = if saving(app) {
            RETRY
        } else if app.waiting_for_words() {
            drive::WORDS_POLL
        } else if world.settled() {
            IDLE
        } else {
            SETTLING
        };
        let timeout = ui::next_change(app, now, area.width)
            .map_or(longest, |at| at.saturating_duration_since(clock.now()))
            .min(longest);
        match events.next(timeout)? {
            Some(Event::Key(key)) => {
                let effects = press(app, key, clock.now());
                suspend = effects.contains(&Effect::Suspend);
                drive::carry_out(app, world, &effects);
                redraw = true;
            }
            Some(Event::Resize(width, height)) => {
                size = Size { width, height };
                area = place(terminal, size)?;
                app.too_small = too_small(area);
                redraw = true;
            }
            _ => {}
        }
    }
}

/// Puts the terminal back as it was: cooked mode, the main screen, a visible cursor.
/// Safe to call more than once and from any thread; errors (a terminal already gone)
/// change nothing worth reporting.
pub fn restore_terminal() {
    use crossterm::{cursor::Show, terminal::LeaveAlternateScreen};
    let _ = crossterm::terminal::disable_raw_mode();
    // Straight to the terminal: the signal thread can't take the stdout lock that
    // `main` holds. Without a terminal to open (it hung up, or Windows, where only
    // `main` ever restores) only `main` may fall back to stdout.
    match own_terminal() {
        Some(mut tty) => {
            let _ = crossterm::execute!(tty, LeaveAlternateScreen, Show);
        }
        None if std::thread::current().name() == Some("main") => {
            let _ = crossterm::execute!(io::stdout(), LeaveAlternateScreen, Show);
        }
        None => {}
    }
}

/// The controlling terminal, opened apart from stdout.
#[cfg(unix)]
fn own_terminal() -> Option<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/tty")
        .ok()
}

/// The controlling terminal, opened apart from stdout: Windows has no such path (crossterm
/// restores the console through stdout's own handle).
#[cfg(not(unix))]
fn own_terminal() -> Option<std::fs::File> {
    None
}

/// Restores the terminal when dropped, on every way out of the player.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Plays `app` full-screen in the real terminal. The terminal is restored however it
/// ends: a stop key, the end, a panic (the hook restores it before the message), or a
/// stop from outside ([`super::stop`]), which ends the loop within [`IDLE`]. Should the
/// loop be unable to notice (a hung-up terminal keeps crossterm's poll busy), the
/// listening thread ends the process a second later, as nothing is left unsaved.
pub fn in_terminal(app: &mut App, world: &mut dyn World) -> io::Result<Outcome> {
    let stop = super::stop::Stop::listen(|| {
        std::thread::sleep(Duration::from_secs(1));
        restore_terminal();
        std::process::exit(0);
    })?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Only the player's own thread owns the screen; a panic elsewhere leaves it be,
        // and so does one that `contain` turns into an error (the player goes on).
        if std::thread::current().name() == Some("main") && !crate::sound::contain::active() {
            restore_terminal();
        }
        hook(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    let _restore = Restore;
    // `run` clears the screen as it places the drawing area.
    crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let (width, height) = crossterm::terminal::size()?;
    // A fixed viewport, resized on resize events, so drawing never asks the terminal
    // its size: that costs an open and an ioctl each time.
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(Frames::new(io::stdout())),
        TerminalOptions {
            // Sized as `run` will place it: buffers made for the whole window would
            // keep their memory after shrinking.
            viewport: Viewport::Fixed(ui::area_in(width, height)),
        },
    )?;
    #[cfg(unix)]
    let mut events = {
        let tstp = std::sync::Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGTSTP, tstp.clone())?;
        CrosstermEvents { tstp }
    };
    #[cfg(not(unix))]
    let mut events = CrosstermEvents {};
    run(
        &mut terminal,
        app,
        &mut events,
        &SystemClock,
        world,
        stop.flag(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn each_flush_hands_the_terminal_one_whole_synchronized_frame() {
        let mut frames = Frames::new(Vec::new());
        frames.write_all(b"\x1b[1;1Hhello").unwrap();
        frames.write_all(b" world").unwrap();
        assert!(
            frames.out.is_empty(),
            "nothing reaches the terminal before the flush"
        );
        frames.flush().unwrap();
        // A flush with nothing new (ratatui flushes again after hiding the cursor) adds
        // no empty update.
        frames.flush().unwrap();
        frames.write_all(b"again").unwrap();
        frames.flush().unwrap();
        assert_eq!(
            String::from_utf8(frames.out).unwrap(),
            "\x1b[?2026h\x1b[1;1Hhello world\x1b[?2026l\x1b[?2026hagain\x1b[?2026l"
        );
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn ctrl_z_suspends_only_where_the_platform_can() {
        assert_eq!(key_where(ctrl('z'), true), Some(Key::Suspend));
        assert_eq!(key_where(ctrl('Z'), true), Some(Key::Suspend));
        // Windows: no job control, so Ctrl-Z is a key steady has no use for.
        assert_eq!(key_where(ctrl('z'), false), None);
        assert_eq!(key_of(ctrl('z')).is_some(), SUSPENDS);
        assert_eq!(SUSPENDS, cfg!(unix));
    }

    /// In raw mode (crossterm's, on every platform) Ctrl-C is a key, not a signal: it
    /// must stop the practice everywhere, and only a press counts (Windows also reports
    /// releases).
    #[test]
    fn ctrl_c_stops_on_every_platform_on_press_only() {
        for suspends in [true, false] {
            assert_eq!(key_where(ctrl('c'), suspends), Some(Key::Interrupt));
        }
        let mut release = ctrl('c');
        release.kind = KeyEventKind::Release;
        assert_eq!(key_of(release), None);
    }
}
