//! `steady show`: an exercise's timeline, by step or (`--cues`) by cue.

use std::ffi::OsStr;
use std::process::ExitCode;

use super::{CommandError, Io, load, table};
use crate::exercise::StepKind;
use crate::library::{Library, Origin};
use crate::text;
use crate::timeline::{self, Timeline};
use crate::words;

pub fn show(
    io: &mut Io<'_>,
    lib: &Library,
    arg: &OsStr,
    cues: bool,
    length: f64,
) -> Result<ExitCode, CommandError> {
    let (found, ex) = load(lib, arg)?;
    // `--length`: the timeline as it would play at that length, fixed parts as written.
    let ex = if length == 1.0 {
        ex
    } else {
        let at = ex.at_length(length);
        if !at.fits() {
            writeln!(
                io.err,
                "error: at --length {length} this practice would pass the limits (4 hours, 10,000 steps); try a shorter length"
            )?;
            return Ok(ExitCode::from(super::USAGE));
        }
        at
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
    if let Some(src) = &ex.source {
        writeln!(io.out, "Source: {}", text::escape_keep_lines(src))?;
    }
    if length != 1.0 {
        writeln!(
            io.out,
            "At {}% of the written length (--length {length}); fixed parts as written.",
            (length * 100.0).round()
        )?;
    }
    writeln!(io.out)?;
    let mut rows: Vec<[String; 4]> = Vec::new();
    let start = |c: &timeline::Cue| {
        let plus = if c.after_untimed { "+" } else { "" };
        format!("{}{plus}", timeline::clock(c.start))
    };
    if cues {
        for c in &t.cues {
            // The time before the first look or tap is none of them.
            let rep = match c.rep {
                _ if c.kind == timeline::CueKind::LeadIn => String::new(),
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
                {
                    let what = match step.title() {
                        Some(t) if !matches!(step.kind, StepKind::Prompt(_)) => {
                            format!("{}: {}", text::escape(t), describe_step(&step.kind, cs))
                        }
                        _ => describe_step(&step.kind, cs),
                    };
                    // A recording speaks for the step, so the table names it.
                    let what = match &step.voice {
                        Some(v) => {
                            format!("{what} · recorded: {}", text::escape(&v.to_string_lossy()))
                        }
                        None => what,
                    };
                    match step.round {
                        Some((r, of)) => format!("round {r}/{of} · {what}"),
                        None => what,
                    }
                },
            ]);
        }
        table(io.out, &["START", "LENGTH", "STEP", "WHAT"], &rows)?;
    }
    let waits = t.untimed();
    writeln!(io.out, "\ntotal: {}", timeline::length(t.total()))?;
    if waits > 0 {
        // A breath at one's own pace waits at each of its phases, not once a step.
        let s = if waits == 1 { " waits" } else { "s wait" };
        writeln!(
            io.out,
            "{waits} part{s} for Enter, so the total is {}; `+` marks times after one.",
            t.length_text()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What a step does, in a line; `cues` are its cues, which say today's looks.
fn describe_step(kind: &StepKind, cues: &[timeline::Cue]) -> String {
    let s = |d| timeline::length(d);
    match kind {
        StepKind::Breathe(b) => {
            // "out 4→8 s" for a ramp.
            let r = |r: crate::exercise::Ramp| {
                if r.is_ramp() {
                    format!(
                        "{}→{}",
                        crate::durations::trim_float(r.from.as_secs_f64()),
                        s(r.to)
                    )
                } else {
                    s(r.from)
                }
            };
            let mut parts = vec![format!("in {}", r(b.inhale))];
            for (name, d) in [("top-up", b.top_up), ("hold", b.hold_in)] {
                if !d.is_zero() {
                    parts.push(format!("{name} {}", r(d)));
                }
            }
            parts.push(format!("out {}", r(b.exhale)));
            if !b.hold_out.is_zero() {
                parts.push(format!("hold {}", r(b.hold_out)));
            }
            let n = b.cycles;
            let staged = match b.stages {
                Some(s) if b.ramps() => format!(", in {s} stages"),
                _ => String::new(),
            };
            format!(
                "breathe: {} × {n} breath{}{staged}",
                parts.join(", "),
                if n == 1 { "" } else { "s" }
            )
        }
        StepKind::EyeContact(e) => {
            // Today's looks, from the first round to the last (not the lead-in's time).
            let mut looks = cues
                .iter()
                .filter(|c| c.kind == timeline::CueKind::Look)
                .filter_map(|c| c.length);
            let first = looks.next().unwrap_or(e.look);
            let last = looks.next_back().unwrap_or(first);
            let look = if first == last {
                s(first)
            } else {
                format!(
                    "{}→{}",
                    crate::durations::trim_float(first.as_secs_f64()),
                    s(last)
                )
            };
            format!(
                "eye contact: look {look}, away {} × {} round{}",
                s(e.away),
                e.rounds,
                if e.rounds == 1 { "" } else { "s" }
            )
        }
        StepKind::Prompt(p) => {
            let head = match (&p.title, p.say) {
                (Some(t), _) => format!("{t}: "),
                (None, true) => "say: ".into(),
                (None, false) => String::new(),
            };
            let first_line = p.text.lines().next().unwrap_or_default();
            text::cut(&format!("{head}{}", text::escape(first_line)), 60).into_owned()
        }
        StepKind::Tap(t) => format!("tap: left and right, every {} × {} taps", s(t.beat), t.taps),
        StepKind::Choice(c) => {
            let labels: Vec<String> = c
                .options
                .iter()
                .map(|o| text::escape(&o.label).into_owned())
                .collect();
            text::cut(&format!("choose: {}", labels.join(" / ")), 60).into_owned()
        }
    }
}
