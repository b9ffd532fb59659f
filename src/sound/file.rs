//! Sound files, from disk to samples, the same way for `check` and for playing: read
//! within [`MAX_FILE_BYTES`] whatever the file has become since it was checked, the
//! header looked over before any decoder sees it (decoders trust it: a WAV saying
//! 0 Hz makes symphonia divide by zero), and decoding itself [`contain`]ed, so a file
//! no check foresaw still can't take steady down.

use std::io::Cursor;
use std::num::NonZero;
use std::path::Path;

use crate::exercise::{MAX_FILE_BYTES, MAX_SOUND};
use crate::files::{self, Doing, Why};
use crate::sound::contain::contain;

/// Why a sound file can't be used, worded to follow "the sound path `x` ".
pub type Problem = &'static str;

pub const NOT_A_SOUND: Problem = "names a file steady can't play: use WAV or Ogg Vorbis";
const TOO_LARGE: Problem = "names a file larger than 1 MiB, the limit for a sound";
const TOO_LONG: Problem = "names a sound longer than 10 seconds, the limit for a sound";
const RATE: Problem = "names a sound whose header gives an impossible sample rate";
const CHANNELS: Problem = "names a sound whose header gives an impossible number of channels";
const SAMPLES: Problem = "names a WAV file steady can't play: use 8, 16, 24 or 32-bit PCM, or 32 or 64-bit float samples";
const SIZES: Problem = "names a WAV file whose header is broken (its sizes don't agree)";
const NO_DATA: Problem = "names a WAV file with no sound in it";
const NOT_VORBIS: Problem = "names an Ogg file that isn't Ogg Vorbis";
const BROKEN_OGG: Problem = "names an Ogg Vorbis file whose header is broken";
const UNDECODABLE: Problem = "names a sound file steady could not decode";

/// Sample rates and channel counts a cue sound may have.
const RATES: std::ops::RangeInclusive<u32> = 1_000..=192_000;
const MAX_CHANNELS: u16 = 8;

/// A sound decoded into memory, ready to play.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub channels: NonZero<u16>,
    pub rate: NonZero<u32>,
    pub samples: Vec<f32>,
}

/// Reads the sound at `rel` in `folder`: a regular file, inside the folder once links
/// are followed, and never more than [`MAX_FILE_BYTES`] of it, whatever its size says.
pub fn read(folder: &Path, rel: &Path) -> Result<Vec<u8>, Problem> {
    let path = confine(folder, rel)?;
    // Looked at again and read within the limit, whatever the file has become.
    let mut bytes = files::read_bounded_bytes(&path, MAX_FILE_BYTES, Doing::ReadSound)
        .map_err(|e| problem(&e, TOO_LARGE))?;
    if let Some((at, size)) = mended_data_size(&bytes, bytes.len() as u64) {
        bytes[at..at + 4].copy_from_slice(&size);
    }
    Ok(bytes)
}

/// The path of `rel` in `folder`, if it names a file inside the folder once links are
/// followed.
pub fn confine(folder: &Path, rel: &Path) -> Result<std::path::PathBuf, Problem> {
    let path = folder.join(rel);
    let meta = std::fs::metadata(&path).map_err(|_| "names a file that does not exist")?;
    if !meta.is_file() {
        return Err("is not a file");
    }
    let inside = match (folder.canonicalize(), path.canonicalize()) {
        (Ok(f), Ok(p)) => p.starts_with(f),
        _ => false,
    };
    if !inside {
        return Err("leads out of this file's folder through a link");
    }
    Ok(path)
}

/// What a failed read of a sound file means, `too_large` when it passed its limit.
pub fn problem(e: &files::ReadError, too_large: Problem) -> Problem {
    match e.why {
        Why::TooBig(_) => too_large,
        Why::Folder | Why::NotAFile | Why::Link => "is not a file",
        _ if e.is_not_found() => "names a file that does not exist",
        _ => "names a file steady may not read",
    }
}

/// Checks that `data` is a sound steady can play within [`MAX_SOUND`], without keeping
/// its samples: what `check` does.
pub fn check(data: impl AsRef<[u8]> + Send + Sync + 'static) -> Result<(), Problem> {
    walk(data, false).map(|_| ())
}

/// Decodes `data` into samples, refusing what [`check`] refuses.
pub fn decode(data: impl AsRef<[u8]> + Send + Sync + 'static) -> Result<Decoded, Problem> {
    walk(data, true)
}

fn walk(data: impl AsRef<[u8]> + Send + Sync + 'static, keep: bool) -> Result<Decoded, Problem> {
    header(data.as_ref())?;
    contain(move || {
        use rodio::Source;
        let decoder = rodio::Decoder::try_from(Cursor::new(data)).map_err(|_| NOT_A_SOUND)?;
        let (channels, rate) = (decoder.channels(), decoder.sample_rate());
        if !RATES.contains(&rate.get()) {
            return Err(RATE);
        }
        if channels.get() > MAX_CHANNELS {
            return Err(CHANNELS);
        }
        // Count samples rather than trust the header, stopping just past the limit.
        let per_second = u64::from(rate.get()) * u64::from(channels.get());
        let limit = usize::try_from(per_second * MAX_SOUND.as_secs()).unwrap_or(usize::MAX);
        let mut samples = Vec::new();
        let mut n = 0usize;
        for s in decoder.take(limit.saturating_add(1)) {
            n += 1;
            if keep {
                samples.push(audible(s));
            }
        }
        if n > limit {
            return Err(TOO_LONG);
        }
        Ok(Decoded {
            channels,
            rate,
            samples,
        })
    })
    .unwrap_or(Err(UNDECODABLE))
}

/// A decoded sample as it may reach the device: within full scale, and silence for
/// one that is not a number. A float WAV may hold anything (1000.0 would be 60 dB over
/// full scale, at the loudest the sound server can play; NaN spoils every sound mixed
/// with it).
pub fn audible(s: f32) -> f32 {
    if s.is_finite() {
        s.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Looks over a WAV or Ogg Vorbis header: every number a decoder will divide by,
/// allocate by or step by is one a real sound could have.
pub fn header(b: &[u8]) -> Result<(), Problem> {
    if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WAVE" {
        wav_header(b)
    } else if b.starts_with(b"OggS") {
        ogg_header(b)
    } else {
        Err(NOT_A_SOUND)
    }
}

/// Where a WAV file's `data` chunk declares its size, and the size it declares: found
/// from the file's start `b`. `None` for anything else.
pub fn wav_data_size(b: &[u8]) -> Option<(usize, u32)> {
    if b.len() < 12 || &b[0..4] != b"RIFF" || &b[8..12] != b"WAVE" {
        return None;
    }
    let mut at = 12usize;
    while let (Some(id), Some(size)) = (b.get(at..at + 4), u32_at(b, at + 4)) {
        if id == b"data" {
            return Some((at + 4, size));
        }
        at = at
            .checked_add(8)?
            .checked_add(size as usize)?
            .checked_add(size as usize & 1)?;
    }
    None
}

/// A WAV file whose `data` chunk says it runs past the end of the file (a recording
/// streamed, or cut short, before its length was known; often 0xFFFFFFFF): the size
/// the file really has, in place of the one it declares, for a decoder that refuses
/// the declared one. `len` is the whole file's length; `None` when nothing is amiss.
pub fn mended_data_size(b: &[u8], len: u64) -> Option<(usize, [u8; 4])> {
    let (at, declared) = wav_data_size(b)?;
    let body = u64::try_from(at).ok()? + 4;
    let real = len.checked_sub(body)?;
    // Whole sample frames are the decoder's business; an even size, as RIFF wants.
    let real = u32::try_from(real & !1).unwrap_or(0xFFFF_FFFE);
    (u64::from(declared) > len - body).then_some((at, real.to_le_bytes()))
}

fn wav_header(b: &[u8]) -> Result<(), Problem> {
    let mut at = 12usize;
    let mut format = false;
    // Chunks: a 4-byte id, a 4-byte size, the body, padded to an even length.
    while let (Some(id), Some(size)) = (b.get(at..at + 4), u32_at(b, at + 4)) {
        let body = at + 8;
        let size = size as usize;
        match id {
            b"fmt " if format => return Err(SIZES),
            b"fmt " => {
                let fmt = b.get(body..body.saturating_add(size)).ok_or(SIZES)?;
                wav_format(fmt)?;
                format = true;
            }
            b"data" if !format => return Err(SIZES),
            // A data size past the end of the file is common (a stream cut short, or
            // written before its length was known): the decoder stops at the end.
            b"data" if size == 0 || body >= b.len() => return Err(NO_DATA),
            b"data" => return Ok(()),
            _ => {}
        }
        at = match body.checked_add(size).and_then(|e| e.checked_add(size & 1)) {
            Some(next) => next,
            None => break,
        };
    }
    Err(if format { NO_DATA } else { SIZES })
}

/// A WAV `fmt ` chunk's body.
fn wav_format(f: &[u8]) -> Result<(), Problem> {
    let (Some(tag), Some(channels), Some(rate), Some(align), Some(bits)) = (
        u16_at(f, 0),
        u16_at(f, 2),
        u32_at(f, 4),
        u16_at(f, 12),
        u16_at(f, 14),
    ) else {
        return Err(SIZES);
    };
    if !(1..=MAX_CHANNELS).contains(&channels) {
        return Err(CHANNELS);
    }
    if !RATES.contains(&rate) {
        return Err(RATE);
    }
    // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of a GUID.
    let (kind, valid_bits) = match tag {
        0xFFFE => match (u16_at(f, 18), u16_at(f, 24)) {
            (Some(valid), Some(kind)) if f.len() >= 40 => (kind, valid),
            _ => return Err(SIZES),
        },
        t => (t, bits),
    };
    let ok_bits = match kind {
        1 => matches!(bits, 8 | 16 | 24 | 32),
        3 => matches!(bits, 32 | 64),
        _ => false,
    };
    if !ok_bits || valid_bits == 0 || valid_bits > bits {
        return Err(SAMPLES);
    }
    if u32::from(align) != u32::from(channels) * u32::from(bits / 8) {
        return Err(SIZES);
    }
    Ok(())
}

/// Looks over a recorded voice's header: WAV and Ogg Vorbis as a sound's, and FLAC and
/// MP3, held to what a real recording has before a decoder sees them.
pub fn recording_header(b: &[u8]) -> Result<(), Problem> {
    if b.starts_with(b"fLaC") {
        flac_header(b)
    } else if b.starts_with(b"ID3") || mp3_frame(b).is_some() {
        mp3_header(b)
    } else {
        header(b).map_err(|e| if e == NOT_A_SOUND { NOT_A_RECORDING } else { e })
    }
}

pub const NOT_A_RECORDING: Problem =
    "names a file steady can't play: use WAV, Ogg Vorbis, FLAC or MP3";
const BROKEN_FLAC: Problem = "names a FLAC file whose header is broken";
const BROKEN_MP3: Problem = "names an MP3 file whose first frames are broken";

/// A FLAC stream's first block, STREAMINFO: the sizes, rate, channels and sample
/// width a decoder will trust.
fn flac_header(b: &[u8]) -> Result<(), Problem> {
    let info = b.get(8..42).ok_or(BROKEN_FLAC)?;
    // Block type 0 (STREAMINFO), 34 bytes long.
    if b[4] & 0x7F != 0 || b[5..8] != [0, 0, 34] {
        return Err(BROKEN_FLAC);
    }
    let min_block = u16::from_be_bytes([info[0], info[1]]);
    let max_block = u16::from_be_bytes([info[2], info[3]]);
    let rate =
        (u32::from(info[10]) << 12) | (u32::from(info[11]) << 4) | (u32::from(info[12]) >> 4);
    let channels = u16::from((info[12] >> 1) & 0x7) + 1;
    let bits = (((info[12] & 1) << 4) | (info[13] >> 4)) + 1;
    if min_block < 16 || max_block < min_block || !(4..=32).contains(&bits) {
        return Err(BROKEN_FLAC);
    }
    if channels > MAX_CHANNELS {
        return Err(CHANNELS);
    }
    if !RATES.contains(&rate) {
        return Err(RATE);
    }
    Ok(())
}

/// The length of the MPEG audio Layer III frame whose header starts `b`, if it is one.
fn mp3_frame(b: &[u8]) -> Option<usize> {
    const KBPS_1: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const KBPS_2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let h = b.get(..4)?;
    // Eleven bits of sync, a known version (not 01), Layer III (01).
    if h[0] != 0xFF || h[1] & 0xE0 != 0xE0 || (h[1] >> 3) & 3 == 1 || (h[1] >> 1) & 3 != 1 {
        return None;
    }
    let version = (h[1] >> 3) & 3; // 3: MPEG 1, 2: MPEG 2, 0: MPEG 2.5
    let (rate_index, bitrate_index) = (usize::from((h[2] >> 2) & 3), usize::from(h[2] >> 4));
    if rate_index == 3 || bitrate_index == 0 || bitrate_index == 15 {
        return None;
    }
    let rate = [44_100, 48_000, 32_000][rate_index] >> [2, 0, 1, 0][usize::from(version)];
    let padding = u32::from((h[2] >> 1) & 1);
    let (kbps, per) = match version {
        3 => (KBPS_1[bitrate_index], 144),
        _ => (KBPS_2[bitrate_index], 72),
    };
    usize::try_from(per * kbps * 1000 / rate + padding).ok()
}

/// An MP3 file: an ID3v2 tag, if any, then two Layer III frames in a row, the first
/// within 4 KiB of where the tag ends (a stray sync pattern is rarely followed by a
/// second frame where the first says it ends).
fn mp3_header(b: &[u8]) -> Result<(), Problem> {
    let start = match b.get(..10) {
        Some(t) if t.starts_with(b"ID3") => {
            let size = t[6..10]
                .iter()
                .fold(0usize, |n, &x| (n << 7) | usize::from(x & 0x7F));
            let footer = if t[5] & 0x10 != 0 { 10 } else { 0 };
            10 + size + footer
        }
        _ => 0,
    };
    let end = start.saturating_add(4096).min(b.len());
    let frames = (start..end).find(|&at| {
        let tail = &b[at..];
        mp3_frame(tail).is_some_and(|len| len > 4 && tail.get(len..).and_then(mp3_frame).is_some())
    });
    frames.map(|_| ()).ok_or(BROKEN_MP3)
}

/// The first page of an Ogg stream and the Vorbis identification header in it.
fn ogg_header(b: &[u8]) -> Result<(), Problem> {
    // Version 0, and the page begins the stream.
    if b.get(4) != Some(&0) || b.get(5).is_none_or(|t| t & 0x02 == 0) {
        return Err(BROKEN_OGG);
    }
    let segments = usize::from(*b.get(26).ok_or(BROKEN_OGG)?);
    let packet = 27 + segments;
    let id = b.get(packet..packet + 30).ok_or(BROKEN_OGG)?;
    if &id[0..7] != b"\x01vorbis" {
        return Err(NOT_VORBIS);
    }
    let version = u32_at(id, 7).ok_or(BROKEN_OGG)?;
    let channels = u16::from(id[11]);
    let rate = u32_at(id, 12).ok_or(BROKEN_OGG)?;
    let (small, large) = (id[28] & 0x0F, id[28] >> 4);
    if version != 0
        || id[29] & 1 == 0
        || !(6..=13).contains(&small)
        || !(small..=13).contains(&large)
    {
        return Err(BROKEN_OGG);
    }
    if !(1..=MAX_CHANNELS).contains(&channels) {
        return Err(CHANNELS);
    }
    if !RATES.contains(&rate) {
        return Err(RATE);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(tag: u16, channels: u16, rate: u32, align: u16, bits: u16) -> Vec<u8> {
        let mut b = b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0".to_vec();
        for x in [tag, channels] {
            b.extend(x.to_le_bytes());
        }
        b.extend(rate.to_le_bytes());
        b.extend((rate * u32::from(align)).to_le_bytes());
        b.extend(align.to_le_bytes());
        b.extend(bits.to_le_bytes());
        b.extend(b"data\x04\0\0\0\0\0\0\0");
        b
    }

    #[test]
    fn wav_headers_are_held_to_what_a_real_sound_has() {
        assert_eq!(header(&wav(1, 1, 8000, 2, 16)), Ok(()));
        assert_eq!(header(&wav(3, 2, 48000, 8, 32)), Ok(()));
        assert_eq!(header(&wav(1, 1, 0, 2, 16)), Err(RATE));
        assert_eq!(header(&wav(1, 0, 8000, 2, 16)), Err(CHANNELS));
        assert_eq!(header(&wav(1, 1, 8000, 2, 12)), Err(SAMPLES));
        assert_eq!(header(&wav(1, 1, 8000, 0, 16)), Err(SIZES));
        assert_eq!(header(&wav(2, 1, 8000, 2, 16)), Err(SAMPLES));
        let mut no_data = wav(1, 1, 8000, 2, 16);
        no_data.truncate(36);
        assert_eq!(header(&no_data), Err(NO_DATA));
        assert_eq!(header(b"RIFF\0\0\0\0WAVE"), Err(SIZES));
    }
}
