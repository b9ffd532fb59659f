//! Where exercises come from (SPEC §3): built-ins embedded in the binary, the user's
//! folder, and paths on the command line. An exercise's id is its file stem; a user
//! file with a built-in's id shadows it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::exercise::load::{Checked, SoundFile, parse, sound_error};
use crate::exercise::{Diagnostic, MAX_FILE_BYTES};
use crate::files::{self, Doing};
use crate::text;

include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// Built-in exercises as (id, TOML text), sorted by id.
pub fn builtins() -> &'static [(&'static str, &'static str)] {
    BUILTINS
}

pub fn builtin(id: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(i, _)| *i == id).map(|(_, s)| *s)
}

/// Reads an exercise file as text, refusing anything over [`MAX_FILE_BYTES`] before
/// parsing it.
pub fn read_source(path: &Path) -> Result<String, Diagnostic> {
    files::read_bounded(path, MAX_FILE_BYTES, Doing::ReadExercise)
        .map_err(|e| Diagnostic::unreadable(&e))
}

/// Parses an exercise file's text and then looks at the sound files it names in
/// `folder` (none for a built-in, whose text alone is checked).
pub fn parse_in(src: &str, folder: Option<&Path>) -> Checked {
    parse_in_measuring(src, folder, true)
}

/// As [`parse_in`]; with `measure` false, recordings are looked over but not decoded
/// (their length unknown), for listing many exercises quickly.
pub fn parse_in_measuring(src: &str, folder: Option<&Path>, measure: bool) -> Checked {
    let mut checked = parse(src);
    if let Some(folder) = folder {
        let found = check_sound_files(folder, &checked.sound_files, measure);
        // A recording that can't be played leaves its step to the spoken guidance: an
        // exercise file sent on without its recordings still plays.
        let lost: Vec<&Path> = found
            .iter()
            .filter(|d| d.warning == Some(crate::exercise::Warning::Recording))
            .filter_map(|d| {
                let at = d.span.as_ref()?.start;
                let f = checked.sound_files.iter().find(|f| f.span.start == at)?;
                Some(f.path.as_path())
            })
            .collect();
        if let Some(ex) = &mut checked.exercise
            && !lost.is_empty()
        {
            ex.forget_recordings(&lost);
        }
        checked.add(found);
    }
    checked
}

/// Looks at each sound file an exercise in `folder` names: a file inside the folder
/// once links are followed, within the size limit, and a sound steady can decode that
/// lasts no longer than [`MAX_SOUND`](crate::exercise::MAX_SOUND), read and decoded exactly as it
/// will be played. One error at the sound's span for each that is not.
pub fn check_sound_files(folder: &Path, found: &[SoundFile], measure: bool) -> Vec<Diagnostic> {
    // Each file is read once however many steps name it, and recordings are decoded
    // within one budget: a file naming one long recording on ten thousand steps loads
    // as fast as one naming it once.
    let mut sounds: std::collections::HashMap<&Path, Option<crate::sound::file::Problem>> =
        Default::default();
    let mut recordings: std::collections::HashMap<
        &Path,
        Result<Option<Duration>, crate::sound::file::Problem>,
    > = Default::default();
    let mut budget = crate::sound::recording::MEASURE_BUDGET;
    found
        .iter()
        .filter_map(|f| {
            let Some(r) = &f.recording else {
                let why = *sounds.entry(&f.path).or_insert_with(|| {
                    crate::sound::file::read(folder, &f.path)
                        .and_then(crate::sound::file::check)
                        .err()
                });
                return Some(sound_error(&f.path.to_string_lossy(), why?, f.span.clone()));
            };
            let measured = *recordings.entry(&f.path).or_insert_with(|| match measure {
                true => crate::sound::recording::measure_within(folder, &f.path, &mut budget),
                false => crate::sound::recording::look_over(folder, &f.path).map(|()| None),
            });
            let lasts = match measured {
                // Not measured (the budget ran out): nothing to say of its length.
                Ok(None) => return None,
                Ok(Some(d)) => d,
                Err(why) => {
                    let mut d = Diagnostic::warning(
                        format!(
                            "the recording `{}` {why}; this step plays without it",
                            text::escape(&f.path.to_string_lossy())
                        ),
                        Some(f.span.clone()),
                    )
                    .help("a recording travels with its exercise: keep it in the exercise file's folder, or below it, and send or copy the two together");
                    d.warning = Some(crate::exercise::Warning::Recording);
                    return Some(d);
                }
            };
            let step = r.step_length.filter(|&s| lasts > s && !r.allowed)?;
            let mut d = Diagnostic::warning(
                format!(
                    "this recording lasts {}, longer than its step ({})",
                    // To a tenth of a second: what a person would say.
                    crate::durations::length(Duration::from_millis(
                        (lasts.as_millis() as u64).div_ceil(100) * 100
                    )),
                    crate::durations::length(step)
                ),
                Some(f.span.clone()),
            )
            .help(if r.waits_for_it {
                "with the voice on, a timed prompt's clock starts once its recording ends, so the step runs longer than written; shorten the recording or lengthen the step\nif this is intended, `allow = [\"recording-length\"]` on the step, or at the top of the file for every step, says so"
            } else {
                "the next step cuts a recording off; shorten the recording or lengthen the step\nif this is intended, `allow = [\"recording-length\"]` on the step, or at the top of the file for every step, says so"
            });
            d.warning = Some(crate::exercise::Warning::RecordingLength);
            Some(d)
        })
        .collect()
}

/// The exercises folder could not be looked in.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", text::path(.path), files::io_words(.error, Doing::ListExercises))]
pub struct FolderError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A file in the user's exercise folder.
    User(PathBuf),
    /// A path named on the command line.
    Path(PathBuf),
}

impl Origin {
    /// What `list` and diagnostics call it.
    pub fn describe(&self) -> String {
        match self {
            Origin::BuiltIn => "built-in".into(),
            Origin::User(p) | Origin::Path(p) => text::path(p),
        }
    }

    /// The name diagnostics use for the file.
    pub fn file_name(&self, id: &str) -> String {
        match self {
            Origin::BuiltIn => format!("<built-in>/{id}.toml"),
            Origin::User(p) | Origin::Path(p) => p.to_string_lossy().into_owned(),
        }
    }
}

/// An exercise found somewhere, with its text when it could be read.
#[derive(Debug)]
pub struct Found {
    pub id: String,
    pub origin: Origin,
    pub source: Result<String, Diagnostic>,
}

impl Found {
    /// The folder the exercise file is in, where its sound files are; `None` for built-ins.
    pub fn folder(&self) -> Option<&Path> {
        match &self.origin {
            Origin::BuiltIn => None,
            Origin::User(p) | Origin::Path(p) => Some(
                p.parent()
                    .filter(|f| !f.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
            ),
        }
    }

    pub fn check(&self) -> Checked {
        self.check_measuring(true)
    }

    /// As [`Found::check`], without decoding recordings: for listing many exercises.
    pub fn check_quickly(&self) -> Checked {
        self.check_measuring(false)
    }

    fn check_measuring(&self, measure: bool) -> Checked {
        match &self.source {
            Ok(src) => parse_in_measuring(src, self.folder(), measure),
            Err(d) => Checked {
                exercise: None,
                diagnostics: vec![d.clone()],
                sound_files: Vec::new(),
            },
        }
    }
}

/// The id of an exercise file: its stem, lossy for names that are not UTF-8.
pub fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// SPEC §3: an argument is a path when it contains `/` or ends in `.toml`.
pub fn is_path(arg: &str) -> bool {
    arg.contains('/') || arg.ends_with(".toml") || arg.contains(std::path::MAIN_SEPARATOR)
}

#[derive(Debug, Clone)]
pub struct Library {
    pub user_dir: Option<PathBuf>,
}

/// An id nobody has, with the nearest one that exists.
#[derive(Debug)]
pub struct NotFound {
    pub id: String,
    pub suggestion: Option<String>,
    /// A file named `ID.toml` in the current folder, which the name may have meant.
    pub beside: Option<String>,
}

impl Library {
    pub fn from_env() -> Self {
        Self {
            user_dir: crate::paths::exercises_dir(),
        }
    }

    /// The `*.toml` files in the user's folder as (id, path), sorted by id. A missing
    /// folder is an empty one; an unreadable one is reported.
    pub fn user_files(&self) -> Result<Vec<(String, PathBuf)>, FolderError> {
        let Some(dir) = &self.user_dir else {
            return Ok(Vec::new());
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => {
                return Err(FolderError {
                    path: dir.clone(),
                    error,
                });
            }
        };
        let mut files: Vec<(String, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.is_dir())
            .map(|p| (id_of(&p), p))
            .collect();
        files.sort();
        Ok(files)
    }

    /// The user's exercise folder is known but not there yet (not: unreadable).
    pub fn user_dir_missing(&self) -> bool {
        self.user_dir
            .as_ref()
            .is_some_and(|d| d.try_exists().is_ok_and(|e| !e))
    }

    /// Whether a built-in or a file in the user's folder has this id.
    pub fn has_id(&self, id: &str) -> bool {
        builtin(id).is_some()
            || self
                .user_files()
                .unwrap_or_default()
                .iter()
                .any(|(i, _)| i == id)
    }

    /// Whether `id` names a library exercise other than the file at `path`: a path run
    /// from inside the folder is that exercise itself, not another sharing its count.
    pub fn has_other(&self, id: &str, path: &Path) -> bool {
        let own = self
            .user_files()
            .unwrap_or_default()
            .into_iter()
            .find(|(i, _)| i == id)
            .map(|(_, p)| p);
        match own {
            Some(p) => match (p.canonicalize(), path.canonicalize()) {
                (Ok(a), Ok(b)) => a != b,
                _ => true,
            },
            None => builtin(id).is_some(),
        }
    }

    /// Finds `arg`: a path, or an id in the user's folder, then among the built-ins.
    /// A name that is not UTF-8 can only be a path.
    pub fn resolve(&self, arg: &OsStr) -> Result<Found, NotFound> {
        let Some(arg) = arg.to_str().filter(|a| !is_path(a)) else {
            let path = PathBuf::from(arg);
            return Ok(Found {
                id: id_of(&path),
                source: read_source(&path),
                origin: Origin::Path(path),
            });
        };
        let user = self.user_files().unwrap_or_default();
        if let Some((id, path)) = user.iter().find(|(id, _)| id == arg) {
            return Ok(Found {
                id: id.clone(),
                source: read_source(path),
                origin: Origin::User(path.clone()),
            });
        }
        if let Some(src) = builtin(arg) {
            return Ok(Found {
                id: arg.to_owned(),
                source: Ok(src.to_owned()),
                origin: Origin::BuiltIn,
            });
        }
        let ids = user
            .iter()
            .map(|(id, _)| id.as_str())
            .chain(BUILTINS.iter().map(|(id, _)| *id));
        let file = format!("{arg}.toml");
        Err(NotFound {
            id: arg.to_owned(),
            suggestion: crate::exercise::fields::did_you_mean(arg, ids).map(str::to_owned),
            beside: Path::new(&file).is_file().then_some(file),
        })
    }

    /// Every exercise that `list` and the picker show: user files first shadow
    /// built-ins of the same id. Sorted by id.
    pub fn all(&self) -> (Vec<Listed>, Option<FolderError>) {
        let (user, problem) = match self.user_files() {
            Ok(u) => (u, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        let mut out: Vec<Listed> = user
            .into_iter()
            .map(|(id, path)| Listed {
                shadows_builtin: builtin(&id).is_some(),
                found: Found {
                    source: read_source(&path),
                    origin: Origin::User(path),
                    id,
                },
            })
            .collect();
        for (id, src) in BUILTINS {
            if !out.iter().any(|l| l.found.id == *id) {
                out.push(Listed {
                    shadows_builtin: false,
                    found: Found {
                        id: (*id).to_owned(),
                        source: Ok((*src).to_owned()),
                        origin: Origin::BuiltIn,
                    },
                });
            }
        }
        out.sort_by(|a, b| a.found.id.cmp(&b.found.id));
        (out, problem)
    }
}

#[derive(Debug)]
pub struct Listed {
    pub found: Found,
    pub shadows_builtin: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_touches_no_file_and_sound_files_are_checked_after_at_their_span() {
        let src = "title = \"Bell\"\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 1\nsound = \"sounds/gone.wav\"\n";
        let at = src.find("\"sounds/gone.wav\"").expect("in the text");
        let span = at..at + "\"sounds/gone.wav\"".len();
        let pure = parse(src);
        assert!(pure.diagnostics.is_empty(), "{:?}", pure.diagnostics);
        assert!(pure.exercise.is_some());
        assert_eq!(
            pure.sound_files,
            vec![SoundFile {
                span: span.clone(),
                path: "sounds/gone.wav".into(),
                recording: None,
            }]
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let checked = parse_in(src, Some(dir.path()));
        assert!(checked.exercise.is_none());
        assert_eq!(checked.diagnostics.len(), 1, "{:?}", checked.diagnostics);
        let d = &checked.diagnostics[0];
        assert_eq!(d.span, Some(span));
        assert_eq!(
            d.message,
            "the sound path `sounds/gone.wav` names a file that does not exist"
        );
        // A built-in has no folder: its text alone is checked.
        assert!(parse_in(src, None).exercise.is_some());
    }
}
