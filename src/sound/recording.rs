//! A recorded voice (a step's `voice = "file.ogg"`): a person's own words, played instead
//! of synthesised speech; WAV, Ogg Vorbis, FLAC or MP3. Up to [`MAX_RECORDING`] long and [`MAX_RECORDING_BYTES`] large,
//! so never read whole: a thread of its own decodes it a piece at a time into a short
//! queue the device drains, the decoding [`contain`]ed like a cue sound's, and the file
//! held to its size as it was opened, whatever it grows into meanwhile.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::num::NonZero;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use super::contain::contain;
use super::file::{self, Problem};
use crate::files::Doing;

pub use crate::exercise::{MAX_RECORDING, MAX_RECORDING_BYTES};

const TOO_LARGE: Problem = "names a file larger than 20 MiB, the limit for a recorded voice";
const TOO_LONG: Problem =
    "names a recording longer than 10 minutes, the limit for a recorded voice";
const UNDECODABLE: Problem = "names a recording steady could not decode";

/// How much of the file's start is looked over before a decoder sees it.
const HEADER_BYTES: u64 = 64 * 1024;
/// Samples in each piece handed from the decoding thread to the device.
const PIECE: usize = 4096;
/// Pieces decoded ahead: about a third of a second of 48 kHz stereo.
const PIECES_AHEAD: usize = 4;

/// A file read as if it ended where it ended when opened, with a WAV data size that
/// ran past that end read as the size it has ([`file::mended_data_size`]).
struct Held {
    file: File,
    len: u64,
    pos: u64,
    /// Four bytes read in place of the file's own at this offset.
    mend: Option<(u64, [u8; 4])>,
}

impl Read for Held {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = usize::try_from(self.len.saturating_sub(self.pos)).unwrap_or(usize::MAX);
        let n = buf.len().min(left);
        if n == 0 {
            return Ok(0);
        }
        let n = self.file.read(&mut buf[..n])?;
        if let Some((at, bytes)) = self.mend {
            for (i, b) in bytes.iter().enumerate() {
                let p = at + i as u64;
                if (self.pos..self.pos + n as u64).contains(&p) {
                    buf[(p - self.pos) as usize] = *b;
                }
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Held {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let at = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        }
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        self.pos = self.file.seek(SeekFrom::Start(at.min(self.len)))?;
        Ok(self.pos)
    }
}

/// Opens the recording `rel` in `folder` under the same rules as a sound file, its
/// header looked over.
fn open(folder: &Path, rel: &Path) -> Result<Held, Problem> {
    let path = file::confine(folder, rel)?;
    let (file, len) = crate::files::open_bounded(&path, MAX_RECORDING_BYTES, Doing::ReadSound)
        .map_err(|e| file::problem(&e, TOO_LARGE))?;
    let mut held = Held {
        file,
        len,
        pos: 0,
        mend: None,
    };
    let mut start = Vec::new();
    (&mut held)
        .take(HEADER_BYTES)
        .read_to_end(&mut start)
        .map_err(|_| "names a file steady may not read")?;
    held.mend = file::mended_data_size(&start, len).map(|(at, b)| (at as u64, b));
    file::recording_header(&start)?;
    held.seek(SeekFrom::Start(0))
        .map_err(|_| "names a file steady may not read")?;
    Ok(held)
}

/// A decoder over `held`, which knows its length (so it can seek).
fn decoder(held: Held) -> Result<rodio::Decoder<BufReader<Held>>, Problem> {
    let len = held.len;
    rodio::Decoder::builder()
        .with_data(BufReader::new(held))
        .with_byte_len(len)
        .with_seekable(true)
        .build()
        .map_err(|_| file::NOT_A_RECORDING)
}

/// Samples a second of a decoder, all channels counted.
fn per_second(d: &impl rodio::Source) -> u64 {
    u64::from(d.sample_rate().get()) * u64::from(d.channels().get())
}

/// How long the recording `rel` in `folder` lasts, decoded to its end (what `check`
/// does, and what loading an exercise does): refused past [`MAX_RECORDING`].
pub fn measure(folder: &Path, rel: &Path) -> Result<Duration, Problem> {
    let mut budget = MAX_RECORDING;
    measure_within(folder, rel, &mut budget).map(|d| d.unwrap_or(MAX_RECORDING))
}

/// Looks the recording `rel` in `folder` over without decoding it: where it is, its
/// size and its header. What listing exercises needs; playing and `check` measure.
pub fn look_over(folder: &Path, rel: &Path) -> Result<(), Problem> {
    open(folder, rel).map(drop)
}

/// How much recorded audio one exercise's loading decodes to measure its recordings, at
/// most: three recordings of the longest kind. Past it, the rest are looked over but
/// not measured, so no file, however many recordings it names, makes loading slow.
pub const MEASURE_BUDGET: Duration = Duration::from_secs(3 * 10 * 60);

/// As [`measure`], decoding no more than what is left of `budget` (and taking what it
/// decodes from it): `None` when the budget ran out before the end, so the length is
/// not known (playing stops at [`MAX_RECORDING`] whatever it is).
pub fn measure_within(
    folder: &Path,
    rel: &Path,
    budget: &mut Duration,
) -> Result<Option<Duration>, Problem> {
    let held = open(folder, rel)?;
    let left = *budget;
    let measured = contain(move || {
        let decoder = decoder(held)?;
        let per_second = per_second(&decoder);
        let limit = per_second * MAX_RECORDING.as_secs();
        let allowed = (left.as_secs_f64() * per_second as f64) as u64;
        let n = decoder
            .take(usize::try_from((limit + 1).min(allowed)).unwrap_or(usize::MAX))
            .count() as u64;
        if n > limit {
            return Err(TOO_LONG);
        }
        let lasts = Duration::from_secs_f64(n as f64 / per_second as f64);
        Ok((lasts, n >= allowed))
    })
    .unwrap_or(Err(UNDECODABLE))?;
    let (lasts, ran_out) = measured;
    *budget = budget.saturating_sub(lasts);
    Ok((!ran_out).then_some(lasts))
}

/// What the player and the device share about the recording playing: told to stop, how
/// far it has played, and whether it has ended.
#[derive(Debug, Default)]
pub struct Shared {
    stop: AtomicBool,
    ended: AtomicBool,
    /// Samples handed to the device, all channels counted.
    taken: AtomicU64,
    /// Samples a second, all channels counted, once known.
    per_second: AtomicU64,
}

impl Shared {
    /// Stops it at the next sample.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Whether it has played to its end, been stopped, or could not play.
    pub fn over(&self) -> bool {
        self.ended.load(Ordering::Relaxed) || self.stop.load(Ordering::Relaxed)
    }

    /// Whether it played to its end (or could not play), rather than being stopped.
    pub fn ended(&self) -> bool {
        self.ended.load(Ordering::Relaxed)
    }

    /// It could not play (no device, a file changed since it was checked).
    pub fn failed(&self) {
        self.ended.store(true, Ordering::Relaxed);
    }

    /// How much of it has been handed to the device.
    pub fn played(&self) -> Duration {
        let per_second = self.per_second.load(Ordering::Relaxed);
        if per_second == 0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64(self.taken.load(Ordering::Relaxed) as f64 / per_second as f64)
    }
}

/// One piece of decoded samples, or the news that decoding has begun.
enum Piece {
    Began(NonZero<u16>, NonZero<u32>),
    Samples(Vec<f32>),
}

/// A recording as the device plays it, from a point on.
pub struct Stream {
    pieces: mpsc::Receiver<Piece>,
    piece: Vec<f32>,
    at: usize,
    channels: NonZero<u16>,
    rate: NonZero<u32>,
    shared: Arc<Shared>,
}

/// How long [`stream`] waits for the decoder to begin.
const BEGIN_WITHIN: Duration = Duration::from_secs(1);

/// Starts decoding the recording `rel` in `folder` from `from` on, on a thread of its
/// own; `shared` learns how far it has played and whether it has ended.
pub fn stream(
    folder: &Path,
    rel: &Path,
    from: Duration,
    shared: Arc<Shared>,
) -> Result<Stream, Problem> {
    let held = open(folder, rel)?;
    let (tx, pieces) = mpsc::sync_channel(PIECES_AHEAD);
    let stop = shared.clone();
    std::thread::Builder::new()
        .name("recording".into())
        .spawn(move || contain(move || decode(held, from, &tx, &stop)))
        .map_err(|_| UNDECODABLE)?;
    let Ok(Piece::Began(channels, rate)) = pieces.recv_timeout(BEGIN_WITHIN) else {
        return Err(UNDECODABLE);
    };
    shared.per_second.store(
        u64::from(rate.get()) * u64::from(channels.get()),
        Ordering::Relaxed,
    );
    Ok(Stream {
        pieces,
        piece: Vec::new(),
        at: 0,
        channels,
        rate,
        shared,
    })
}

/// The decoding thread: pieces into `tx` until the end, [`MAX_RECORDING`], a stop, or
/// the device letting go of the stream.
fn decode(held: Held, from: Duration, tx: &mpsc::SyncSender<Piece>, shared: &Shared) {
    use rodio::Source;
    let Ok(mut decoder) = decoder(held) else {
        return;
    };
    let per_second = per_second(&decoder);
    if tx
        .send(Piece::Began(decoder.channels(), decoder.sample_rate()))
        .is_err()
    {
        return;
    }
    let skip = (from.as_secs_f64() * per_second as f64) as u64;
    // Where the decoder can seek, from there; otherwise decoded and let go of.
    let skip = match decoder.try_seek(from) {
        Ok(()) => 0,
        Err(_) => skip,
    };
    shared.taken.store(
        (from.as_secs_f64() * per_second as f64) as u64,
        Ordering::Relaxed,
    );
    let limit = per_second * MAX_RECORDING.as_secs();
    let mut samples = decoder
        .by_ref()
        .take(usize::try_from(limit).unwrap_or(usize::MAX));
    for _ in samples
        .by_ref()
        .take(usize::try_from(skip).unwrap_or(usize::MAX))
    {
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
    }
    loop {
        let piece: Vec<f32> = samples.by_ref().take(PIECE).collect();
        if piece.is_empty() || shared.stop.load(Ordering::Relaxed) {
            return;
        }
        if tx.send(Piece::Samples(piece)).is_err() {
            return;
        }
    }
}

impl Iterator for Stream {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.shared.stop.load(Ordering::Relaxed) {
            return None;
        }
        if self.at == self.piece.len() {
            match self.pieces.try_recv() {
                Ok(Piece::Samples(p)) => (self.piece, self.at) = (p, 0),
                Ok(Piece::Began(..)) => {}
                // The decoder is behind: a moment of silence rather than an end.
                Err(mpsc::TryRecvError::Empty) => return Some(0.0),
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.shared.ended.store(true, Ordering::Relaxed);
                    return None;
                }
            }
        }
        let s = self.piece.get(self.at).copied();
        self.at += 1;
        self.shared.taken.fetch_add(1, Ordering::Relaxed);
        Some(s.map_or(0.0, super::file::audible))
    }
}

impl rodio::Source for Stream {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> NonZero<u16> {
        self.channels
    }
    fn sample_rate(&self) -> NonZero<u32> {
        self.rate
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mono 16-bit WAV of `secs` seconds at 8 kHz, each sample 1000.
    fn wav(secs: u32) -> Vec<u8> {
        mono_wav(1, &1000i16.to_le_bytes(), 8000 * secs)
    }

    /// A mono WAV at 8 kHz of `n` samples, each `sample` (its bytes, as the format
    /// `tag` has them: 1 PCM, 3 float).
    fn mono_wav(tag: u16, sample: &[u8], n: u32) -> Vec<u8> {
        let size = u32::try_from(sample.len()).expect("a sample's bytes");
        let mut b = b"RIFF".to_vec();
        b.extend((36 + n * size).to_le_bytes());
        b.extend(b"WAVEfmt \x10\0\0\0");
        b.extend(tag.to_le_bytes());
        b.extend(1u16.to_le_bytes());
        b.extend(8000u32.to_le_bytes());
        b.extend((8000 * size).to_le_bytes());
        b.extend(u16::try_from(size).expect("small").to_le_bytes());
        b.extend(u16::try_from(size * 8).expect("small").to_le_bytes());
        b.extend(b"data");
        b.extend((n * size).to_le_bytes());
        for _ in 0..n {
            b.extend(sample);
        }
        b
    }

    fn folder_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(name), bytes).expect("write");
        dir
    }

    #[test]
    fn a_recording_is_measured_to_its_end() {
        let dir = folder_with("v.wav", &wav(3));
        let d = measure(dir.path(), Path::new("v.wav")).expect("measured");
        assert_eq!(d, Duration::from_secs(3));
    }

    #[test]
    fn what_is_not_a_recording_or_leaves_the_folder_is_refused() {
        let dir = folder_with("v.wav", b"not a sound at all");
        assert_eq!(
            measure(dir.path(), Path::new("v.wav")),
            Err(file::NOT_A_RECORDING)
        );
        assert!(measure(dir.path(), Path::new("missing.wav")).is_err());
        let big = folder_with("big.wav", &[]);
        let f = File::options()
            .write(true)
            .open(big.path().join("big.wav"))
            .expect("open");
        f.set_len(MAX_RECORDING_BYTES + 1).expect("grow");
        assert_eq!(measure(big.path(), Path::new("big.wav")), Err(TOO_LARGE));
    }

    #[test]
    fn a_stream_plays_from_where_it_is_asked_and_stops_when_told() {
        let dir = folder_with("v.wav", &wav(2));
        let shared = Arc::new(Shared::default());
        let from = Duration::from_secs(1);
        let s = stream(dir.path(), Path::new("v.wav"), from, shared.clone()).expect("stream");
        // Silence while the decoder is behind is a wait, not the end: count only sound.
        let heard = s.filter(|&x| x != 0.0).count();
        assert_eq!(heard, 8000, "the second second alone");
        assert!(shared.over(), "ended");
        assert_eq!(shared.played(), Duration::from_secs(2));

        let shared = Arc::new(Shared::default());
        let mut s = stream(
            dir.path(),
            Path::new("v.wav"),
            Duration::ZERO,
            shared.clone(),
        )
        .expect("stream");
        let _ = s.by_ref().take(100).count();
        shared.stop();
        assert_eq!(s.next(), None, "stopped at the next sample");
    }

    /// A two-second tone, made with `flac` and `lame` from a sine steady wrote: the
    /// two formats a phone or an editor exports most.
    #[test]
    fn flac_and_mp3_recordings_are_measured_and_played() {
        for (name, bytes) in [
            (
                "tone.flac",
                &include_bytes!("../../tests/sounds/tone.flac")[..],
            ),
            (
                "tone.mp3",
                &include_bytes!("../../tests/sounds/tone.mp3")[..],
            ),
        ] {
            let dir = folder_with(name, bytes);
            let d = measure(dir.path(), Path::new(name)).expect(name);
            // MP3 frames round the end up to a whole frame, and the encoder adds a
            // little silence at the start.
            assert!(
                d >= Duration::from_millis(1990) && d <= Duration::from_millis(2150),
                "{name}: {d:?}"
            );
            let shared = Arc::new(Shared::default());
            let s =
                stream(dir.path(), Path::new(name), Duration::ZERO, shared.clone()).expect(name);
            assert!(
                s.filter(|&x| x.abs() > 0.01).count() > 16_000,
                "{name} plays"
            );
            assert!(shared.over());
        }
    }

    /// FLAC and MP3 headers are held to what a real recording has before any decoder
    /// sees them, as WAV and Ogg headers are.
    #[test]
    fn broken_flac_and_mp3_headers_are_refused_before_decoding() {
        let flac = include_bytes!("../../tests/sounds/tone.flac");
        assert_eq!(file::recording_header(flac), Ok(()));
        let mut zero_rate = flac.to_vec();
        // The sample rate's 20 bits: bytes 18 and 19, and the top half of byte 20.
        zero_rate[18] = 0;
        zero_rate[19] = 0;
        zero_rate[20] &= 0x0F;
        assert_eq!(
            file::recording_header(&zero_rate),
            Err("names a sound whose header gives an impossible sample rate")
        );
        let mut short = flac.to_vec();
        short.truncate(20);
        assert_eq!(
            file::recording_header(&short),
            Err("names a FLAC file whose header is broken")
        );
        let mp3 = include_bytes!("../../tests/sounds/tone.mp3");
        assert_eq!(file::recording_header(mp3), Ok(()));
        // A frame header alone, with nothing where the next frame should start.
        let lone = [&mp3[..4], &[0u8; 400][..]].concat();
        assert_eq!(
            file::recording_header(&lone),
            Err("names an MP3 file whose first frames are broken")
        );
        assert_eq!(
            file::recording_header(b"ID3\x04\0\0\0\0\0\x10 and then nothing"),
            Err("names an MP3 file whose first frames are broken")
        );
        assert_eq!(
            file::recording_header(b"just some bytes"),
            Err("names a file steady can't play: use WAV, Ogg Vorbis, FLAC or MP3")
        );
    }

    /// A FLAC or MP3 recording with any byte of its first few hundred changed gives an
    /// answer, never a panic or a hang: its header is looked over, and decoding is
    /// contained.
    #[test]
    fn mutated_flac_and_mp3_recordings_give_an_answer() {
        for (name, bytes) in [
            (
                "m.flac",
                &include_bytes!("../../tests/sounds/tone.flac")[..],
            ),
            ("m.mp3", &include_bytes!("../../tests/sounds/tone.mp3")[..]),
        ] {
            for at in (0..400).step_by(23) {
                for value in [0x00, 0xFF, 0x7F] {
                    let mut b = bytes.to_vec();
                    b[at] = value;
                    let dir = folder_with(name, &b);
                    let answer = measure(dir.path(), Path::new(name));
                    assert!(
                        answer.is_ok_and(|d| d <= MAX_RECORDING) || answer.is_err(),
                        "{name} at {at}"
                    );
                }
            }
        }
    }

    /// Loading measures recordings within one budget: past it, a recording is looked
    /// over but not decoded, so no file naming many long recordings loads slowly.
    #[test]
    fn measuring_stops_where_the_budget_ends() {
        let dir = folder_with("v.wav", &wav(3));
        let mut budget = Duration::from_secs(5);
        let first = measure_within(dir.path(), Path::new("v.wav"), &mut budget);
        assert_eq!(first, Ok(Some(Duration::from_secs(3))));
        assert_eq!(budget, Duration::from_secs(2));
        let second = measure_within(dir.path(), Path::new("v.wav"), &mut budget);
        assert_eq!(
            second,
            Ok(None),
            "2 s left for a 3 s recording: not measured"
        );
        assert_eq!(budget, Duration::ZERO);
        // Not decoded, but still looked over.
        let broken = folder_with("b.wav", b"RIFF not at all");
        assert!(measure_within(broken.path(), Path::new("b.wav"), &mut budget).is_err());
    }

    /// A float recording whose samples are far over full scale, or not numbers, reaches
    /// the device within full scale and as silence.
    #[test]
    fn samples_reach_the_device_within_full_scale() {
        for (value, most) in [(1000.0f32, 1.0f32), (f32::NAN, 0.0), (-3.0, 1.0)] {
            let dir = folder_with("f.wav", &mono_wav(3, &value.to_le_bytes(), 800));
            let shared = Arc::new(Shared::default());
            let s = stream(dir.path(), Path::new("f.wav"), Duration::ZERO, shared).expect("plays");
            let loudest = s.map(f32::abs).fold(0.0f32, f32::max);
            assert_eq!(loudest, most, "{value}");
        }
    }

    /// A WAV whose data size runs past the end of the file (streamed, or cut short,
    /// before its length was known; often 0xFFFFFFFF) plays what it has, as a sound
    /// and as a recording.
    #[test]
    fn a_wav_whose_data_size_runs_past_its_end_plays_what_it_has() {
        for declared in [u32::MAX, 64_000] {
            let mut b = wav(1);
            b[40..44].copy_from_slice(&declared.to_le_bytes());
            let dir = folder_with("v.wav", &b);
            let d = measure(dir.path(), Path::new("v.wav"));
            assert_eq!(d, Ok(Duration::from_secs(1)), "declared {declared}");
            let bytes = file::read(dir.path(), Path::new("v.wav")).expect("read");
            assert_eq!(
                file::check(bytes),
                Ok(()),
                "as a sound, declared {declared}"
            );
        }
    }
}
