//! Spoken guidance at the edge: the platform's speech service, on a thread of its own,
//! fed [`Speech`] by the driver. On Linux and other Unix systems that is Speech
//! Dispatcher, spoken to over its socket (`ssip-client`, plain Rust: no C library, and
//! nothing that can write on the terminal). Nothing is opened until the first sentence,
//! which comes only after Space; where no service answers, it stays silent and says so
//! once, in the footer, as sound does.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use crate::player::spoken::Speech;

/// The footer's words when no speech service answers.
pub const NO_SERVICE: &str = "voice off: no speech service";

/// The speech edge: a channel to the speaking thread, started at the first sentence.
pub struct Voice {
    tx: Option<mpsc::Sender<Speech>>,
    /// Disconnects when the speaking thread has finished, service silenced.
    done: Option<mpsc::Receiver<()>>,
    off: Arc<Mutex<Option<&'static str>>>,
    /// The last sentence said, for [`Speech::Again`].
    last: Option<String>,
}

impl Default for Voice {
    fn default() -> Self {
        Self::new()
    }
}

impl Voice {
    pub fn new() -> Self {
        Self {
            tx: None,
            done: None,
            off: Arc::default(),
            last: None,
        }
    }

    /// Why the voice is silent, once something was to be said and could not be.
    pub fn notice(&self) -> Option<&'static str> {
        *self.off.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn speak(&mut self, speech: &Speech) {
        let speech = match speech {
            Speech::Say(s) => {
                self.last = Some(s.clone());
                speech.clone()
            }
            Speech::Again => match &self.last {
                Some(s) => Speech::Say(s.clone()),
                None => return,
            },
            Speech::Hush => {
                // Nothing started: nothing to silence, and nothing to open for it.
                if self.tx.is_none() {
                    return;
                }
                Speech::Hush
            }
        };
        if self.tx.is_none() {
            let (tx, done) = start(self.off.clone());
            self.tx = Some(tx);
            self.done = Some(done);
        }
        if let Some(tx) = &self.tx
            && tx.send(speech).is_err()
        {
            self.tx = None;
        }
    }
}

/// How long leaving waits for the service to fall silent: speech must stop with steady,
/// not talk on after it.
const SILENCE_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

impl Drop for Voice {
    /// Lets the speaking thread hand the service what is queued (the silence a stop
    /// sent, or the closing words) before steady exits: the service says on after a
    /// client leaves, so a stop must reach it first.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(done) = self.done.take() {
            let _ = done.recv_timeout(SILENCE_WAIT);
        }
    }
}

#[cfg(all(feature = "voice", unix))]
fn start(off: Arc<Mutex<Option<&'static str>>>) -> (mpsc::Sender<Speech>, mpsc::Receiver<()>) {
    use ssip_client::{ClientName, MessageScope, OK_CANCELED, fifo};
    let (tx, rx) = mpsc::channel::<Speech>();
    let (finished, done) = mpsc::channel::<()>();
    let say_off = move || {
        *off.lock().unwrap_or_else(|e| e.into_inner()) = Some(NO_SERVICE);
    };
    std::thread::spawn(move || {
        // Dropped as the thread ends, which tells a waiting `drop` it may go.
        let _finished = finished;
        let Ok(mut client) = fifo::Builder::new().build() else {
            say_off();
            // Drain, so the player's sends never fail noisily.
            while rx.recv().is_ok() {}
            return;
        };
        let named = client
            .set_client_name(ClientName::new("steady", "guide"))
            .and_then(|c| c.check_client_name_set());
        if named.is_err() {
            say_off();
            while rx.recv().is_ok() {}
            return;
        }
        while let Ok(first) = rx.recv() {
            // Only the newest matters: a run of sentences queued while the service was
            // busy is said as its last.
            let mut speech = first;
            while let Ok(next) = rx.try_recv() {
                speech = next;
            }
            let cancelled = client
                .cancel(MessageScope::All)
                .and_then(|c| c.check_status(OK_CANCELED));
            if cancelled.is_err() {
                say_off();
                break;
            }
            if let Speech::Say(text) = speech {
                let said = client
                    .speak()
                    .and_then(|c| c.check_receiving_data())
                    .and_then(|c| c.send_line(&text))
                    .and_then(|c| c.receive_message_id());
                if said.is_err() {
                    say_off();
                    break;
                }
            }
        }
        let _ = client.quit();
    });
    (tx, done)
}

/// Built without the `voice` feature, or on a platform without a speech service steady
/// can reach: silent, and said so.
#[cfg(not(all(feature = "voice", unix)))]
fn start(off: Arc<Mutex<Option<&'static str>>>) -> (mpsc::Sender<Speech>, mpsc::Receiver<()>) {
    *off.lock().unwrap_or_else(|e| e.into_inner()) = Some(NO_SERVICE);
    let (tx, _rx) = mpsc::channel();
    let (_finished, done) = mpsc::channel();
    (tx, done)
}
