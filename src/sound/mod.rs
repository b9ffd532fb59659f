//! Cue sounds: which sound each cue plays (a pure schedule), the bundled sounds, and
//! playing them on a thread of their own behind the `audio` feature. Without a device,
//! or without the feature, everything here is quietly silent: no error ever reaches
//! the screen.

pub mod contain;
pub mod file;
pub mod quiet;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use crate::exercise::{BundledSound, Exercise, Sound};
use crate::timeline::{CueKind, Timeline};

/// The volume when none is set: low, as a sudden sound can startle.
pub const DEFAULT_VOLUME: f32 = 0.4;

/// A sound to play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoundRef {
    Bundled(BundledSound),
    /// A file, relative to the exercise's folder.
    File(PathBuf),
}

/// The bundled sounds, made by `cargo run --example make-sounds` and embedded.
pub fn bytes(s: BundledSound) -> &'static [u8] {
    match s {
        BundledSound::In => include_bytes!("../../sounds/in.wav"),
        BundledSound::Out => include_bytes!("../../sounds/out.wav"),
        BundledSound::Look => include_bytes!("../../sounds/look.wav"),
        BundledSound::Away => include_bytes!("../../sounds/away.wav"),
        BundledSound::Step => include_bytes!("../../sounds/step.wav"),
        BundledSound::End => include_bytes!("../../sounds/end.wav"),
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

/// The sound cue `cue` begins with. A step's first cue plays the step's sound (the
/// step chime unless the file names another, or `none`); after that, breathing phases
/// and look/away changes play their bundled cues, and holds are silent.
pub fn for_cue(ex: &Exercise, timeline: &Timeline, cue: usize) -> Option<SoundRef> {
    let c = timeline.cues.get(cue)?;
    if timeline.step_starts[c.step] == cue {
        return match &ex.steps[c.step].sound {
            Sound::Default => Some(SoundRef::Bundled(BundledSound::Step)),
            Sound::Silent => None,
            Sound::Bundled(b) => Some(SoundRef::Bundled(*b)),
            Sound::File(p) => Some(SoundRef::File(p.clone())),
        };
    }
    let b = match c.kind {
        CueKind::Inhale | CueKind::TopUp => BundledSound::In,
        CueKind::Exhale => BundledSound::Out,
        CueKind::Look => BundledSound::Look,
        CueKind::Away => BundledSound::Away,
        CueKind::HoldIn | CueKind::HoldOut | CueKind::Prompt => return None,
    };
    Some(SoundRef::Bundled(b))
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
/// When opening the device takes longer than [`PATIENCE`].
pub const NO_ANSWER: &str = "sound off: the audio device did not answer";
/// How long the footer waits for the device before saying it did not answer, so the
/// status never stays "starting" (and the loop never looks in often) for long.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// One sound to play, and the folder a file sound's path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Play {
    pub sound: SoundRef,
    pub folder: Option<PathBuf>,
}

/// The sound edge: sends sounds to the audio thread, which opens the device in the
/// background so the first frame never waits for it. Muted from the start, nothing is
/// opened until the first unmute.
pub struct Sounds {
    tx: Option<mpsc::Sender<Play>>,
    status: Arc<Mutex<Status>>,
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
}

impl Sounds {
    fn with(tx: Option<mpsc::Sender<Play>>, status: Status, muted: bool) -> Self {
        Self {
            tx,
            status: Arc::new(Mutex::new(status)),
            muted,
            closed: None,
            since: None,
            done: None,
            hush: None,
        }
    }

    /// No sound at all.
    pub fn silent(why: &'static str) -> Self {
        Self::with(None, Status::Off(why), true)
    }

    /// Sounds that go to `tx` instead of a device: for tests, and anything else that
    /// wants to know what would play.
    pub fn to_channel(tx: mpsc::Sender<Play>, muted: bool) -> Self {
        Self::with(Some(tx), Status::On, muted)
    }

    /// Sound at `volume` (0 to 1): the audio thread starts now, or on the first unmute.
    #[cfg(feature = "audio")]
    pub fn start(volume: f32, muted: bool) -> Self {
        let mut s = Self::with(None, Status::Closed, muted);
        s.closed = Some(volume);
        if !muted {
            s.open();
        }
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
        let spawned = std::thread::Builder::new()
            .name("sound".into())
            .spawn(move || {
                let _done = done_tx;
                let errors = status.clone();
                // A panic in the audio stack turns sound off; the player goes on.
                if crate::sound::contain::contain(move || device::run(rx, errors, volume)).is_none()
                {
                    set(&status, Status::Off(FAILED));
                }
            });
        match spawned {
            Ok(_) => {
                self.tx = Some(tx);
                self.done = Some(done);
                self.since = Some(std::time::Instant::now());
            }
            Err(_) => set(&self.status, Status::Off(NO_DEVICE)),
        }
    }

    #[cfg(not(feature = "audio"))]
    fn open(&mut self) {}

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
    }

    /// Lets a sound that just began play out before steady exits, when one can be heard.
    pub fn let_finish(&self, s: BundledSound, stopped: &dyn Fn() -> bool) {
        if self.muted || self.status() != Status::On {
            return;
        }
        // In short naps, so Ctrl-C during the chime ends steady at once.
        let end = std::time::Instant::now() + length(s);
        while !stopped() {
            let left = end.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(std::time::Duration::from_millis(20)));
        }
    }

    /// Plays `sound` unless muted; `folder` is where a file sound's path starts.
    pub fn play(&self, sound: SoundRef, folder: Option<&Path>) {
        if self.muted {
            return;
        }
        if let Some(tx) = &self.tx {
            let _ = tx.send(Play {
                sound,
                folder: folder.map(Path::to_path_buf),
            });
        }
    }
}

impl Drop for Sounds {
    /// Closes the device, then gives fd 2 back, but only once the audio thread has
    /// finished: a device that won't close may still print, so then fd 2 stays hushed
    /// (steady's own messages go to the real stderr either way).
    fn drop(&mut self) {
        self.tx = None;
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

#[cfg(feature = "audio")]
mod device {
    use std::sync::{Arc, Mutex, mpsc};

    use rodio::Source;

    use super::{NO_DEVICE, Play, Status, set};

    /// The audio thread: opens the default device with ALSA's error printer turned
    /// off on this thread and rodio's messages caught, then plays what it is sent.
    pub(super) fn run(rx: mpsc::Receiver<Play>, status: Arc<Mutex<Status>>, volume: f32) {
        // ALSA prints to stderr while it probes devices; keep that off the screen. The
        // handler lives as long as this thread.
        #[cfg(target_os = "linux")]
        let _alsa_quiet = alsa::Output::local_error_handler().ok();
        let errors = status.clone();
        let opened = rodio::DeviceSinkBuilder::from_default_device().and_then(|b| {
            b.with_error_callback(move |_e: rodio::CpalError| set(&errors, Status::Off(NO_DEVICE)))
                .open_stream()
        });
        let mut sink = match opened {
            Ok(s) => s,
            Err(_) => {
                set(&status, Status::Off(NO_DEVICE));
                return;
            }
        };
        sink.log_on_drop(false);
        set(&status, Status::On);
        while let Ok(Play { sound, folder }) = rx.recv() {
            // Checked when the exercise was loaded; changed since: stay quiet.
            if let Ok(source) = super::prepare(&sound, folder.as_deref()) {
                sink.mixer().add(source.amplify(volume));
            }
        }
    }
}
