//! The full-screen loop's side of the harness: a TestBackend that counts frames, and
//! scripted keys and waits that move the [`FakeClock`] only while the loop sleeps.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell as BufCell;
use ratatui::layout::{Position, Size};
use steady::player::terminal::{self as play, Events};

use super::FakeClock;

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A TestBackend that counts flushes: one per frame drawn.
pub struct Counting {
    pub inner: TestBackend,
    pub frames: Rc<Cell<usize>>,
}

impl Counting {
    /// A terminal of `width` x `height` cells whose frames are counted in `frames`.
    pub fn terminal(width: u16, height: u16, frames: &Rc<Cell<usize>>) -> Terminal<Self> {
        Terminal::new(Self {
            inner: TestBackend::new(width, height),
            frames: frames.clone(),
        })
        .unwrap()
    }
}

impl Backend for Counting {
    type Error = <TestBackend as Backend>::Error;
    fn draw<'a, I: Iterator<Item = (u16, u16, &'a BufCell)>>(
        &mut self,
        content: I,
    ) -> Result<(), Self::Error> {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(t)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.frames.set(self.frames.get() + 1);
        self.inner.flush()
    }
}

pub enum Step {
    Key(KeyEvent),
    /// Let this much time pass, in as many sleeps as the loop asks for.
    Wait(Duration),
    /// Check the frame count so far against the closure.
    Frames(Box<dyn Fn(usize)>),
    /// The window changes size.
    Resize(u16, u16),
}

pub struct Script {
    pub steps: VecDeque<Step>,
    pub clock: FakeClock,
    pub frames: Rc<Cell<usize>>,
    pub wakes: usize,
}

impl Script {
    /// `steps` from the start, on `clock`, checking frame counts against `frames`.
    pub fn new(steps: Vec<Step>, clock: &FakeClock, frames: &Rc<Cell<usize>>) -> Self {
        Self {
            steps: steps.into(),
            clock: clock.clone(),
            frames: frames.clone(),
            wakes: 0,
        }
    }
}

impl Events for Script {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        self.wakes += 1;
        assert!(self.wakes < 10_000, "the loop spins");
        assert!(
            timeout <= play::IDLE,
            "sleeps too long to notice a signal: {timeout:?}"
        );
        loop {
            match self.steps.pop_front() {
                None => return Ok(Some(Event::Key(key(KeyCode::Char('q'))))),
                Some(Step::Key(k)) => return Ok(Some(Event::Key(k))),
                Some(Step::Resize(w, h)) => return Ok(Some(Event::Resize(w, h))),
                Some(Step::Frames(check)) => check(self.frames.get()),
                Some(Step::Wait(left)) => {
                    let slept = timeout.min(left);
                    self.clock.0.set(self.clock.0.get() + slept);
                    if left > slept {
                        self.steps.push_front(Step::Wait(left - slept));
                    }
                    return Ok(None);
                }
            }
        }
    }
}
