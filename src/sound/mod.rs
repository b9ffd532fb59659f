//! Cue sounds: which sound each cue plays (a pure schedule), the bundled sounds, and
//! playing them on a thread of their own behind the `audio` feature. Without a device,
//! or without the feature, everything here is quietly silent: no error ever reaches
//! the screen.

pub mod contain;
pub mod cue;
#[cfg(feature = "audio")]
mod device;
pub mod file;
pub mod quiet;
pub mod recording;
pub mod retry;
pub mod schedule;

use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};

use crate::exercise::BundledSound;
pub use cue::{END, Play, SoundRef, for_cue};

/// The volume when none is set: low, as a sudden sound can startle.
pub const DEFAULT_VOLUME: f32 = 0.4;

/// The bundled sounds, made by `cargo run --example make-sounds` and embedded.
pub fn bytes(s: BundledSound) -> &'static [u8] {
    match s {
        BundledSound::In => include_bytes!("../../sounds/in.wav"),
        BundledSound::Out => include_bytes!("../../sounds/out.wav"),
        BundledSound::Look => include_bytes!("../../sounds/look.wav"),
        BundledSound::Away => include_bytes!("../../sounds/away.wav"),
        BundledSound::Step => include_bytes!("../../sounds/step.wav"),
        BundledSound::End => include_bytes!("../../sounds/end.wav"),
        BundledSound::Left => include_bytes!("../../sounds/left.wav"),
        BundledSound::Right => include_bytes!("../../sounds/right.wav"),
    }
}

/// How long a bundled sound lasts.
pub fn length(s: BundledSound) -> std::time::Duration {
    use rodio::Source;
    rodio::Decoder::try_from(std::io::Cursor::new(bytes(s)))
        .ok()
        .and_then(|d| d.total_duration())
        .unwrap_or_default()
}

/// Whether sound is on, for the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not opened: muted from the start, so no device has been touched.
    Closed,
    Starting,
    On,
    /// Off, and why, in a few words.
    Off(&'static str),
}

/// The footer's words when the device can't be opened or stops working.
pub const NO_DEVICE: &str = "sound off: no audio device";
/// When the audio stack panicked (a broken ALSA configuration can make cpal do that).
pub const FAILED: &str = "sound off: the sound system failed";
/// When the device takes samples far faster than it could play them (ALSA's `null`
/// device does not keep time), which would keep a core busy.
pub const TOO_FAST: &str = "sound off: the audio device does not keep time";
/// When opening the device takes longer than [`PATIENCE`].
pub const NO_ANSWER: &str = "sound off: the audio device did not answer";
/// How long the footer waits for the device before saying it did not answer, so the
/// status never stays "starting" (and the loop never looks in often) for long.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// Where sounds go: nowhere, a channel (tests), or the audio thread.
enum Out {
    Nowhere,
    Channel(mpsc::Sender<Play>),
    #[cfg(feature = "audio")]
    Thread(mpsc::Sender<device::Msg>),
}

/// What the audio thread has done with the sounds sent to it.
#[derive(Debug, Default)]
pub struct Played {
    /// How many sounds it has taken (played, or found nothing to play them on).
    pub handled: u64,
    /// When the last of them has played out, with the quiet margin after.
    pub until: Option<std::time::Instant>,
}

/// The sound edge: sends sounds, and when the next one is due, to the audio thread,
/// which finds the device in the background so the first frame never waits for it,
/// and opens an output stream only around sounds. Muted from the start, nothing is
/// touched until the first unmute.
pub struct Sounds {
    out: Out,
    status: Arc<Mutex<Status>>,
    played: Arc<Mutex<Played>>,
    /// Sounds sent to the audio thread.
    sent: u64,
    /// What the audio thread was last told of the next sound: (when, paused).
    told: Option<(Option<(std::time::Instant, Play)>, bool)>,
    muted: bool,
    /// The volume to open the device at on the first unmute; `None` once opened, or
    /// when there is no device to open.
    #[cfg_attr(not(feature = "audio"), allow(dead_code))]
    closed: Option<f32>,
    /// When the device began opening.
    since: Option<std::time::Instant>,
    /// Ends (disconnects) when the audio thread has finished, device closed.
    done: Option<mpsc::Receiver<()>>,
    /// fd 2 kept off the screen while the audio stack is in the process.
    hush: Option<crate::sound::quiet::Hush>,
    /// The recorded voice playing or last played, and how far it got.
    recording: Option<(Play, std::sync::Arc<recording::Shared>)>,
}

/// A recorded voice stopped by a pause plays on from this much before where it was
/// stopped: the words around the pause are heard again.
pub const AGAIN_BEFORE: std::time::Duration = std::time::Duration::from_secs(2);

impl Sounds {
    fn with(out: Out, status: Status, muted: bool) -> Self {
        Self {
            out,
            status: Arc::new(Mutex::new(status)),
            played: Arc::default(),
            sent: 0,
            told: None,
            muted,
            closed: None,
            since: None,
            done: None,
            hush: None,
            recording: None,
        }
    }

    /// No sound at all.
    pub fn silent(why: &'static str) -> Self {
        Self::with(Out::Nowhere, Status::Off(why), true)
    }

    /// Sounds that go to `tx` instead of a device: for tests, and anything else that
    /// wants to know what would play.
    pub fn to_channel(tx: mpsc::Sender<Play>, muted: bool) -> Self {
        Self::with(Out::Channel(tx), Status::On, muted)
    }

    /// Sound at `volume` (0 to 1). The audio thread starts on [`Sounds::go`], which the
    /// player calls once its first screen is out, so that finding the device (reading
    /// the sound system's configuration, loading its libraries) never competes with
    /// that screen; or as soon as a sound is due, should that come first; or, muted,
    /// on the first unmute.
    #[cfg(feature = "audio")]
    pub fn start(volume: f32, muted: bool) -> Self {
        let mut s = Self::with(Out::Nowhere, Status::Closed, muted);
        s.closed = Some(volume);
        s
    }

    /// Built without the `audio` feature: silent.
    #[cfg(not(feature = "audio"))]
    pub fn start(_volume: f32, _muted: bool) -> Self {
        Self::silent("sound off: built without sound")
    }

    /// Starts the audio thread, with fd 2 hushed for as long as it may print.
    #[cfg(feature = "audio")]
    fn open(&mut self) {
        let Some(volume) = self.closed.take() else {
            return;
        };
        self.hush = crate::sound::quiet::Hush::start().ok();
        set(&self.status, Status::Starting);
        let (tx, rx) = mpsc::channel();
        let (done_tx, done) = mpsc::channel::<()>();
        let status = self.status.clone();
        let played = self.played.clone();
        let wake = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("sound".into())
            .spawn(move || {
                let _done = done_tx;
                let errors = status.clone();
                // A panic in the audio stack turns sound off; the player goes on.
                let run = move || device::run(rx, wake, errors, played, volume);
                if crate::sound::contain::contain(run).is_none() {
                    set(&status, Status::Off(FAILED));
                }
            });
        match spawned {
            Ok(_) => {
                self.out = Out::Thread(tx);
                self.done = Some(done);
                self.since = Some(std::time::Instant::now());
            }
            Err(_) => set(&self.status, Status::Off(NO_DEVICE)),
        }
    }

    #[cfg(not(feature = "audio"))]
    fn open(&mut self) {}

    /// The first screen is out: sound may start (unless muted).
    pub fn go(&mut self) {
        if !self.muted {
            self.open();
        }
    }

    pub fn status(&self) -> Status {
        let status = self
            .status
            .lock()
            .map(|s| s.clone())
            .unwrap_or(Status::Off(FAILED));
        match (status, self.since) {
            (Status::Starting, Some(t)) if t.elapsed() > PATIENCE => Status::Off(NO_ANSWER),
            (s, _) => s,
        }
    }

    /// What the footer says about sound, if anything.
    pub fn notice(&self) -> Option<&'static str> {
        match self.status() {
            Status::Off(why) => Some(why),
            _ => None,
        }
    }

    pub fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
        if !muted {
            self.open();
        }
        // Said again: muted, nothing is due.
        self.told = None;
    }

    /// Tells the audio thread which sound is next and when it is due (`None` when no
    /// time is known: the preview, a step that waits for Enter, the end) and whether the
    /// practice is paused, so it opens a stream just before, starts the sound on its
    /// moment by the stream's own sample clock, and keeps none open otherwise. Sent only
    /// when it changed, so the player may call this on every tick.
    pub fn ahead(&mut self, next: Option<(std::time::Instant, Play)>, paused: bool) {
        let next = next.filter(|_| !self.muted);
        if next.is_some() {
            self.open();
        }
        if self
            .told
            .as_ref()
            .is_some_and(|t| t.0 == next && t.1 == paused)
        {
            return;
        }
        self.told = Some((next.clone(), paused));
        #[cfg(feature = "audio")]
        if let Out::Thread(tx) = &self.out {
            let _ = tx.send(device::Msg::Ahead { next, paused });
        }
    }

    /// Lets the sounds sent so far play out before steady exits, when they can be heard.
    pub fn let_finish(&self, s: BundledSound, stopped: &dyn Fn() -> bool) {
        if self.muted || self.status() != Status::On {
            return;
        }
        // However the audio thread fares, never longer than the sound and a little more.
        let give_up = std::time::Instant::now() + length(s) + std::time::Duration::from_secs(1);
        // In short naps, so Ctrl-C during the chime ends steady at once.
        while !stopped() {
            let now = std::time::Instant::now();
            let (handled, until) = match self.played.lock() {
                Ok(p) => (p.handled, p.until),
                Err(_) => return,
            };
            let done = handled >= self.sent && until.is_none_or(|u| now >= u);
            if done || now >= give_up || self.status() != Status::On {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Plays a step's recorded voice from `from` on, stopping the one playing; unless
    /// muted or sound is off, when it is over at once.
    #[cfg_attr(not(feature = "audio"), allow(unused_variables))]
    pub fn record(&mut self, play: Play, from: std::time::Duration) {
        self.stop_recording();
        let shared = std::sync::Arc::new(recording::Shared::default());
        self.recording = Some((play.clone(), shared.clone()));
        if self.muted || matches!(self.status(), Status::Off(_)) {
            shared.failed();
            return;
        }
        self.open();
        match &self.out {
            #[cfg(feature = "audio")]
            Out::Thread(tx) => {
                let msg = device::Msg::Recording { play, from, shared };
                if let Err(mpsc::SendError(device::Msg::Recording { shared, .. })) = tx.send(msg) {
                    shared.failed();
                }
            }
            _ => shared.failed(),
        }
    }

    /// Stops the recorded voice at once, keeping where it got to.
    pub fn stop_recording(&mut self) {
        if let Some((_, shared)) = &self.recording {
            shared.stop();
        }
    }

    /// Stops the recorded voice, which is no longer the last words (others were said).
    pub fn forget_recording(&mut self) {
        self.stop_recording();
        self.recording = None;
    }

    /// Plays the recorded voice a pause stopped on from a little before where it
    /// stopped (one that had played out stays silent): whether the last words were a
    /// recording.
    pub fn record_again(&mut self) -> bool {
        let Some((play, shared)) = self.recording.take() else {
            return false;
        };
        if shared.ended() {
            self.recording = Some((play, shared));
        } else {
            self.record(play, shared.played().saturating_sub(AGAIN_BEFORE));
        }
        true
    }

    /// Whether no recorded voice is playing.
    pub fn recording_over(&self) -> bool {
        self.recording.as_ref().is_none_or(|(_, s)| s.over())
            || matches!(self.status(), Status::Off(_))
    }

    /// Plays `sound` unless muted; `folder` is where a file sound's path starts.
    pub fn play(&mut self, sound: SoundRef, folder: Option<&Path>) {
        if self.muted {
            return;
        }
        self.open();
        let play = Play {
            sound,
            folder: folder.map(Path::to_path_buf),
        };
        match &self.out {
            Out::Nowhere => {}
            Out::Channel(tx) => {
                let _ = tx.send(play);
            }
            #[cfg(feature = "audio")]
            Out::Thread(tx) => {
                if tx.send(device::Msg::Play(play)).is_ok() {
                    self.sent += 1;
                }
            }
        }
    }
}

impl Drop for Sounds {
    /// Closes the device, then gives fd 2 back, but only once the audio thread has
    /// finished: a device that won't close may still print, so then fd 2 stays hushed
    /// (steady's own messages go to the real stderr either way).
    fn drop(&mut self) {
        self.stop_recording();
        #[cfg(feature = "audio")]
        if let Out::Thread(tx) = &self.out {
            let _ = tx.send(device::Msg::Quit);
        }
        self.out = Out::Nowhere;
        let finished = self.done.take().is_none_or(|done| {
            done.recv_timeout(std::time::Duration::from_millis(500))
                != Err(mpsc::RecvTimeoutError::Timeout)
        });
        if let Some(hush) = self.hush.take()
            && !finished
        {
            std::mem::forget(hush);
        }
    }
}

#[cfg_attr(not(feature = "audio"), allow(dead_code))]
fn set(status: &Mutex<Status>, s: Status) {
    if let Ok(mut g) = status.lock() {
        *g = s;
    }
}

/// The sound `sound` as it will be played: a file is read and decoded exactly as
/// `check` read it when the exercise was loaded (it may have changed since).
pub fn prepare(
    sound: &SoundRef,
    folder: Option<&Path>,
) -> Result<rodio::buffer::SamplesBuffer, crate::sound::file::Problem> {
    let decoded = match sound {
        SoundRef::Bundled(b) => crate::sound::file::decode(bytes(*b))?,
        SoundRef::File(rel) => crate::sound::file::decode(crate::sound::file::read(
            folder.unwrap_or(Path::new("")),
            rel,
        )?)?,
    };
    Ok(rodio::buffer::SamplesBuffer::new(
        decoded.channels,
        decoded.rate,
        decoded.samples,
    ))
}
