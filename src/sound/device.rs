//! The audio thread: opens an output stream only around sounds, as
//! [`super::schedule::wanted`] says, and closes it (drops it: a paused stream is still a
//! stream to the sound server) once the last sound has played out. Opening happens here,
//! never on the player's thread, with ALSA's error printer turned off on this thread for
//! its whole life (and fd 2 hushed by [`super::Sounds`] meanwhile), so each reopening is
//! as quiet as the first.
//!
//! Finding the device, opening a stream and a stream that fails are tried again on one
//! schedule ([`super::retry`]): a sound server that is not ready for a new client, or
//! a stream that fails as it starts, costs a sound at most, and sound is off for the
//! run (the footer says so) only once the tries are spent, a few seconds on.
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

use super::retry::{Backoff, Errors, Tried};
use super::schedule::{self, MARGINS};
use super::{NO_DEVICE, Play, Played, Status, TOO_FAST, set};

/// What the player tells the audio thread.
pub(super) enum Msg {
    Play(Play),
    /// The next sound and when it is due, if known, and whether the practice is paused.
    Ahead {
        next: Option<(Instant, Play)>,
        paused: bool,
    },
    /// Play a recorded voice from `from` on, stopping the one playing; `shared` learns
    /// how far it has played, and is told when it can't.
    Recording {
        play: Play,
        from: Duration,
        shared: Arc<super::recording::Shared>,
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

/// The default output device once found, and the stream configuration its first
/// opening chose, so reopening asks the device nothing it has answered already.
struct Output {
    device: Option<rodio::Device>,
    config: Option<rodio::stream::DeviceSinkConfig>,
}

impl Output {
    /// The default output device, found now unless known already: `None` when there is
    /// none, or it can't say how it plays (no card, a sound server not answering).
    fn find(&mut self) -> Option<&rodio::Device> {
        if self.device.is_none() {
            self.device = rodio::cpal::default_host()
                .default_output_device()
                .filter(|d| DeviceSinkBuilder::from_device(d.clone()).is_ok());
        }
        self.device.as_ref()
    }

    /// Opens a stream on the default output device (see [`Self::open_on`]). When that
    /// fails, the device is forgotten, so the next try finds it afresh: cpal lets go of
    /// ALSA's configuration with its last handle, and ALSA reads it again, so a sound
    /// server that was not answering at this try is the default device at the next.
    fn open(
        &mut self,
        broken: &Arc<AtomicBool>,
        wake: &mpsc::Sender<Msg>,
    ) -> Option<MixerDeviceSink> {
        let sink = self.open_on(broken, wake);
        if sink.is_none() {
            *self = Self {
                device: None,
                config: None,
            };
        }
        sink
    }

    /// Opens a stream that sets `broken` and wakes the audio thread once when it fails:
    /// the device is gone, or errors keep coming ([`Errors`]). An underrun is recovered
    /// by cpal itself, and so is the burst of errors as a stream starts.
    fn open_on(
        &mut self,
        broken: &Arc<AtomicBool>,
        wake: &mpsc::Sender<Msg>,
    ) -> Option<MixerDeviceSink> {
        let device = self.find()?.clone();
        let (flag, wake) = (broken.clone(), wake.clone());
        let mut errors = Errors::default();
        let on_error = move |e: rodio::CpalError| {
            let fatal = match e.kind() {
                rodio::CpalErrorKind::Xrun => false,
                rodio::CpalErrorKind::DeviceNotAvailable => true,
                _ => errors.failed(Instant::now()),
            };
            if fatal && !flag.swap(true, Ordering::SeqCst) {
                let _ = wake.send(Msg::Broken);
            }
        };
        let builder = match &self.config {
            Some(c) => DeviceSinkBuilder::default()
                .with_device(device)
                .with_channels(c.channel_count())
                .with_sample_rate(c.sample_rate())
                .with_buffer_size(*c.buffer_size())
                .with_sample_format(c.sample_format()),
            None => {
                use rodio::DeviceTrait;
                let rate = device.default_output_config().ok()?.sample_rate();
                let b = DeviceSinkBuilder::from_device(device).ok()?;
                // Periods of PERIOD: a sound queued ahead begins on its moment by the
                // sample clock whatever their size, and longer ones wake the sound
                // server less often.
                b.with_buffer_size(rodio::cpal::BufferSize::Fixed(
                    (rate * PERIOD_MS / 1000).max(64),
                ))
            }
        };
        let mut sink = builder.with_error_callback(on_error).open_stream().ok()?;
        sink.log_on_drop(false);
        self.config = Some(*sink.config());
        Some(sink)
    }
}

/// An open stream's sample clock: when the device took its first sample, and how many
/// it has taken since. The meter keeps it; a scheduled sound reads it to learn how far
/// ahead of wall time the device is, which is how late a sample made now is heard.
struct SampleClock {
    began: std::sync::OnceLock<Instant>,
    taken: AtomicU64,
    /// Samples a second, all channels counted.
    per_second: f64,
}

impl SampleClock {
    /// How far ahead of `now` the device has taken samples: its buffer's fill.
    fn ahead(&self, now: Instant) -> Duration {
        let Some(began) = self.began.get() else {
            return Duration::ZERO;
        };
        let taken = self.taken.load(Ordering::Relaxed) as f64 / self.per_second;
        let passed = now.saturating_duration_since(*began).as_secs_f64();
        Duration::try_from_secs_f64(taken - passed).unwrap_or(Duration::ZERO)
    }
}

/// A silent source that counts the samples the device takes, and tells the audio
/// thread once when that is far more than wall time allows.
struct Meter {
    channels: ChannelCount,
    rate: SampleRate,
    clock: Arc<SampleClock>,
    too_fast: Arc<AtomicU64>,
    wake: Option<mpsc::Sender<Msg>>,
}

impl Iterator for Meter {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        let taken = self.clock.taken.fetch_add(1, Ordering::Relaxed) + 1;
        if taken == 1 {
            let _ = self.clock.began.set(Instant::now());
        } else if taken.is_multiple_of(LOOK_EVERY)
            && let Some(began) = self.clock.began.get()
        {
            let allowed = (began.elapsed().as_secs_f64() + AHEAD_ALLOWED) * self.clock.per_second;
            if taken as f64 > allowed
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

/// A sound that begins on its moment by the stream's sample clock: silence first, as
/// long as the device is from `due`, then the sound. A sound sent at its moment waits
/// behind whatever the device holds already (tens of milliseconds with a sound server);
/// one queued a little ahead like this is heard on time, whatever the buffer's size.
/// Until it begins it can be called off (a skip, a pause); once begun it plays whole.
struct Scheduled<S> {
    inner: S,
    due: Instant,
    clock: Arc<SampleClock>,
    /// The sample the sound begins at, counted from this source's first: fixed when the
    /// device first asks, from how far ahead of wall time it is then.
    begins_at: Option<u64>,
    pos: u64,
    cancel: Arc<AtomicBool>,
}

impl<S: Source<Item = f32>> Iterator for Scheduled<S> {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        let begins_at = *self.begins_at.get_or_insert_with(|| {
            let now = Instant::now();
            let heard = now + self.clock.ahead(now);
            let wait = self.due.saturating_duration_since(heard).as_secs_f64();
            let rate = f64::from(self.inner.sample_rate().get());
            let channels = u64::from(self.inner.channels().get());
            (wait * rate).round() as u64 * channels
        });
        if self.pos < begins_at {
            if self.cancel.load(Ordering::Relaxed) {
                return None;
            }
            self.pos += 1;
            return Some(0.0);
        }
        self.inner.next()
    }
}

impl<S: Source<Item = f32>> Source for Scheduled<S> {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> ChannelCount {
        self.inner.channels()
    }
    fn sample_rate(&self) -> SampleRate {
        self.inner.sample_rate()
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// A sound queued in the open stream for its moment, not yet sent by the player.
struct Queued {
    due: Instant,
    /// When it has played out.
    ends: Instant,
    play: Play,
    cancel: Arc<AtomicBool>,
}

impl Queued {
    /// Calls it off, unless it has begun (then it plays whole).
    fn call_off(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A sound the player sends within this long of a queued sound's moment is that sound.
const SAME_MOMENT: Duration = Duration::from_millis(500);

/// How long before its sound the first stream is opened: measured against PulseAudio,
/// the first opening took up to about 60 ms longer than the rest.
const FIRST_LEAD: Duration = Duration::from_millis(400);

/// A sound is queued in an open stream once it is due within this long: after the
/// first opening's lead, never a prompt away.
const QUEUE_WITHIN: Duration = Duration::from_millis(500);

/// The length of the device's periods, in milliseconds.
const PERIOD_MS: u32 = 50;

/// A sound that began this recently in a stream that failed, or that was sent while no
/// stream would open, is played in the next stream: late by the reopening, but whole.
const REPLAY: Duration = Duration::from_millis(100);

/// The open stream and what was just played in it.
struct Open {
    sink: MixerDeviceSink,
    broken: Arc<AtomicBool>,
    clock: Arc<SampleClock>,
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
    /// Failures in a row to find the device, open a stream, or keep one working.
    backoff: Backoff,
    /// Sounds sent while no stream would open, and when: played in the next one, if
    /// that opens within [`REPLAY`].
    missed: Vec<(Instant, Play)>,
    /// When the last sound sent plays out.
    sounding: Option<Instant>,
    /// The next sound, queued in the open stream for its moment.
    queued: Option<Queued>,
    /// A queued sound whose moment has come, until the player says it began.
    begun: Option<Queued>,
    /// The recorded voice playing, until it is over.
    recording: Option<Arc<super::recording::Shared>>,
}

/// While a recorded voice plays, how often the audio thread looks whether it is over
/// (played out or stopped), to let the stream close soon after.
const RECORDING_LOOK: Duration = Duration::from_millis(200);

impl Thread {
    fn off(&self) -> bool {
        matches!(self.status.lock().as_deref(), Ok(Status::Off(_)) | Err(_))
    }

    fn starting(&self) -> bool {
        matches!(self.status.lock().as_deref(), Ok(Status::Starting))
    }

    /// While sound is starting, looks for the device (again, once a failure's wait is
    /// over), so the footer can say soon that there is none; found, sound is on.
    fn find(&mut self, now: Instant) {
        if !self.starting() {
            return;
        }
        let output = &mut self.output;
        match self.backoff.attempt(now, || output.find().map(|_| ())) {
            Tried::Done(()) => set(&self.status, Status::On),
            Tried::Waiting(_) => {}
            Tried::GaveUp => set(&self.status, Status::Off(NO_DEVICE)),
        }
    }

    /// Opens a stream, unless one is open, sound is off, or a failure's wait is not
    /// over; once the tries are spent, sound is off. Sounds missed meanwhile play in it.
    fn open(&mut self, now: Instant) {
        if self.stream.is_some() || self.off() {
            return;
        }
        let broken = Arc::new(AtomicBool::new(false));
        let (output, wake) = (&mut self.output, &self.wake);
        let sink = match self.backoff.attempt(now, || output.open(&broken, wake)) {
            Tried::Done(sink) => sink,
            Tried::Waiting(_) => return,
            Tried::GaveUp => {
                set(&self.status, Status::Off(NO_DEVICE));
                return;
            }
        };
        set(&self.status, Status::On);
        let config = sink.config();
        let clock = Arc::new(SampleClock {
            began: std::sync::OnceLock::new(),
            taken: AtomicU64::new(0),
            per_second: f64::from(config.sample_rate().get())
                * f64::from(config.channel_count().get()),
        });
        sink.mixer().add(Meter {
            channels: config.channel_count(),
            rate: config.sample_rate(),
            clock: clock.clone(),
            too_fast: self.too_fast.clone(),
            wake: Some(self.wake.clone()),
        });
        self.stream = Some(Open {
            sink,
            broken,
            clock,
            recent: Vec::new(),
        });
        let now = Instant::now();
        let missed = std::mem::take(&mut self.missed);
        let recent = |(t, _): &(Instant, Play)| now.saturating_duration_since(*t) < REPLAY;
        for (_, play) in missed.into_iter().filter(recent) {
            self.play(play, now);
        }
    }

    /// Queues the next sound in the open stream for its moment, or calls off one queued
    /// that is no longer next (a skip, a pause, a change of pace).
    fn schedule(&mut self, next: Option<&(Instant, Play)>, paused: bool) {
        let next = next.filter(|_| !paused);
        let now = Instant::now();
        if let Some(q) = self
            .queued
            .take_if(|q| next.is_none_or(|(due, play)| *due != q.due || *play != q.play))
        {
            if q.due <= now {
                // Its moment has come (the player may say so only after it has moved
                // on): it plays whole, and the player's word for it is still awaited.
                self.sounding = Some(self.sounding.map_or(q.ends, |u| u.max(q.ends)));
                self.begun = Some(q);
            } else {
                q.call_off();
            }
        }
        let (Some((due, play)), None, Some(open)) = (next, &self.queued, &self.stream) else {
            return;
        };
        // Only a sound about to begin: one further off would hold the stream open until
        // it (a stream open for another sound sees the next one a prompt away), and one
        // whose moment has passed is the player's to send (it may have, already).
        if *due <= now || due.saturating_duration_since(now) > QUEUE_WITHIN {
            return;
        }
        let Ok(source) = super::prepare(&play.sound, play.folder.as_deref()) else {
            return;
        };
        let ends = *due + source.total_duration().unwrap_or_default();
        let cancel = Arc::<AtomicBool>::default();
        open.sink.mixer().add(Scheduled {
            inner: source.amplify(self.volume),
            due: *due,
            clock: open.clock.clone(),
            begins_at: None,
            pos: 0,
            cancel: Arc::clone(&cancel),
        });
        self.queued = Some(Queued {
            due: *due,
            ends,
            play: play.clone(),
            cancel,
        });
    }

    /// Whether `play`, sent now, is the sound already queued for this moment: it is then
    /// one of the sounds played, and no longer something that could be called off.
    fn was_queued(&mut self, play: &Play, now: Instant) -> bool {
        let near = |due: Instant| {
            now.saturating_duration_since(due)
                .max(due.saturating_duration_since(now))
                < SAME_MOMENT
        };
        let same = |q: &mut Queued| q.play == *play && near(q.due);
        let Some(q) = self
            .queued
            .take_if(same)
            .or_else(|| self.begun.take_if(same))
        else {
            return false;
        };
        self.sounding = Some(self.sounding.map_or(q.ends, |u| u.max(q.ends)));
        true
    }

    /// The margins to keep: the first opening asks the device for its configuration
    /// too, so it starts earlier.
    fn margins(&self) -> schedule::Margins {
        match self.output.config {
            Some(_) => MARGINS,
            None => schedule::Margins {
                lead: FIRST_LEAD,
                ..MARGINS
            },
        }
    }

    /// When the sounds played, and the one queued, have played out; while a recorded
    /// voice plays, not before the next look at it.
    fn sounding(&self) -> Option<Instant> {
        let voice = self
            .recording
            .as_ref()
            .map(|_| Instant::now() + RECORDING_LOOK);
        [self.sounding, self.queued.as_ref().map(|q| q.ends), voice]
            .into_iter()
            .flatten()
            .max()
    }

    /// Plays a recorded voice from `from` on in a stream opened for it, at full scale
    /// at the default volume (a voice is not a soft cue); one that can't play is over.
    fn record(&mut self, play: &Play, from: Duration, shared: Arc<super::recording::Shared>) {
        if let Some(old) = self.recording.replace(shared.clone()) {
            old.stop();
        }
        let now = Instant::now();
        self.open(now);
        let started = match (&self.stream, &play.sound, &play.folder) {
            (Some(open), super::SoundRef::File(rel), Some(folder)) if !self.off() => {
                super::recording::stream(folder, rel, from, shared.clone())
                    .map(|s| {
                        let gain = (self.volume / super::DEFAULT_VOLUME).min(1.0);
                        open.sink.mixer().add(s.amplify(gain));
                    })
                    .is_ok()
            }
            _ => false,
        };
        if !started {
            shared.failed();
        }
    }

    /// Plays `play` in the open stream, or keeps it for the next to open: it counts as
    /// sounding either way, so a stream is wanted while it would play.
    fn play(&mut self, play: Play, at: Instant) {
        if self.off() {
            return;
        }
        // Checked when the exercise was loaded; changed since: stay quiet.
        let Ok(source) = super::prepare(&play.sound, play.folder.as_deref()) else {
            return;
        };
        let ends = at + source.total_duration().unwrap_or_default();
        self.sounding = Some(self.sounding.map_or(ends, |u| u.max(ends)));
        let recent = match &mut self.stream {
            Some(open) => {
                open.sink.mixer().add(source.amplify(self.volume));
                &mut open.recent
            }
            None => &mut self.missed,
        };
        recent.retain(|(t, _)| t.elapsed() < REPLAY);
        recent.push((at, play));
    }

    /// Closes a stream that failed: the next one opens once the backoff's wait is over
    /// (the server may need a moment before it works), with what just began in this one.
    fn mend(&mut self, now: Instant) {
        let Some(open) = self.stream.take_if(|o| o.broken.load(Ordering::SeqCst)) else {
            return;
        };
        drop(open.sink);
        // Queued in the stream that failed: queued again in the next, if still ahead.
        self.queued = None;
        self.missed = open.recent;
        if self.backoff.failed(now).is_none() {
            set(&self.status, Status::Off(NO_DEVICE));
        }
    }

    /// When to look again with nothing new said: when the stream's answer changes
    /// (`until`), or when a failure's wait is over and a try is wanted.
    fn until(&self, want: schedule::Stream) -> Option<Instant> {
        if self.off() {
            return None;
        }
        let retry = self
            .backoff
            .next()
            .filter(|_| self.stream.is_none() && (want.is_open() || self.starting()));
        match (want.until(), retry) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
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
    // handler lives as long as this thread, so it covers every opening and every retry.
    #[cfg(target_os = "linux")]
    let _alsa_quiet = alsa::Output::local_error_handler().ok();
    let mut t = Thread {
        output: Output {
            device: None,
            config: None,
        },
        status,
        wake,
        too_fast: Arc::new(AtomicU64::new(0)),
        volume,
        stream: None,
        backoff: Backoff::default(),
        missed: Vec::new(),
        sounding: None,
        queued: None,
        begun: None,
        recording: None,
    };
    let (mut next, mut paused) = (None, false);
    loop {
        if t.too_fast.load(Ordering::SeqCst) > 0 && !t.off() {
            set(&t.status, Status::Off(TOO_FAST));
        }
        let now = Instant::now();
        t.recording.take_if(|r| r.over());
        t.mend(now);
        // Found and asked for its configuration at once, so the footer can say soon
        // that there is no device; a stream is opened only when a sound is near.
        t.find(now);
        if t.off() {
            t.stream = None;
        }
        let due = next.as_ref().map(|(at, _)| *at);
        let want = schedule::wanted(now, due, paused, t.sounding(), &t.margins());
        if want.is_open() {
            t.open(now);
            t.schedule(next.as_ref(), paused);
        } else if let Some(open) = t.stream.take() {
            t.queued = None;
            // Closed whole: a stream that played to its end counts as working.
            if !open.broken.load(Ordering::SeqCst) {
                t.backoff.worked();
            }
        }
        // While a recorded voice plays, looked at often enough to close soon after.
        let until = match (t.until(want), &t.recording) {
            (u, Some(_)) => Some(u.map_or(now + RECORDING_LOOK, |u| u.min(now + RECORDING_LOOK))),
            (u, None) => u,
        };
        let msg = match until {
            Some(until) => rx.recv_timeout(until.saturating_duration_since(Instant::now())),
            None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
        };
        match msg {
            Err(mpsc::RecvTimeoutError::Timeout) | Ok(Msg::Broken) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) | Ok(Msg::Quit) => {
                if let Some(r) = &t.recording {
                    r.stop();
                }
                return;
            }
            Ok(Msg::Ahead { next: n, paused: p }) => (next, paused) = (n, p),
            Ok(Msg::Recording { play, from, shared }) => t.record(&play, from, shared),
            Ok(Msg::Play(play)) => {
                let now = Instant::now();
                // Queued already, it begins on its moment by itself; a sound no one
                // could see coming (after Enter, a skip) opens a stream now.
                if !t.was_queued(&play, now) {
                    t.open(now);
                    t.play(play, now);
                }
                if let Ok(mut p) = played.lock() {
                    p.handled += 1;
                    p.until = t.sounding.map(|s| s + MARGINS.tail);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rodio::buffer::SamplesBuffer;

    fn clock() -> Arc<SampleClock> {
        Arc::new(SampleClock {
            began: std::sync::OnceLock::new(),
            taken: AtomicU64::new(0),
            per_second: 1000.0,
        })
    }

    /// 1000 samples a second, one channel: a sample is a millisecond.
    fn ones(n: usize) -> SamplesBuffer {
        SamplesBuffer::new(
            ChannelCount::new(1).unwrap(),
            SampleRate::new(1000).unwrap(),
            vec![1.0; n],
        )
    }

    fn scheduled(
        due: Instant,
        clock: Arc<SampleClock>,
    ) -> (Scheduled<SamplesBuffer>, Arc<AtomicBool>) {
        let cancel = Arc::new(AtomicBool::new(false));
        let s = Scheduled {
            inner: ones(5),
            due,
            clock,
            begins_at: None,
            pos: 0,
            cancel: cancel.clone(),
        };
        (s, cancel)
    }

    #[test]
    fn a_queued_sound_begins_on_its_moment_by_the_sample_clock() {
        // Due in 200 ms, with nothing held by the device: 200 samples of silence first.
        let (s, _) = scheduled(Instant::now() + Duration::from_millis(200), clock());
        let out: Vec<f32> = s.collect();
        let silent = out.iter().take_while(|&&x| x == 0.0).count();
        assert!((195..=200).contains(&silent), "{silent} samples of silence");
        assert_eq!(out.len(), silent + 5, "then the whole sound");
    }

    #[test]
    fn what_the_device_holds_already_is_waited_for_less() {
        // The device has taken 80 ms more than wall time: its buffer. A sample made now
        // is heard 80 ms from now, so 80 fewer samples of silence.
        let c = clock();
        let _ = c.began.set(Instant::now());
        c.taken.store(80, Ordering::Relaxed);
        let (s, _) = scheduled(Instant::now() + Duration::from_millis(200), c);
        let silent = s.take_while(|&x| x == 0.0).count();
        assert!((115..=120).contains(&silent), "{silent} samples of silence");
    }

    #[test]
    fn a_queued_sound_can_be_called_off_until_it_begins_and_not_after() {
        let (mut s, cancel) = scheduled(Instant::now() + Duration::from_millis(50), clock());
        assert_eq!(s.next(), Some(0.0));
        cancel.store(true, Ordering::Relaxed);
        assert_eq!(s.next(), None, "called off in its silence");

        let (mut s, cancel) = scheduled(Instant::now(), clock());
        assert_eq!(s.next(), Some(1.0), "due now: it begins at once");
        cancel.store(true, Ordering::Relaxed);
        assert_eq!(s.count(), 4, "once begun, it plays whole");
    }
}
