//! Which sound each cue plays: pure, read by the practice engine and the sound edge.

use std::path::PathBuf;

use crate::exercise::{BundledSound, Exercise, Sound};
use crate::timeline::{CueKind, Timeline};

/// A sound to play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoundRef {
    Bundled(BundledSound),
    /// A file, relative to the exercise's folder.
    File(PathBuf),
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
        CueKind::Left => BundledSound::Left,
        CueKind::Right => BundledSound::Right,
        CueKind::HoldIn
        | CueKind::HoldOut
        | CueKind::Prompt
        | CueKind::LeadIn
        | CueKind::Choose => return None,
    };
    Some(SoundRef::Bundled(b))
}

/// The end chime, played when the end is reached.
pub const END: SoundRef = SoundRef::Bundled(BundledSound::End);

/// One sound to play, and the folder a file sound's path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Play {
    pub sound: SoundRef,
    pub folder: Option<PathBuf>,
}
