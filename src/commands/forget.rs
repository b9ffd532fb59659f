//! `steady forget`: erases the completion counts, all or one, after asking.

use std::io;
use std::process::ExitCode;

use super::{CommandError, Io};
use crate::exercise::StepKind;
use crate::library::Library;
use crate::text;

/// The first look of exercise `id`, when its look grows with the count: erasing the
/// count sets it back to that.
fn first_look_if_it_grows(lib: &Library, id: &str) -> Option<std::time::Duration> {
    let found = lib.resolve(std::ffi::OsStr::new(id)).ok()?;
    let ex = found.check().exercise?;
    ex.steps.iter().find_map(|s| match &s.kind {
        StepKind::EyeContact(e) if !e.grow.is_zero() => Some(e.look),
        _ => None,
    })
}

/// `steady forget [NAME]`: erases all counts or one, after asking (or with `--yes`).
pub fn forget(
    io: &mut Io<'_>,
    lib: &Library,
    id: Option<&str>,
    yes: bool,
) -> Result<ExitCode, CommandError> {
    use crate::store::Forgot;
    use std::io::IsTerminal;
    let Some(store) = crate::store::Store::from_env() else {
        return Err(CommandError::NoDataDir);
    };
    let path = text::path(&store.path());
    // Asking to erase a count that isn't there, to then say there was nothing: say so
    // first, with the name that was probably meant.
    if let (Some(id), Ok(counts)) = (id, store.read())
        && !counts.contains_key(id)
    {
        write!(
            io.out,
            "There is no count for `{}` to erase",
            text::escape(id)
        )?;
        let known = counts.keys().map(String::as_str);
        match crate::exercise::fields::did_you_mean(id, known) {
            Some(m) => writeln!(io.out, "; did you mean `{}`?", text::escape(m))?,
            None => writeln!(io.out, ".")?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !yes {
        if !io::stdin().is_terminal() {
            return Err(CommandError::NoTerminal);
        }
        match id {
            Some(id) => write!(
                io.err,
                "Erase the count for `{}` in {path}? [y/N] ",
                text::escape(id)
            )?,
            None => write!(
                io.err,
                "Erase all completion counts in {path}? This can't be undone. [y/N] "
            )?,
        }
        io.err.flush()?;
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            writeln!(io.out, "Nothing was erased.")?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    match store.forget(id) {
        Ok(Forgot::All) => writeln!(io.out, "Erased all completion counts.")?,
        Ok(Forgot::Entry(n)) => {
            let id = id.unwrap_or_default();
            writeln!(
                io.out,
                "Erased the count for `{}` (it was {n}).",
                text::escape(id)
            )?;
            if let Some(look) = first_look_if_it_grows(lib, id) {
                writeln!(
                    io.out,
                    "Its look starts again from the beginning: {} each look.",
                    crate::durations::length(look)
                )?;
            }
        }
        Ok(Forgot::Nothing) => writeln!(io.out, "There was nothing to erase.")?,
        Err(error) => {
            // Erasing everything is the way out of a file that can't be read.
            let remedy = id.is_some() || matches!(error, crate::store::StoreError::Busy { .. });
            return Err(CommandError::Store { error, remedy });
        }
    }
    Ok(ExitCode::SUCCESS)
}
