//! Spoken guidance at the edge: the platform's speech service, on a thread of its own,
//! fed [`Speech`] by the driver. On Linux and other Unix systems that is Speech
//! Dispatcher, spoken to over its socket (`ssip-client`, plain Rust: no C library, and
//! nothing that can write on the terminal). Nothing is opened until the first sentence,
//! which comes only after Space; where no service answers, it stays silent and says so
//! once, in the footer, as sound does.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use crate::player::spoken::Speech;

/// The footer's words when no speech service answers.
pub const NO_SERVICE: &str = "voice off: no speech service";

/// What the speaking thread shares with the player: why it is silent, if it is, and
/// the number of the last sentence that has ended (said, cut off or given up).
#[derive(Default)]
struct Shared {
    off: Mutex<Option<&'static str>>,
    ended: AtomicU64,
}

impl Shared {
    fn say_off(&self) {
        *self.off.lock().unwrap_or_else(|e| e.into_inner()) = Some(NO_SERVICE);
    }
}

/// A sentence (or silence) for the speaking thread, numbered: the number of the last
/// sentence handed over when it is silence.
type Order = (u64, Speech);

/// The speech edge: a channel to the speaking thread, started at the first sentence.
pub struct Voice {
    tx: Option<mpsc::Sender<Order>>,
    /// Disconnects when the speaking thread has finished, service silenced.
    done: Option<mpsc::Receiver<()>>,
    shared: Arc<Shared>,
    /// The last sentence said, for [`Speech::Again`].
    last: Option<String>,
    /// How many sentences were handed over.
    said: u64,
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
            shared: Arc::default(),
            last: None,
            said: 0,
        }
    }

    /// Why the voice is silent, once something was to be said and could not be.
    pub fn notice(&self) -> Option<&'static str> {
        *self.shared.off.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the last sentence has ended: said to its end, cut off, or unsayable.
    pub fn finished(&self) -> bool {
        self.tx.is_none()
            || self.notice().is_some()
            || self.shared.ended.load(Ordering::Acquire) >= self.said
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
            // A recording plays through the sound device: what is being said stops, and
            // a resume plays the recording on, never an older sentence.
            Speech::Recording(_) => {
                self.last = None;
                if self.tx.is_none() {
                    return;
                }
                Speech::Hush
            }
            Speech::Hush => {
                // Nothing started: nothing to silence, and nothing to open for it.
                if self.tx.is_none() {
                    return;
                }
                Speech::Hush
            }
        };
        if matches!(speech, Speech::Say(_)) {
            self.said += 1;
        }
        if self.tx.is_none() {
            let (tx, done) = start(self.shared.clone());
            self.tx = Some(tx);
            self.done = Some(done);
        }
        if let Some(tx) = &self.tx
            && tx.send((self.said, speech)).is_err()
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

/// How long the speaking thread waits on the service's socket at a time while a
/// sentence is being said, listening for its end: also the longest a new order (a
/// stop's silence) waits. Silent, the thread waits on the player alone, and costs
/// nothing.
#[cfg(all(feature = "voice", unix))]
const LISTEN: std::time::Duration = std::time::Duration::from_millis(15);

/// How long an answer from the service may take before it counts as gone.
#[cfg(all(feature = "voice", unix))]
const ANSWER: std::time::Duration = std::time::Duration::from_secs(2);

#[cfg(all(feature = "voice", unix))]
fn start(shared: Arc<Shared>) -> (mpsc::Sender<Order>, mpsc::Receiver<()>) {
    use ssip_client::{
        ClientError, ClientName, MessageScope, NotificationType, OK_CANCELED, OK_CLIENT_NAME_SET,
        OK_MESSAGE_QUEUED, OK_NOTIFICATION_SET, OK_RECEIVING_DATA, Response, fifo,
    };
    use std::io::ErrorKind;
    let (tx, rx) = mpsc::channel::<Order>();
    let (finished, done) = mpsc::channel::<()>();
    let timed_out = |e: &ClientError| matches!(e, ClientError::Io(io) if matches!(io.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut));
    std::thread::spawn(move || {
        // Dropped as the thread ends, which tells a waiting `drop` it may go.
        let _finished = finished;
        let give_up = |rx: mpsc::Receiver<Order>| {
            shared.say_off();
            // Drain, so the player's sends never fail noisily.
            while rx.recv().is_ok() {}
        };
        let connect = || fifo::Builder::new().timeout(LISTEN).build();
        let Ok(mut client) = connect().or_else(|_| {
            // Installed but not running: started as its own clients start it.
            spawn_service();
            connect()
        }) else {
            return give_up(rx);
        };
        // The answer with `code` to the last request: the service's notices of earlier
        // sentences (700s) may come first, and are passed over.
        let answer = |client: &mut ssip_client::Client<_>, code| {
            let since = std::time::Instant::now();
            loop {
                match client.receive_lines(code) {
                    Ok(lines) => return Ok(lines),
                    Err(ClientError::UnexpectedStatus(700..=799)) => {}
                    Err(e) if timed_out(&e) && since.elapsed() < ANSWER => {}
                    Err(e) => return Err(e),
                }
            }
        };
        let ready = client
            .set_client_name(ClientName::new("steady", "guide"))
            .and_then(|c| answer(c, OK_CLIENT_NAME_SET))
            .and_then(|_| client.set_notification(NotificationType::End, true))
            .and_then(|c| answer(c, OK_NOTIFICATION_SET))
            .and_then(|_| client.set_notification(NotificationType::Cancel, true))
            .and_then(|c| answer(c, OK_NOTIFICATION_SET));
        if ready.is_err() {
            return give_up(rx);
        }
        // The sentence being said: the service's id for it, and ours.
        let mut speaking: Option<(String, u64)> = None;
        loop {
            // While a sentence is said, the wait is on the socket (below), for its end.
            let order = if speaking.is_some() {
                match rx.try_recv() {
                    Ok(order) => Some(order),
                    Err(mpsc::TryRecvError::Empty) => None,
                    Err(mpsc::TryRecvError::Disconnected) => break,
                }
            } else {
                match rx.recv() {
                    Ok(order) => Some(order),
                    Err(_) => break,
                }
            };
            if let Some(first) = order {
                // Only the newest matters: a run of orders queued while the service
                // was busy is carried out as its last.
                let (mut number, mut speech) = first;
                while let Ok((n, next)) = rx.try_recv() {
                    (number, speech) = (n, next);
                }
                let cancelled = client
                    .cancel(MessageScope::All)
                    .and_then(|c| answer(c, OK_CANCELED));
                if cancelled.is_err() {
                    shared.say_off();
                    break;
                }
                speaking = None;
                match speech {
                    Speech::Say(text) => {
                        // Every earlier sentence has ended: this one is the last.
                        shared.ended.store(number - 1, Ordering::Release);
                        let said = client
                            .speak()
                            .and_then(|c| answer(c, OK_RECEIVING_DATA))
                            .and_then(|_| client.send_line(&text))
                            .and_then(|c| answer(c, OK_MESSAGE_QUEUED));
                        match said {
                            Ok(lines) => {
                                speaking = lines.first().map(|id| (id.clone(), number));
                            }
                            Err(_) => {
                                shared.say_off();
                                break;
                            }
                        }
                    }
                    _ => shared.ended.store(number, Ordering::Release),
                }
            }
            // Listen for the end of the sentence being said.
            if let Some((id, number)) = &speaking {
                match client.receive() {
                    Ok(Response::EventEnd(e) | Response::EventCanceled(e)) if e.message == *id => {
                        shared.ended.store(*number, Ordering::Release);
                        speaking = None;
                    }
                    Ok(_) => {}
                    Err(e) if timed_out(&e) => {}
                    Err(_) => {
                        shared.say_off();
                        break;
                    }
                }
            }
        }
        let _ = client.quit();
    });
    (tx, done)
}

/// Starts Speech Dispatcher the way its own library does when a client finds it not
/// running (`--spawn`: it starts only if none runs, and goes into the background once
/// its socket is ready). Nothing of it reaches the terminal.
#[cfg(all(feature = "voice", unix))]
fn spawn_service() {
    use std::process::{Command, Stdio};
    let _ = Command::new("speech-dispatcher")
        .arg("--spawn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Built without the `voice` feature, or on a platform without a speech service steady
/// can reach: silent, and said so.
#[cfg(not(all(feature = "voice", unix)))]
fn start(shared: Arc<Shared>) -> (mpsc::Sender<Order>, mpsc::Receiver<()>) {
    shared.say_off();
    let (tx, _rx) = mpsc::channel();
    let (_finished, done) = mpsc::channel();
    (tx, done)
}
