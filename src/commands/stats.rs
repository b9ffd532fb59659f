//! `steady stats`: the completion counts, and where they are kept.

use std::io;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::{CommandError, Io};
use crate::{text, words};

/// `steady stats`: the counts as a small bar chart, where they are kept, and that
/// nothing else is.
pub fn stats(
    io: &mut Io<'_>,
    lib: &crate::library::Library,
    show: bool,
) -> Result<ExitCode, CommandError> {
    use std::io::IsTerminal;
    let Some(store) = crate::store::Store::from_env() else {
        return Err(CommandError::NoDataDir);
    };
    let path = text::path(&store.path());
    if !show {
        writeln!(
            io.out,
            "Counts are hidden by your settings (show_counts = false)."
        )?;
        writeln!(io.out, "They are kept in {path}.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let counts = store.read().map_err(|error| CommandError::Store {
        error,
        remedy: true,
    })?;
    if counts.is_empty() {
        writeln!(io.out, "Nothing counted here.")?;
    } else {
        let bars = io::stdout().is_terminal();
        // Each count by the exercise's title, as the picker names it, with its id;
        // an id whose exercise is gone stands alone.
        let (listed, _) = lib.all();
        let title = |id: &str| {
            listed
                .iter()
                .find(|l| l.found.id == id)
                .and_then(|l| l.found.source.as_ref().ok())
                .and_then(|src| crate::exercise::load::parse(src).exercise)
                .map(|ex| ex.title)
        };
        let names: Vec<String> = counts
            .keys()
            .map(|id| {
                let shown = text::escape(id);
                match title(id) {
                    Some(t) => format!("{} ({shown})", text::escape(&t)),
                    None => shown.into_owned(),
                }
            })
            .collect();
        let width = names.iter().map(|n| n.width()).max().unwrap_or(0);
        let most = counts.values().copied().max().unwrap_or(1).max(1);
        for (id, (_, n)) in names.iter().zip(&counts) {
            let pad = " ".repeat(width - id.width());
            if bars {
                let len = ((f64::from(*n) / f64::from(most)) * 30.0).ceil() as usize;
                writeln!(io.out, "{id}{pad}  {} {n}", "█".repeat(len.max(1)))?;
            } else {
                writeln!(io.out, "{id}{pad}  {n}")?;
            }
        }
    }
    writeln!(io.out, "\nKept in {path}.")?;
    writeln!(io.out, "{}", words::KEPT)?;
    Ok(ExitCode::SUCCESS)
}
