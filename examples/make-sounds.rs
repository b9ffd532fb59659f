//! Writes steady's cue sounds into `sounds/`: `cargo run --example make-sounds`.
//!
//! Every sound is synthesised here from a few sine partials, so anyone can regenerate
//! them exactly. They are soft by design, for people for whom a sudden sound can
//! startle: a slow raised-cosine attack (60 ms, so no click and no sudden onset), a
//! gentle exponential decay, a fade to silence at the end, low warm pitches, and a peak
//! of about −9 dBFS so nothing comes near clipping.

use std::f64::consts::PI;

const RATE: u32 = 16_000;
const PEAK: f64 = 0.35;
const ATTACK: f64 = 0.060;
const RELEASE: f64 = 0.150;

/// A partial: frequency in Hz, relative amplitude, decay time constant in seconds.
type Partial = (f64, f64, f64);

struct Cue {
    name: &'static str,
    seconds: f64,
    partials: &'static [Partial],
    /// Where it is heard, for a stereo sound: the left ear's share and the right's.
    /// `None`: mono, the same in both.
    pan: Option<(f64, f64)>,
}

const CUES: &[Cue] = &[
    // Breathing in: a warm C4 with a soft octave, fading slowly.
    Cue {
        name: "in",
        seconds: 1.3,
        partials: &[(261.63, 1.0, 0.55), (523.25, 0.18, 0.30)],
        pan: None,
    },
    // Breathing out: lower (G3) and longer, like the exhale.
    Cue {
        name: "out",
        seconds: 1.8,
        partials: &[(196.00, 1.0, 0.80), (392.00, 0.15, 0.40)],
        pan: None,
    },
    // Look: a light E4, short.
    Cue {
        name: "look",
        seconds: 0.8,
        partials: &[(329.63, 1.0, 0.25), (659.25, 0.10, 0.12)],
        pan: None,
    },
    // Look away: B3, a little lower and longer.
    Cue {
        name: "away",
        seconds: 1.0,
        partials: &[(246.94, 1.0, 0.35), (493.88, 0.10, 0.18)],
        pan: None,
    },
    // A new step: a small bowl (inharmonic partials, the higher ones fading first).
    Cue {
        name: "step",
        seconds: 2.4,
        partials: &[
            (174.61, 1.0, 1.10),
            (473.2, 0.30, 0.55),
            (907.9, 0.10, 0.25),
        ],
        pan: None,
    },
    // The end: a soft G-major chord of bowls.
    Cue {
        name: "end",
        seconds: 3.0,
        partials: &[
            (196.00, 0.8, 1.30),
            (246.94, 0.6, 1.20),
            (293.66, 0.5, 1.10),
            (531.2, 0.12, 0.50),
        ],
        pan: None,
    },
    // A tap on the left, and one on the right: a short, soft, woody A3, mostly in its
    // own ear (a little in the other, so one earbud or a mono speaker still hears both).
    Cue {
        name: "left",
        seconds: 0.35,
        partials: &[(220.00, 1.0, 0.09), (660.0, 0.12, 0.04)],
        pan: Some((1.0, 0.2)),
    },
    Cue {
        name: "right",
        seconds: 0.35,
        partials: &[(220.00, 1.0, 0.09), (660.0, 0.12, 0.04)],
        pan: Some((0.2, 1.0)),
    },
];

fn render(cue: &Cue) -> Vec<f64> {
    let n = (cue.seconds * f64::from(RATE)) as usize;
    let mut out: Vec<f64> = (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(RATE);
            let tone: f64 = cue
                .partials
                .iter()
                .map(|&(f, a, tau)| a * (2.0 * PI * f * t).sin() * (-t / tau).exp())
                .sum();
            let attack = if t < ATTACK {
                (PI / 2.0 * t / ATTACK).sin().powi(2)
            } else {
                1.0
            };
            let left = cue.seconds - t;
            let release = if left < RELEASE {
                (PI / 2.0 * left / RELEASE).sin().powi(2)
            } else {
                1.0
            };
            tone * attack * release
        })
        .collect();
    let peak = out.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    for s in &mut out {
        *s *= PEAK / peak;
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sounds");
    std::fs::create_dir_all(&dir)?;
    for cue in CUES {
        let spec = hound::WavSpec {
            channels: if cue.pan.is_some() { 2 } else { 1 },
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let path = dir.join(format!("{}.wav", cue.name));
        let mut w = hound::WavWriter::create(&path, spec)?;
        let gains: &[f64] = match &cue.pan {
            Some((l, r)) => &[*l, *r],
            None => &[1.0],
        };
        for s in render(cue) {
            for g in gains {
                w.write_sample((s * g * f64::from(i16::MAX)).round() as i16)?;
            }
        }
        w.finalize()?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
