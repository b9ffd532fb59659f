//! The audio thread: opens an output stream only around sounds, as
//! [`super::schedule::wanted`] says, and closes it (drops it: a paused stream is still a
//! stream to the sound server) once the last sound has played out. Opening happens here,
//! never on the player's thread, with ALSA's error printer turned off on this thread for
//! its whole life (and fd 2 hushed by [`super::Sounds`] meanwhile), so each reopening is
//! as quiet as the first.
//!
//! A device that takes samples far faster than they can be played (ALSA's `null`, which
//! does not pace) would keep this thread's audio callback busy on a whole core: a silent
//! [`Meter`] in the mix counts what the device has taken, and past what wall time allows
//! the stream is closed for good and the footer says sound is off.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use rodio::cpal::traits::HostTrait;
use rodio::{ChannelCount, DeviceSinkBuilder, MixerDeviceSink, SampleRate, Source};

use super::schedule::{self, MARGINS};
use super::{NO_DEVICE, Play, Played, Status, TOO_FAST, set};

/// What the player tells the audio thread.
pub(super) enum Msg {
    Play(Play),
    /// When the next sound is due, if known, and whether the practice is paused.
    Ahead {
        next: Option<Instant>,
        paused: bool,
    },
    /// The open stream failed (the device went away, or the sound server dropped it).
    Broken,
    /// The player is done: close the stream and end (the meter's copy of the sender
    /// keeps the channel open, so hanging up alone would not end the thread).
    Quit,
}

/// How many seconds of samples a device may take ahead of wall time (its buffer, filled
/// when the stream starts) before it counts as not pacing.
const AHEAD_ALLOWED: f64 = 2.0;
/// The meter looks at the clock once every this many samples.
const LOOK_EVERY: u64 = 4096;

/// The default output device, and the stream configuration its first opening chose, so
/// reopening asks the device nothing it has answered already.
struct Output {
    device: rodio::Device,
    config: Option<rodio::stream::DeviceSinkConfig>,
}

impl Output {
    /// Opens a stream that sets `broken` and wakes the audio thread once when it fails:
    /// the device is gone, or errors keep coming. An underrun is recovered by cpal
    /// itself, and so is a short burst of errors as a stream starts (the ALSA pulse
    /// plugin answers `snd_pcm_avail_delay` with EIO for about a millisecond now and
    /// then, which cpal reports on each try).
    fn open(
        &mut self,
        broken: &Arc<AtomicBool>,
        wake: &mpsc::Sender<Msg>,
    ) -> Option<MixerDeviceSink> {
        let (flag, wake) = (broken.clone(), wake.clone());
        let mut errors = 0u32;
        let on_error = move |e: rodio::CpalError| {
            let fatal = match e.kind() {
                rodio::CpalErrorKind::Xrun => false,
                rodio::CpalErrorKind::DeviceNotAvailable => true,
                _ => {
                    errors = errors.saturating_add(1);
                    errors >= ERRORS_ALLOWED
                }
            };
            if fatal && !flag.swap(true, Ordering::SeqCst) {
                let _ = wake.send(Msg::Broken);
            }
        };
        let builder = match &self.config {
            Some(c) => DeviceSinkBuilder::default()
                .with_device(self.device.clone())
                .with_channels(c.channel_count())
                .with_sample_rate(c.sample_rate())
                .with_buffer_size(*c.buffer_size())
                .with_sample_format(c.sample_format()),
            None => {
                use rodio::DeviceTrait;
                let rate = self.device.default_output_config().ok()?.sample_rate();
                let b = DeviceSinkBuilder::from_device(self.device.clone()).ok()?;
                // Periods of about 10 ms (rodio's own are 50 ms): a sound sent at its
                // moment waits behind two periods already queued, so this is most of
                // its onset error.
                b.with_buffer_size(rodio::cpal::BufferSize::Fixed((rate / 100).max(64)))
            }
        };
        let mut sink = builder.with_error_callback(on_error).open_stream().ok()?;
        sink.log_on_drop(false);
        self.config = Some(*sink.config());
        Some(sink)
    }
}

/// A silent source that counts the samples the device takes, and tells the audio
/// thread once when that is far more than wall time allows.
struct Meter {
    channels: ChannelCount,
    rate: SampleRate,
    taken: u64,
    began: Option<Instant>,
    too_fast: Arc<AtomicU64>,
    wake: Option<mpsc::Sender<Msg>>,
}

impl Iterator for Meter {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        self.taken += 1;
        if self.taken == 1 {
            self.began = Some(Instant::now());
        } else if self.taken.is_multiple_of(LOOK_EVERY)
            && let Some(began) = self.began
        {
            let per_second = f64::from(self.rate.get()) * f64::from(self.channels.get());
            let allowed = (began.elapsed().as_secs_f64() + AHEAD_ALLOWED) * per_second;
            if self.taken as f64 > allowed
                && let Some(wake) = self.wake.take()
            {
                self.too_fast.fetch_add(1, Ordering::SeqCst);
                // Wakes the thread, which closes the stream.
                let _ = wake.send(Msg::Broken);
            }
        }
        Some(0.0)
    }
}

impl Source for Meter {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> ChannelCount {
        self.channels
    }
    fn sample_rate(&self) -> SampleRate {
        self.rate
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// Errors a stream may report before it counts as failed: a burst at its start is
/// about a hundred, one every 15 µs or so; a device that keeps failing reaches this in
/// tens of milliseconds.
const ERRORS_ALLOWED: u32 = 2000;
/// How many streams in a row may fail before sound is off for the rest of the run. The
/// stream that failed is closed and the next one tried.
const TRIES: u32 = 5;
/// How long to wait before opening again after a failure, times the failures in a row.
const BACK_OFF: Duration = Duration::from_millis(10);
/// A sound that began this recently in a stream that failed is played again in the
/// next one: late by the reopening, but whole.
const REPLAY: Duration = Duration::from_millis(100);

/// The open stream and what was just played in it.
struct Open {
    sink: MixerDeviceSink,
    broken: Arc<AtomicBool>,
    /// Sounds begun in this stream within [`REPLAY`], and when.
    recent: Vec<(Instant, Play)>,
}

/// The audio thread's state between messages.
struct Thread {
    output: Output,
    status: Arc<Mutex<Status>>,
    wake: mpsc::Sender<Msg>,
    too_fast: Arc<AtomicU64>,
    volume: f32,
    stream: Option<Open>,
    /// Streams that failed in a row.
    failed: u32,
    /// When the last sound sent plays out.
    sounding: Option<Instant>,
}

impl Thread {
    fn off(&self) -> bool {
        matches!(self.status.lock().as_deref(), Ok(Status::Off(_)) | Err(_))
    }

    /// Opens a stream, unless sound is off; a failure to open turns it off.
    fn open(&mut self) {
        if self.stream.is_some() || self.off() {
            return;
        }
        let broken = Arc::new(AtomicBool::new(false));
        let Some(sink) = self.output.open(&broken, &self.wake) else {
            set(&self.status, Status::Off(NO_DEVICE));
            return;
        };
        let config = sink.config();
        sink.mixer().add(Meter {
            channels: config.channel_count(),
            rate: config.sample_rate(),
            taken: 0,
            began: None,
            too_fast: self.too_fast.clone(),
            wake: Some(self.wake.clone()),
        });
        self.stream = Some(Open {
            sink,
            broken,
            recent: Vec::new(),
        });
    }

    /// Plays `play` in the open stream; whether there was one.
    fn play(&mut self, play: Play, at: Instant) {
        let Some(open) = &mut self.stream else {
            return;
        };
        // Checked when the exercise was loaded; changed since: stay quiet.
        let Ok(source) = super::prepare(&play.sound, play.folder.as_deref()) else {
            return;
        };
        let ends = at + source.total_duration().unwrap_or_default();
        open.sink.mixer().add(source.amplify(self.volume));
        self.sounding = Some(self.sounding.map_or(ends, |u| u.max(ends)));
        open.recent.retain(|(t, _)| t.elapsed() < REPLAY);
        open.recent.push((at, play));
    }

    /// Closes a stream that failed, and opens another with what just began in it.
    fn mend(&mut self) {
        let Some(open) = self.stream.take_if(|o| o.broken.load(Ordering::SeqCst)) else {
            return;
        };
        drop(open.sink);
        self.failed += 1;
        if self.failed >= TRIES {
            set(&self.status, Status::Off(NO_DEVICE));
            return;
        }
        // The server may need a moment before the next stream works.
        std::thread::sleep(BACK_OFF * self.failed);
        let again: Vec<Play> = open
            .recent
            .into_iter()
            .filter(|(t, _)| t.elapsed() < REPLAY)
            .map(|(_, p)| p)
            .collect();
        if !again.is_empty() {
            self.open();
            for p in again {
                self.play(p, Instant::now());
            }
        }
    }
}

/// Runs until the player is done: opens a stream when one is wanted, plays what is
/// sent, closes the stream when nothing is due.
pub(super) fn run(
    rx: mpsc::Receiver<Msg>,
    wake: mpsc::Sender<Msg>,
    status: Arc<Mutex<Status>>,
    played: Arc<Mutex<Played>>,
    volume: f32,
) {
    // ALSA prints to stderr while it probes devices; keep that off the screen. The
    // handler lives as long as this thread, so it covers every opening.
    #[cfg(target_os = "linux")]
    let _alsa_quiet = alsa::Output::local_error_handler().ok();
    // Found and asked for its configuration now, so the footer can say at once that
    // there is no device; a stream is opened only when a sound is near.
    let device = rodio::cpal::default_host()
        .default_output_device()
        .filter(|d| DeviceSinkBuilder::from_device(d.clone()).is_ok());
    let Some(device) = device else {
        set(&status, Status::Off(NO_DEVICE));
        return;
    };
    set(&status, Status::On);
    let mut t = Thread {
        output: Output {
            device,
            config: None,
        },
        status,
        wake,
        too_fast: Arc::new(AtomicU64::new(0)),
        volume,
        stream: None,
        failed: 0,
        sounding: None,
    };
    let (mut next, mut paused) = (None, false);
    loop {
        if t.too_fast.load(Ordering::SeqCst) > 0 && !t.off() {
            set(&t.status, Status::Off(TOO_FAST));
        }
        t.mend();
        if t.off() {
            t.stream = None;
        }
        let want = schedule::wanted(Instant::now(), next, paused, t.sounding, &MARGINS);
        if want.is_open() {
            t.open();
        } else if let Some(open) = t.stream.take() {
            // Closed whole: a stream that played to its end counts as working.
            if !open.broken.load(Ordering::SeqCst) {
                t.failed = 0;
            }
        }
        let msg = match want.until().filter(|_| !t.off()) {
            Some(until) => rx.recv_timeout(until.saturating_duration_since(Instant::now())),
            None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
        };
        match msg {
            Err(mpsc::RecvTimeoutError::Timeout) | Ok(Msg::Broken) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) | Ok(Msg::Quit) => return,
            Ok(Msg::Ahead { next: n, paused: p }) => (next, paused) = (n, p),
            Ok(Msg::Play(play)) => {
                // A sound no one could see coming (after Enter, a skip): open now.
                t.open();
                t.play(play, Instant::now());
                if let Ok(mut p) = played.lock() {
                    p.handled += 1;
                    p.until = t.sounding.map(|s| s + MARGINS.tail);
                }
            }
        }
    }
}
