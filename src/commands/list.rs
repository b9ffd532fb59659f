//! `steady list`: every exercise as a table, then the files that could not be used.

use std::process::ExitCode;

use super::{CommandError, Io, ellipsize, table};
use crate::exercise::Exercise;
use crate::exercise::library::{Library, Origin};
use crate::text;
use crate::timeline::Timeline;

/// The kinds of step in an exercise, in order of first appearance: `breathe+prompt`.
fn kinds(ex: &Exercise) -> String {
    let mut names: Vec<&str> = Vec::new();
    for s in &ex.steps {
        let n = s.kind.name();
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.join("+")
}

/// `steady list`. `counts` adds the DONE column; `None` when counts are hidden or
/// unreadable.
pub fn list(
    io: &mut Io<'_>,
    lib: &Library,
    tag: Option<&str>,
    counts: Option<&crate::store::Counts>,
) -> Result<ExitCode, CommandError> {
    let (entries, folder_problem) = lib.all();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut broken = Vec::new();
    let mut all_tags: Vec<String> = Vec::new();
    for l in &entries {
        let checked = l.found.check();
        let from = match (&l.found.origin, l.shadows_builtin) {
            (Origin::BuiltIn, _) => "built-in",
            (_, true) => "yours, shadows built-in",
            (_, false) => "yours",
        };
        let id = text::escape(&l.found.id).into_owned();
        let Some(ex) = &checked.exercise else {
            broken.push((l, checked));
            if tag.is_none() {
                rows.push(vec![
                    id,
                    "(has errors: see below)".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    from.into(),
                    String::new(),
                ]);
            }
            continue;
        };
        all_tags.extend(ex.tags.iter().cloned());
        if let Some(t) = tag
            && !ex.tags.iter().any(|x| x.eq_ignore_ascii_case(t))
        {
            continue;
        }
        let done = counts.map(|c| c.get(&l.found.id).copied().unwrap_or(0));
        let t = Timeline::compile(ex, done.unwrap_or(0));
        rows.push(vec![
            id,
            ellipsize(&ex.title, 40),
            t.length_short(),
            done.map(|d| d.to_string()).unwrap_or_default(),
            kinds(ex),
            from.into(),
            ellipsize(&ex.tags.join(", "), 40),
        ]);
    }
    if rows.is_empty() {
        if let Some(t) = tag {
            all_tags.sort();
            all_tags.dedup();
            writeln!(
                io.err,
                "No exercise has the tag `{}`. Tags in use: {}.",
                text::escape(t),
                all_tags.join(", ")
            )?;
        }
    } else {
        let mut head = vec!["ID", "TITLE", "LENGTH", "DONE", "KIND", "FROM", "TAGS"];
        if counts.is_none() {
            head.remove(3);
            for r in &mut rows {
                r.remove(3);
            }
        }
        table(io.out, &head, &rows)?;
    }
    if let Some(dir) = &lib.user_dir {
        writeln!(io.out, "\nYour exercises folder: {}", text::path(dir))?;
    }
    if let Some(p) = folder_problem {
        writeln!(io.err, "warning: could not read your exercises folder: {p}")?;
    }
    if !broken.is_empty() {
        let n = broken.len();
        writeln!(
            io.err,
            "\n{n} file{} could not be used:",
            if n == 1 { "" } else { "s" }
        )?;
        for (l, checked) in broken {
            let name = l.found.origin.file_name(&l.found.id);
            let src = l.found.source.as_ref().ok();
            let first = checked.diagnostics.iter().find(|d| d.is_error());
            let at = first
                .and_then(|d| d.line_col(src.map_or("", String::as_str)))
                .map(|(l, c)| format!(":{l}:{c}"))
                .unwrap_or_default();
            let msg = first.map_or("it could not be read".into(), |d| {
                text::escape(&d.message).into_owned()
            });
            writeln!(io.err, "  {}{at}: {msg}", text::escape(&name))?;
            if l.shadows_builtin {
                writeln!(
                    io.err,
                    "    (it shadows the built-in `{}`, which is hidden while it has errors)",
                    l.found.id
                )?;
            }
        }
        writeln!(io.err, "`steady check FILE` explains each problem.")?;
    }
    Ok(ExitCode::SUCCESS)
}
