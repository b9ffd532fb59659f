//! The two numbers a person can set both as a flag and in the config file, each with
//! one type, one range and one sentence for when it is out of range, so the command line
//! and the config can never disagree about them.

use serde::Deserialize;

use crate::session::{PACE_AUTHORED, PACE_SLOWEST};

/// Sound volume, 0 (silent) to 1 (full). The one check, for `--volume` and `volume =`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize)]
#[serde(try_from = "f64")]
pub struct Volume(f32);

impl Volume {
    /// Soft.
    pub const DEFAULT: Volume = Volume(crate::sound::DEFAULT_VOLUME);
    /// What is wrong with a volume out of range, on the command line and in the config.
    pub const WORDS: &str = "the volume is a number from 0 to 1, like 0.3";

    pub fn get(self) -> f32 {
        self.0
    }

    /// `--volume`'s value parser.
    pub fn parse(s: &str) -> Result<Self, String> {
        s.trim()
            .parse::<f64>()
            .map_err(|_| Self::WORDS.to_owned())
            .and_then(|v| Self::try_from(v).map_err(str::to_owned))
    }
}

impl TryFrom<f64> for Volume {
    type Error = &'static str;

    fn try_from(v: f64) -> Result<Self, Self::Error> {
        if (0.0..=1.0).contains(&v) {
            Ok(Volume(v as f32))
        } else {
            Err(Self::WORDS)
        }
    }
}

/// The breathing pace a practice starts at, in the 10% steps of ↓ and ↑: from half the
/// written speed to as written. The config file's `pace`, 0.5 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "f64")]
pub struct Pace(u8);

impl Pace {
    /// As written.
    pub const AUTHORED: Pace = Pace(PACE_AUTHORED);
    /// What is wrong with a pace out of range.
    pub const WORDS: &str =
        "the pace is a number from 0.5 (half speed) to 1 (as written), like 0.8";

    /// In tenths of the written pace, as [`crate::session::Session`] counts it.
    pub fn tenths(self) -> u8 {
        self.0
    }
}

impl TryFrom<f64> for Pace {
    type Error = &'static str;

    /// Rounded to the nearest 10% step, the steps ↓ and ↑ take.
    fn try_from(v: f64) -> Result<Self, Self::Error> {
        let slowest = f64::from(PACE_SLOWEST) / 10.0;
        if (slowest..=1.0).contains(&v) {
            let tenths = (v * 10.0).round() as u8;
            Ok(Pace(tenths.clamp(PACE_SLOWEST, PACE_AUTHORED)))
        } else {
            Err(Self::WORDS)
        }
    }
}
