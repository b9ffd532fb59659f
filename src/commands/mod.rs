//! The commands other than practising: `list`, `show`, `check`, `new`, `stats`, `forget`,
//! `schema`, `completions` and `man`. Each writes to the streams it is given and returns
//! the exit code; `main` only wires them up. This file holds what they share: the
//! streams ([`Io`]), the exit codes, loading an exercise by name, and table layout.

mod check;
mod forget;
mod list;
mod new;
mod schema;
mod show;
mod stats;

pub use check::check;
pub use forget::forget;
pub use list::list;
pub use new::new;
pub use schema::{completions, man, schema};
pub use show::show;
pub use stats::stats;

use std::ffi::OsStr;
use std::io::{self, Write};
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use crate::exercise::Exercise;
use crate::exercise::diagnostic::{self, Style};
use crate::exercise::library::{Found, Library, NotFound};
use crate::text;

/// Exit code for bad input (SPEC §2).
pub const BAD_INPUT: u8 = 1;

pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
}

pub(crate) fn not_found(io: &mut Io<'_>, nf: &NotFound) -> io::Result<ExitCode> {
    let id = text::escape(&nf.id);
    write!(io.err, "error: there is no exercise called `{id}`")?;
    match &nf.suggestion {
        Some(s) => writeln!(io.err, "; did you mean `{}`?", text::escape(s))?,
        None => writeln!(io.err, ".")?,
    }
    writeln!(
        io.err,
        "`steady list` shows every exercise; a path to a file works too."
    )?;
    Ok(ExitCode::from(BAD_INPUT))
}

/// Loads `arg` and renders its diagnostics to stderr. `None` when it has errors.
pub(crate) fn load(
    io: &mut Io<'_>,
    lib: &Library,
    arg: &OsStr,
) -> io::Result<Result<(Found, Exercise), ExitCode>> {
    let found = match lib.resolve(arg) {
        Ok(f) => f,
        Err(nf) => return not_found(io, &nf).map(Err),
    };
    let checked = found.check();
    let name = found.origin.file_name(&found.id);
    let src = found.source.as_ref().ok().map(String::as_str);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() || checked.exercise.is_none() {
        io.err
            .write_all(diagnostic::render(&errors, &name, src, io.style).as_bytes())?;
        writeln!(
            io.err,
            "`steady check {}` lists every problem, warnings included.",
            text::escape(&name)
        )?;
        return Ok(Err(ExitCode::from(BAD_INPUT)));
    }
    Ok(checked
        .exercise
        .map(|ex| (found, ex))
        .ok_or(ExitCode::from(BAD_INPUT)))
}

pub(crate) fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
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
