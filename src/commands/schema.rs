//! The exercise format for other tools and readers: its JSON Schema, and the manual
//! page's sections on the format and the warnings.

use std::io;
use std::process::ExitCode;

use super::{CommandError, Io};

/// Roff text with its special characters made plain: a backslash, and a `.` or `'` at
/// the start of a line, would be read as commands.
pub(super) fn roff(s: &str) -> String {
    s.replace('\\', "\\e")
        .lines()
        .map(|l| match l.chars().next() {
            Some('.' | '\'') => format!("\\&{l}"),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The exercise format in brief, and the warnings `check` gives, for the manual page:
/// made from the same field table as the checker and the schema, so the three agree.
/// The help lines of `check` point here, at a page the binary carries.
pub fn format_in_brief() -> String {
    use crate::exercise::Warning;
    use crate::exercise::fields::{self, Field};
    let mut out = String::from(".SH \"EXERCISE FORMAT\"\n");
    out.push_str(&roff(
        "An exercise is a TOML file: a title, some optional keys, and a list of [[step]] tables, each with a kind. `steady new KIND NAME` writes a commented starter; `steady check FILE` explains any problem; `steady schema` prints a JSON Schema for editors.",
    ));
    out.push('\n');
    let tables: [(&str, &[Field]); 6] = [
        ("At the top of the file", fields::EXERCISE),
        ("In every step", fields::STEP),
        ("kind = \"breathe\"", fields::BREATHE),
        ("kind = \"eye-contact\"", fields::EYE_CONTACT),
        ("kind = \"prompt\"", fields::PROMPT),
        ("kind = \"repeat\" (format 2)", fields::REPEAT),
    ];
    for (title, fs) in tables {
        out.push_str(&format!(".SS \"{}\"\n", roff(title).replace('"', "\\(dq")));
        for f in fs {
            let need = if f.required { " (required)" } else { "" };
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR{need}\n{}\n",
                roff(f.key),
                roff(f.doc)
            ));
        }
    }
    out.push_str(".SH WARNINGS\n");
    out.push_str(&roff(
        "Warnings do not stop a file from playing. Each has a name, printed as warning[NAME]; `allow = [\"NAME\"]` on a step, or at the top of the file for every step, marks it as intended (a format 2 key: the file then says `format = 2`).",
    ));
    out.push('\n');
    for w in Warning::ALL {
        let what = match w {
            Warning::ExhaleRatio => "the exhale is not longer than the inhale plus the top-up",
            Warning::Holds => "a breath hold over 4 s: holds can be activating",
            Warning::LongHolds => "a breath hold over 15 s; this one cannot be allowed",
            Warning::FastBreathing => {
                "a breath cycle shorter than 6 s (more than ten a minute), which invites over-breathing"
            }
            Warning::LongLook => "a look or max_look over 8 s",
            Warning::Wording => {
                "wording that commands, shames, praises or promises (\"you must\", \"relax\", \"good job\", \"take a deep breath\", an unconditional \"close your eyes\"); negations and invitations are fine"
            }
            Warning::Format => "a format 2 key in a file that does not say format = 2",
            Warning::FastThenHold => {
                "a breath hold (timed, or asked for in a prompt's words) straight after fast breathing, which can make a person faint; this one cannot be allowed"
            }
            Warning::Recording => {
                "a step's recorded voice (voice) can't be played (missing, too large, not a sound steady can play): the step plays without it; this one cannot be allowed"
            }
            Warning::RecordingLength => {
                "a step's recorded voice (voice) lasts longer than the step: the next step cuts it off, and a timed prompt waits for it"
            }
            Warning::ReadingTime => {
                "a timed prompt whose words take longer to say than its seconds, at 160 words a minute: it would move on before it could be read or heard; or a cue's own words (inhale_text, look_text...) that take longer to say than the shortest such cue"
            }
        };
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", w.name(), roff(what)));
    }
    out
}

pub fn schema(io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let s = serde_json::to_string_pretty(&crate::exercise::schema::exercise_schema())
        .map_err(io::Error::other)?;
    writeln!(io.out, "{s}")?;
    Ok(ExitCode::SUCCESS)
}
