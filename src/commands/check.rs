//! `steady check FILE…`: every problem in each file, warnings included, and a summary.

use std::ffi::OsString;
use std::process::ExitCode;

use super::{BAD_INPUT, CommandError, Io};
use crate::exercise::diagnostic;
use crate::library::Library;
use crate::text;
use crate::timeline::Timeline;

/// ", 1 warning", ", 3 warnings", or nothing.
fn warnings(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    }
}

pub fn check(io: &mut Io<'_>, lib: &Library, args: &[OsString]) -> Result<ExitCode, CommandError> {
    let mut failed = 0;
    let mut warned = 0;
    for arg in args {
        let found = match lib.resolve(arg) {
            Ok(f) => f,
            Err(nf) => {
                // Said here, and the other files still checked.
                let e = CommandError::NotFound(nf);
                io.err.write_all(e.render(io.style).as_bytes())?;
                failed += 1;
                continue;
            }
        };
        let checked = found.check();
        let name = found.origin.file_name(&found.id);
        let src = found.source.as_ref().ok().map(String::as_str);
        io.err
            .write_all(diagnostic::render(&checked.diagnostics, &name, src, io.style).as_bytes())?;
        let shown = text::escape(&name);
        warned += checked.warnings();
        match (&checked.exercise, checked.errors(), checked.warnings()) {
            (Some(ex), _, w) => {
                let t = Timeline::compile(ex, 0);
                writeln!(
                    io.out,
                    "ok: {shown}: {} ({}{})",
                    ex.title,
                    t.length_text(),
                    warnings(w)
                )?;
            }
            (None, e, w) => {
                failed += 1;
                let s = if e == 1 { "" } else { "s" };
                writeln!(io.err, "{shown}: {e} error{s}{}", warnings(w))?;
            }
        }
    }
    if args.len() > 1 {
        let ok = args.len() - failed;
        writeln!(
            io.out,
            "checked {} files: {ok} ok, {failed} with errors{}",
            args.len(),
            warnings(warned)
        )?;
    }
    Ok(if failed > 0 {
        ExitCode::from(BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}
