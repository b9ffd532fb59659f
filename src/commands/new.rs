//! `steady new`: a starter exercise file in the current folder, never over another.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{BAD_INPUT, Io};
use crate::cli::NewKind;
use crate::text;

pub fn new(io: &mut Io<'_>, kind: NewKind, name: &str) -> io::Result<ExitCode> {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    let bad = stem.is_empty()
        || stem.starts_with('.')
        || stem.starts_with('-')
        || stem
            .chars()
            .any(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
    if bad {
        writeln!(
            io.err,
            "error: `{}` can't be an exercise name: use letters, digits, `-` and `_`, like `evening-breath`",
            text::escape(name)
        )?;
        let slug: String = stem
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if !slug.is_empty() {
            writeln!(io.err, "Perhaps `{}`?", text::escape(&slug))?;
        }
        return Ok(ExitCode::from(BAD_INPUT));
    }
    let file = format!("{stem}.toml");
    let title = title_from(stem);
    let quoted = toml::Value::String(title).to_string();
    let body = kind.template().replace("\"{title}\"", &quoted);
    let path = Path::new(".").join(&file);
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let written = created.and_then(|mut f| {
        let w = f.write_all(body.as_bytes()).and_then(|()| f.sync_all());
        if w.is_err() {
            // Leave no half-written starter behind.
            let _ = std::fs::remove_file(&path);
        }
        w
    });
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            writeln!(
                io.err,
                "error: ./{file} already exists, and steady never overwrites a file"
            )?;
            writeln!(io.err, "Choose another name, or move the old file first.")?;
            return Ok(ExitCode::from(BAD_INPUT));
        }
        Err(e) => {
            let why = crate::exercise::load::io_message(&e);
            writeln!(io.err, "error: could not write ./{file}: {why}")?;
            return Ok(ExitCode::from(BAD_INPUT));
        }
    }
    writeln!(io.out, "Wrote ./{file}. Next:")?;
    writeln!(
        io.out,
        "  steady check {file}    explains any problem after you edit it"
    )?;
    writeln!(io.out, "  steady show {file}     prints its timeline")?;
    Ok(ExitCode::SUCCESS)
}

/// `evening-breath` → `Evening breath`.
fn title_from(stem: &str) -> String {
    let spaced = stem.replace(['-', '_'], " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
