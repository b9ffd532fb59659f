//! The commands other than practising: `list`, `show`, `check`, `new`, `stats`, `forget`,
//! `schema`, `completions` and `man`. Each writes to the streams it is given and returns
//! the exit code; `main` only wires them up. This file holds what they share: the
//! streams ([`Io`]), the exit codes, loading an exercise by name, and table layout.

mod check;
mod completions;
mod forget;
mod list;
mod man;
mod new;
pub mod run;
mod schema;
mod show;
mod stats;

pub use check::check;
pub use completions::completions;
pub use forget::forget;
pub use list::{ids, list};
pub use man::man;
pub use new::new;
pub use schema::schema;
pub use show::show;
pub use stats::stats;

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use crate::exercise::diagnostic::{self, Style};
use crate::exercise::{Diagnostic, Exercise};
use crate::files::{self, Doing};
use crate::library::{self, Found, Library, NotFound, Origin};
use crate::store::StoreError;
use crate::{text, words};

/// Exit code for bad input (SPEC §2): a name nobody has, a file with errors, a write
/// that failed. 0 is done (or stopped by the person), and clap's usage errors are
/// [`USAGE`].
pub const BAD_INPUT: u8 = 1;
/// Exit code for a command line clap could not understand (SPEC §2).
pub const USAGE: u8 = 2;

pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
    /// How many columns `out` has when it is a terminal; `None` in a pipe or a file,
    /// where a line is never cut.
    pub width: Option<usize>,
}

/// Why a command could not do what it was asked. Commands return these rather than
/// print them, and [`report`] is the one place they become words and an exit code.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Writing to stdout or stderr failed (a full disk, a closed pipe).
    #[error("{}", files::io_words(.0, Doing::WriteOutput))]
    Output(#[from] io::Error),
    /// No exercise has this name.
    #[error("there is no exercise called `{}`", text::escape(&.0.id))]
    NotFound(NotFound),
    /// The exercise has errors: `name` is the file name diagnostics use, `src` its
    /// text when it could be read.
    #[error("{name} has {} error(s)", .errors.len())]
    Invalid {
        name: String,
        src: Option<String>,
        errors: Vec<Diagnostic>,
    },
    /// A path on the command line that is not a readable file: `problem` says why, at
    /// `name`, and `advice` what might have been meant.
    #[error("{name} could not be read")]
    NoFile {
        name: String,
        problem: Box<Diagnostic>,
        advice: String,
    },
    /// `new` was given a name that can't be a file's; `slug` is one that could.
    #[error("`{}` can't be an exercise name: use letters, digits, `-` and `_`, like `evening-breath`", text::escape(.name))]
    BadName { name: String, slug: Option<String> },
    /// `new` would have written over a file (`path` as it is shown).
    #[error("{path} already exists, and steady never overwrites a file")]
    Exists { path: String },
    /// `new` could not write its file, or make the folder for it.
    #[error("could not write {path}: {}", files::io_words(.error, Doing::WriteNew))]
    Write { path: String, error: io::Error },
    /// `new --library` with no home folder and no `STEADY_EXERCISES_DIR`.
    #[error("{}", words::NO_EXERCISES_DIR)]
    NoExercisesDir,
    /// There is nowhere to keep counts.
    #[error("{}", words::NO_DATA_DIR)]
    NoDataDir,
    /// The counts store said no; `remedy` when saying what to do about it helps.
    #[error("{}", .error.sentence())]
    Store { error: StoreError, remedy: bool },
    /// `--config FILE` names a file that is not there (`path` as it is shown).
    #[error("there is no config file at {path}")]
    NoConfig { path: String },
    /// `forget` without `--yes` and without a terminal to ask on.
    #[error("there is no terminal to ask on, so nothing was erased.")]
    NoTerminal,
}

impl CommandError {
    /// The exit code this error ends steady with.
    pub fn code(&self) -> ExitCode {
        match self {
            // A closed pipe (`steady list | head -1`) is the reader's choice, not an error.
            Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            _ => ExitCode::from(BAD_INPUT),
        }
    }

    /// What stderr says: the error, and on the next line what to do about it.
    pub fn render(&self, style: Style) -> String {
        let mut s = match self {
            Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => return String::new(),
            // Diagnostics draw their own `error:` lines, with the file's text.
            Self::Invalid { .. } | Self::NoFile { .. } => String::new(),
            // The suggestion joins the sentence.
            Self::NotFound(_) => format!("error: {self}"),
            _ => format!("error: {self}\n"),
        };
        match self {
            Self::NotFound(nf) => {
                match (&nf.beside, &nf.suggestion) {
                    // The file beside it is what was most likely meant.
                    (Some(f), _) => s.push_str(&format!(
                        ", but there is a file `{0}` here: name it with `.toml`, as `{0}`.\n",
                        text::escape(f)
                    )),
                    (None, Some(m)) => {
                        s.push_str(&format!("; did you mean `{}`?\n", text::escape(m)))
                    }
                    (None, None) => s.push_str(".\n"),
                }
                s.push_str("`steady list` shows every exercise; a path to a file works too.\n");
            }
            Self::Invalid { name, src, errors } => {
                s.push_str(&diagnostic::render(errors, name, src.as_deref(), style));
                s.push_str(&format!(
                    "`steady check {}` lists every problem, warnings included.\n",
                    text::escape(name)
                ));
            }
            Self::NoFile {
                name,
                problem,
                advice,
            } => {
                s.push_str(&diagnostic::render(
                    std::slice::from_ref(problem.as_ref()),
                    name,
                    None,
                    style,
                ));
                s.push_str(advice);
                s.push('\n');
            }
            Self::BadName {
                slug: Some(slug), ..
            } => s.push_str(&format!("Perhaps `{}`?\n", text::escape(slug))),
            Self::Exists { .. } => {
                s.push_str("Choose another name, or move the old file first.\n");
            }
            Self::Store {
                error,
                remedy: true,
            } => s.push_str(&format!("{}\n", error.remedy())),
            Self::NoTerminal => s.push_str("Add --yes to erase without asking.\n"),
            Self::NoConfig { .. } => s.push_str(
                "--config names the settings file to read instead of the usual one; --no-config reads none.\n",
            ),
            _ => {}
        }
        s
    }
}

/// The one place a command's error becomes words on stderr and an exit code.
pub fn report(io: &mut Io<'_>, error: &CommandError) -> ExitCode {
    // Whatever the command wrote goes out before its error is said.
    let _ = io.out.flush();
    let _ = io.err.write_all(error.render(io.style).as_bytes());
    error.code()
}

/// Loads `arg` as an exercise that can be played; [`CommandError::Invalid`] with its
/// errors when it has any.
pub(crate) fn load(lib: &Library, arg: &OsStr) -> Result<(Found, Exercise), CommandError> {
    load_counting_lost(lib, arg).map(|(found, ex, _)| (found, ex))
}

/// As [`load`], and how many of the exercise's recorded voices can't be played (their
/// steps play without them; `check` says why).
pub(crate) fn load_counting_lost(
    lib: &Library,
    arg: &OsStr,
) -> Result<(Found, Exercise, usize), CommandError> {
    let found = lib.resolve(arg).map_err(CommandError::NotFound)?;
    if let (Origin::Path(path), Err(problem)) = (&found.origin, &found.source) {
        return Err(CommandError::NoFile {
            name: path.to_string_lossy().into_owned(),
            problem: Box::new(problem.clone()),
            advice: no_file_advice(lib, path),
        });
    }
    let checked = found.check();
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let lost = checked
        .diagnostics
        .iter()
        .filter(|d| d.warning == Some(crate::exercise::Warning::Recording))
        .count();
    match checked.exercise {
        Some(ex) if errors.is_empty() => Ok((found, ex, lost)),
        _ => Err(CommandError::Invalid {
            name: found.origin.file_name(&found.id),
            src: found.source.ok(),
            errors,
        }),
    }
}

/// What might have been meant by a path that is not a readable exercise file: the same
/// path with `.toml`, the exercise whose id is its stem, or where exercises are listed.
/// `steady check` would only say again that the file cannot be read.
fn no_file_advice(lib: &Library, path: &Path) -> String {
    let shown = text::escape(&path.to_string_lossy()).into_owned();
    if path.is_dir() {
        return format!("`{shown}` is a folder: give the path of a .toml file inside it.");
    }
    // As typed, `.toml` added: the person's own separators, on every platform.
    let mut with_toml = path.as_os_str().to_owned();
    with_toml.push(".toml");
    let with_toml = std::path::PathBuf::from(with_toml);
    if path.extension().is_none() && with_toml.is_file() {
        return format!(
            "Did you mean `{}`?",
            text::escape(&with_toml.to_string_lossy())
        );
    }
    let id = library::id_of(path);
    if path.try_exists().is_ok_and(|e| !e) && lib.has_id(&id) {
        return format!(
            "The exercise called `{}` is found by its name alone, without a folder.",
            text::escape(&id)
        );
    }
    "Check the path; `steady list` shows every exercise steady can find by name.".into()
}

/// Left-aligned columns, padded by display width; the last column is not padded.
pub(crate) fn table<R: AsRef<[String]>>(
    out: &mut dyn Write,
    head: &[&str],
    rows: &[R],
) -> io::Result<()> {
    let mut widths: Vec<usize> = head.iter().map(|h| h.width()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r.as_ref()) {
            *w = (*w).max(c.width());
        }
    }
    let line = |out: &mut dyn Write, cells: &[&str]| -> io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, head)?;
    for r in rows {
        let cells: Vec<&str> = r.as_ref().iter().map(String::as_str).collect();
        line(out, &cells)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_error() -> Vec<CommandError> {
        vec![
            CommandError::Output(io::Error::from_raw_os_error(28)),
            CommandError::NotFound(NotFound {
                id: "calm\u{1b}".into(),
                suggestion: Some("calm".into()),
                beside: None,
            }),
            CommandError::NotFound(NotFound {
                id: "mine".into(),
                suggestion: None,
                beside: Some("mine\u{1b}.toml".into()),
            }),
            CommandError::Invalid {
                name: "x.toml".into(),
                src: Some("title = 3\n".into()),
                errors: vec![Diagnostic::error("`title` must be text", Some(8..9))],
            },
            CommandError::NoFile {
                name: "./x".into(),
                problem: Box::new(Diagnostic::error("no such file", None)),
                advice: "Did you mean `./x.toml`?".into(),
            },
            CommandError::BadName {
                name: "a b".into(),
                slug: Some("a-b".into()),
            },
            CommandError::Exists {
                path: "./x.toml".into(),
            },
            CommandError::Write {
                path: "./x.toml".into(),
                error: io::Error::from_raw_os_error(30),
            },
            CommandError::NoExercisesDir,
            CommandError::NoDataDir,
            CommandError::NoTerminal,
        ]
    }

    #[test]
    fn every_command_error_is_bad_input_said_as_error_lines_without_os_numbers() {
        for e in every_error() {
            let said = e.render(Style { color: false });
            assert!(said.starts_with("error: "), "{said:?}");
            assert!(said.ends_with('\n'), "{said:?}");
            assert!(!said.contains("os error"), "{said:?}");
            assert!(!said.contains('\u{1b}'), "{said:?}");
            assert_eq!(e.code(), ExitCode::from(BAD_INPUT), "{said:?}");
        }
    }

    #[test]
    fn a_new_file_that_cannot_be_written_is_not_said_to_be_unreadable() {
        let e = CommandError::Write {
            path: "./x.toml".into(),
            error: io::ErrorKind::PermissionDenied.into(),
        };
        assert_eq!(
            e.render(Style { color: false }),
            "error: could not write ./x.toml: permission denied: steady may not create a file in this folder\n"
        );
    }

    #[test]
    fn a_closed_pipe_ends_quietly_and_successfully() {
        let e = CommandError::Output(io::ErrorKind::BrokenPipe.into());
        assert_eq!(e.render(Style { color: false }), "");
        assert_eq!(e.code(), ExitCode::SUCCESS);
    }

    #[test]
    fn report_writes_the_words_to_stderr_only() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut io = Io {
            out: &mut out,
            err: &mut err,
            style: Style { color: false },
            width: None,
        };
        let code = report(&mut io, &CommandError::NoTerminal);
        assert_eq!(code, ExitCode::from(BAD_INPUT));
        assert!(out.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&err),
            "error: there is no terminal to ask on, so nothing was erased.\nAdd --yes to erase without asking.\n"
        );
    }
}
