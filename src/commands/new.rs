//! `steady new`: a starter exercise file in the current folder, never over another.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{CommandError, Io};
use crate::cli::NewKind;

pub fn new(io: &mut Io<'_>, kind: NewKind, name: &str) -> Result<ExitCode, CommandError> {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    let bad = stem.is_empty()
        || stem.starts_with('.')
        || stem.starts_with('-')
        || stem
            .chars()
            .any(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
    if bad {
        let slug: String = stem
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        return Err(CommandError::BadName {
            name: name.to_owned(),
            slug: Some(slug).filter(|s| !s.is_empty()),
        });
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
            return Err(CommandError::Exists { file });
        }
        Err(error) => return Err(CommandError::Write { file, error }),
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
