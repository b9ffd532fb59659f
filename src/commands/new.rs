//! `steady new`: a starter exercise file in the current folder, or in the user's
//! exercises folder with `--library`, never over another.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CommandError, Io};
use crate::cli::NewKind;
use crate::{paths, text};

/// `steady new KIND NAME [--library]`.
pub fn new(
    io: &mut Io<'_>,
    kind: NewKind,
    name: &str,
    library: bool,
) -> Result<ExitCode, CommandError> {
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
    let folder = paths::exercises_dir();
    let (path, shown) = if library {
        let dir = folder.clone().ok_or(CommandError::NoExercisesDir)?;
        std::fs::create_dir_all(&dir).map_err(|error| CommandError::Write {
            path: text::path(&dir),
            error,
        })?;
        let path = dir.join(&file);
        let shown = text::path(&path);
        (path, shown)
    } else {
        (PathBuf::from(".").join(&file), format!("./{file}"))
    };
    let body = starter(kind, stem, folder.as_deref());
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
            return Err(CommandError::Exists { path: shown });
        }
        Err(error) => return Err(CommandError::Write { path: shown, error }),
    }
    writeln!(io.out, "Wrote {shown}. Next:")?;
    // In the library the id finds it; elsewhere the file name does.
    let arg = if library { stem } else { file.as_str() };
    writeln!(
        io.out,
        "  steady check {arg}  explains any problem after you edit it"
    )?;
    writeln!(io.out, "  steady show {arg}   prints its timeline")?;
    writeln!(io.out, "  steady run {arg}    plays it")?;
    match (&folder, library) {
        // The path above names the folder.
        (Some(_), true) => writeln!(
            io.out,
            "It is in your exercises folder, where steady finds it by name."
        )?,
        (Some(dir), false) => writeln!(
            io.out,
            "To find it by name, move it into your exercises folder:\n  {}\n(`--library` writes it there.)",
            text::path(dir)
        )?,
        (None, _) => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// The starter's text: its title made from the name, and the exercises folder named
/// from the home folder (`~/…`), since the file may be shared.
fn starter(kind: NewKind, stem: &str, folder: Option<&Path>) -> String {
    let quoted = toml::Value::String(title_from(stem)).to_string();
    let folder = folder.map_or_else(
        || "the one `steady list` names".to_owned(),
        |f| format!("{}{}", paths::from_home(f), std::path::MAIN_SEPARATOR),
    );
    kind.template()
        .replace("\"{title}\"", &quoted)
        .replace("{folder}", &folder)
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
