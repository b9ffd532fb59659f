//! `steady list`: every exercise as a table, then the files that could not be used. At
//! a terminal the table fits its width; in a pipe each exercise is one whole line.

use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::{CommandError, Io, table};
use crate::exercise::Exercise;
use crate::library::{Library, Origin};
use crate::timeline::Timeline;
use crate::{text, words};

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

/// `steady list --ids`: every id steady finds by name, one a line, for shell completion.
pub fn ids(io: &mut Io<'_>, lib: &Library) -> Result<ExitCode, CommandError> {
    let (entries, _) = lib.all();
    for l in entries {
        writeln!(io.out, "{}", text::escape(&l.found.id))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What gives way, in this order, when the table is wider than the terminal: a column
/// cut to a narrower width (with "…"), or left out. The id, which is what `run` takes,
/// never does, nor the length, which cut could say another length ("1 min 2…");
/// every line is cut at the width last of all. A new column joins the list
/// where it matters least.
const GIVE_WAY: &[(&str, Give)] = &[
    ("TAGS", Give::Narrow(20)),
    ("KIND", Give::Drop),
    ("TITLE", Give::Narrow(24)),
    ("TAGS", Give::Drop),
    ("DONE", Give::Drop),
    ("FROM", Give::Drop),
    ("FOR", Give::Drop),
    ("TITLE", Give::Narrow(12)),
    ("TITLE", Give::Narrow(8)),
    ("TITLE", Give::Drop),
];

#[derive(Debug, Clone, Copy)]
enum Give {
    /// Cut the column's cells to fit, down to this many cells at the narrowest.
    Narrow(usize),
    Drop,
}

/// Space between two columns.
const GAP: usize = 2;

/// The table (`head`, and `rows` with a cell for each heading) made to fit `width`
/// cells, by the steps of [`GIVE_WAY`] in turn until it fits. Room that a later step
/// frees goes back to the columns cut before it.
pub fn fit<'h>(
    head: &[&'h str],
    rows: &[Vec<String>],
    width: usize,
) -> (Vec<&'h str>, Vec<Vec<String>>) {
    let natural: Vec<usize> = (0..head.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain([head[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // (column, the width it gets), for the columns kept.
    let mut kept: Vec<(usize, usize)> = natural.iter().copied().enumerate().collect();
    let total = |kept: &[(usize, usize)]| {
        kept.iter().map(|&(_, w)| w).sum::<usize>() + GAP * kept.len().saturating_sub(1)
    };
    let mut narrowed = Vec::new();
    for (name, give) in GIVE_WAY {
        let over = total(&kept).saturating_sub(width);
        if over == 0 {
            break;
        }
        let Some(k) = kept.iter().position(|&(i, _)| head[i] == *name) else {
            continue;
        };
        match *give {
            Give::Narrow(least) => {
                let w = &mut kept[k].1;
                *w = w.saturating_sub(over).max(least).min(*w);
                narrowed.push(kept[k].0);
            }
            Give::Drop => {
                kept.remove(k);
            }
        }
    }
    let mut room = width.saturating_sub(total(&kept));
    for i in narrowed.into_iter().rev() {
        if let Some((_, w)) = kept.iter_mut().find(|(c, _)| *c == i) {
            let more = (natural[i] - *w).min(room);
            *w += more;
            room -= more;
        }
    }
    let cells = |row: &dyn Fn(usize) -> String| -> Vec<String> {
        kept.iter()
            .map(|&(i, w)| text::cut(&row(i), w).into_owned())
            .collect()
    };
    let head_kept = kept.iter().map(|&(i, _)| head[i]).collect();
    let rows_kept = rows.iter().map(|r| cells(&|i| r[i].clone())).collect();
    (head_kept, rows_kept)
}

/// What an exercise suits (`for`), in a word: the picker's "which is closer right now?"
/// puts it first for that state.
fn suits(ex: &crate::exercise::Exercise) -> String {
    use crate::exercise::State;
    match ex.suits.as_slice() {
        [] => String::new(),
        [one] => one.name().into(),
        _ if State::ALL.iter().all(|s| ex.suits.contains(s)) => "both".into(),
        many => many.iter().map(|s| s.name()).collect::<Vec<_>>().join(", "),
    }
}

/// `steady list`. `counts` sets each length as today's look makes it (`None` when
/// they can't be read), and `show_counts` adds the DONE column.
pub fn list(
    io: &mut Io<'_>,
    lib: &Library,
    tag: Option<&str>,
    counts: Option<&crate::store::Tally>,
    show_counts: bool,
) -> Result<ExitCode, CommandError> {
    let (entries, folder_problem) = lib.all();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut broken = Vec::new();
    let mut all_tags: Vec<String> = Vec::new();
    for l in &entries {
        let checked = l.found.check_quickly();
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
        let done = counts
            .filter(|_| show_counts)
            .map(|c| c.count(&l.found.id).unwrap_or(0));
        // The length the picker shows: today's look is in it.
        let t = Timeline::compile(ex, counts.map_or(0, |c| c.grown(&l.found.id)));
        rows.push(vec![
            id,
            text::escape(&ex.title).into_owned(),
            t.length_short(),
            done.map(|d| d.to_string()).unwrap_or_default(),
            suits(ex),
            kinds(ex),
            from.into(),
            text::escape(&ex.tags.join(", ")).into_owned(),
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
        let mut head = vec![
            "ID", "TITLE", "LENGTH", "DONE", "FOR", "KIND", "FROM", "TAGS",
        ];
        if counts.is_none() || !show_counts {
            head.remove(3);
            for r in &mut rows {
                r.remove(3);
            }
        }
        match io.width {
            Some(width) => {
                let (head, rows) = fit(&head, &rows, width);
                let mut table_text = Vec::new();
                table(&mut table_text, &head, &rows)?;
                for line in String::from_utf8_lossy(&table_text).lines() {
                    writeln!(io.out, "{}", text::cut(line, width))?;
                }
            }
            None => table(io.out, &head, &rows)?,
        }
    }
    // Where your own exercises live is a note for the person, not part of the table:
    // on stderr, so `steady list | …` reads only the table.
    if let Some(dir) = &lib.user_dir {
        if lib.user_dir_missing() {
            writeln!(io.err, "\nYour exercises folder does not exist yet:")?;
            writeln!(io.err, "  {}", text::path(dir))?;
            writeln!(io.err, "{}", words::MAKE_FOLDER)?;
        } else {
            writeln!(io.err, "\nYour exercises folder:\n  {}", text::path(dir))?;
        }
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
