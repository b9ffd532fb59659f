//! The authoring commands: `list`, `show`, `check`, `new` and `schema`. Each writes to
//! the streams it is given and returns the exit code; `main` only wires them up.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use crate::cli::NewKind;
use crate::exercise::diagnostic::{self, Style};
use crate::exercise::library::{Found, Library, NotFound, Origin};
use crate::exercise::{Exercise, StepKind};
use crate::text;
use crate::timeline::{self, Timeline};
use crate::words;

/// Exit code for bad input (SPEC §2).
pub const BAD_INPUT: u8 = 1;

pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
}

fn not_found(io: &mut Io<'_>, nf: &NotFound) -> io::Result<ExitCode> {
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

pub fn check(io: &mut Io<'_>, lib: &Library, args: &[OsString]) -> io::Result<ExitCode> {
    let mut failed = 0;
    for arg in args {
        let found = match lib.resolve(arg) {
            Ok(f) => f,
            Err(nf) => {
                not_found(io, &nf)?;
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
        match (&checked.exercise, checked.errors(), checked.warnings()) {
            (Some(ex), _, w) => {
                let t = Timeline::compile(ex, 0);
                let warn = match w {
                    0 => String::new(),
                    1 => ", 1 warning".into(),
                    n => format!(", {n} warnings"),
                };
                writeln!(
                    io.out,
                    "ok: {shown}: {} ({}{warn})",
                    ex.title,
                    t.length_text()
                )?;
            }
            (None, e, _) => {
                failed += 1;
                let s = if e == 1 { "" } else { "s" };
                writeln!(io.err, "{shown}: {e} error{s}")?;
            }
        }
    }
    if args.len() > 1 {
        let ok = args.len() - failed;
        writeln!(
            io.out,
            "checked {} files: {ok} ok, {failed} with errors",
            args.len()
        )?;
    }
    Ok(if failed > 0 {
        ExitCode::from(BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}

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
) -> io::Result<ExitCode> {
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
            t.length_text().trim_start_matches("about ").to_owned(),
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

fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

/// Left-aligned columns, padded by display width; the last column is not padded.
fn table<R: AsRef<[String]>>(out: &mut dyn Write, head: &[&str], rows: &[R]) -> io::Result<()> {
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

pub fn show(io: &mut Io<'_>, lib: &Library, arg: &OsStr, cues: bool) -> io::Result<ExitCode> {
    let (found, ex) = match load(io, lib, arg)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let t = Timeline::compile(&ex, 0);
    let from = match &found.origin {
        Origin::BuiltIn => "built-in".to_owned(),
        o => o.describe(),
    };
    writeln!(
        io.out,
        "{}  ({}, {from})",
        ex.title,
        text::escape(&found.id)
    )?;
    if let Some(a) = &ex.about {
        writeln!(io.out, "{}", text::escape_keep_lines(a))?;
    }
    writeln!(io.out)?;
    let mut rows: Vec<[String; 4]> = Vec::new();
    let start = |c: &timeline::Cue| {
        let plus = if c.after_untimed { "+" } else { "" };
        format!("{}{plus}", timeline::clock(c.start))
    };
    if cues {
        for c in &t.cues {
            let rep = match c.rep {
                (_, 1) => String::new(),
                (n, of) => format!(" ({n}/{of})"),
            };
            rows.push([
                start(c),
                c.length.map_or("your pace".into(), timeline::length),
                (c.step + 1).to_string(),
                format!("{}{rep}", words::cue_label(&ex, c)),
            ]);
        }
        table(io.out, &["START", "LENGTH", "STEP", "CUE"], &rows)?;
    } else {
        for (i, step) in ex.steps.iter().enumerate() {
            let cs = t.step_cues(i);
            // Every valid step has a cue; a step without one has nothing to list.
            let Some(first) = cs.first() else { continue };
            let len: Option<std::time::Duration> = cs.iter().map(|c| c.length).sum();
            rows.push([
                start(first),
                len.map_or("your pace".into(), timeline::length),
                (i + 1).to_string(),
                describe_step(&step.kind, first),
            ]);
        }
        table(io.out, &["START", "LENGTH", "STEP", "WHAT"], &rows)?;
    }
    let waits = t.untimed();
    writeln!(io.out, "\ntotal: {}", timeline::length(t.total()))?;
    if waits > 0 {
        let s = if waits == 1 { " waits" } else { "s wait" };
        writeln!(
            io.out,
            "{waits} step{s} for Enter, so the total is {}; `+` marks times after one.",
            t.length_text()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn describe_step(kind: &StepKind, first: &timeline::Cue) -> String {
    let s = |d| timeline::length(d);
    match kind {
        StepKind::Breathe(b) => {
            let mut parts = vec![format!("in {}", s(b.inhale))];
            for (name, d) in [("top-up", b.top_up), ("hold", b.hold_in)] {
                if !d.is_zero() {
                    parts.push(format!("{name} {}", s(d)));
                }
            }
            parts.push(format!("out {}", s(b.exhale)));
            if !b.hold_out.is_zero() {
                parts.push(format!("hold {}", s(b.hold_out)));
            }
            let n = b.cycles;
            format!(
                "breathe: {} × {n} breath{}",
                parts.join(", "),
                if n == 1 { "" } else { "s" }
            )
        }
        StepKind::EyeContact(e) => format!(
            "eye contact: look {}, away {} × {} round{}",
            s(first.length.unwrap_or(e.look)),
            s(e.away),
            e.rounds,
            if e.rounds == 1 { "" } else { "s" }
        ),
        StepKind::Prompt(p) => {
            let head = match (&p.title, p.say) {
                (Some(t), _) => format!("{t}: "),
                (None, true) => "say: ".into(),
                (None, false) => String::new(),
            };
            let first_line = p.text.lines().next().unwrap_or_default();
            ellipsize(&format!("{head}{}", text::escape(first_line)), 60)
        }
    }
}

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

/// `steady completions SHELL`. clap_complete panics when its writer fails (a full disk, a
/// closed pipe), so the script is made in memory and written here, where a failure is an
/// error like any other.
pub fn completions(io: &mut Io<'_>, shell: clap_complete::Shell) -> io::Result<ExitCode> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut crate::cli::Cli::command(),
        "steady",
        &mut script,
    );
    io.out.write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// `steady man`: the manual page, made in memory like the completions, so a failed write
/// is one error, never half a page and a panic.
pub fn man(io: &mut Io<'_>) -> io::Result<ExitCode> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut page)?;
    io.out.write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

pub fn schema(io: &mut Io<'_>) -> io::Result<ExitCode> {
    let s = serde_json::to_string_pretty(&crate::schema::exercise_schema())
        .map_err(io::Error::other)?;
    writeln!(io.out, "{s}")?;
    Ok(ExitCode::SUCCESS)
}

/// `steady stats`: the counts as a small bar chart, where they are kept, and that
/// nothing else is.
pub fn stats(io: &mut Io<'_>, show: bool) -> io::Result<ExitCode> {
    use std::io::IsTerminal;
    let Some(store) = crate::store::Store::from_env() else {
        writeln!(io.err, "error: {}", words::NO_DATA_DIR)?;
        return Ok(ExitCode::from(BAD_INPUT));
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
    let counts = match store.read() {
        Ok(c) => c,
        Err(e) => {
            writeln!(io.err, "error: {}", e.sentence())?;
            writeln!(io.err, "{}", e.remedy())?;
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    if counts.is_empty() {
        writeln!(io.out, "No completions yet.")?;
    } else {
        let bars = io::stdout().is_terminal();
        let width = counts
            .keys()
            .map(|k| text::escape(k).width())
            .max()
            .unwrap_or(0);
        let most = counts.values().copied().max().unwrap_or(1).max(1);
        for (id, n) in &counts {
            let id = text::escape(id);
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

/// `steady forget [NAME]`: erases all counts or one, after asking (or with `--yes`).
pub fn forget(io: &mut Io<'_>, id: Option<&str>, yes: bool) -> io::Result<ExitCode> {
    use crate::store::Forgot;
    use std::io::IsTerminal;
    let Some(store) = crate::store::Store::from_env() else {
        writeln!(io.err, "error: {}", words::NO_DATA_DIR)?;
        return Ok(ExitCode::from(BAD_INPUT));
    };
    let path = text::path(&store.path());
    if !yes {
        if !io::stdin().is_terminal() {
            writeln!(
                io.err,
                "error: there is no terminal to ask on, so nothing was erased."
            )?;
            writeln!(io.err, "Add --yes to erase without asking.")?;
            return Ok(ExitCode::from(BAD_INPUT));
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
        Ok(Forgot::Entry(n)) => writeln!(
            io.out,
            "Erased the count for `{}` (it was {n}).",
            text::escape(id.unwrap_or_default())
        )?,
        Ok(Forgot::Nothing) => writeln!(io.out, "There was nothing to erase.")?,
        Err(e) => {
            writeln!(io.err, "error: {}", e.sentence())?;
            // Erasing everything is the way out of a file that can't be read.
            if id.is_some() || matches!(e, crate::store::StoreError::Busy { .. }) {
                writeln!(io.err, "{}", e.remedy())?;
            }
            return Ok(ExitCode::from(BAD_INPUT));
        }
    }
    Ok(ExitCode::SUCCESS)
}
