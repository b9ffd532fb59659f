//! Validating an exercise's text: TOML syntax, then every key checked against
//! [`fields`](super::fields) so that all problems in a file are reported at once, each
//! with the byte span of the exact key or value. Pure: no file is read here. The sound
//! files a step names are only recorded ([`Checked::sound_files`]); reading the file and
//! its sound files is [`library`](super::library)'s job.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

mod steps;
mod values;

use super::fields::{self, Field, Ty};
use super::*;
use crate::text;

/// The outcome of checking one file: the exercise when there are no errors, and every
/// diagnostic (errors and warnings) in source order.
#[derive(Debug)]
pub struct Checked {
    pub exercise: Option<Exercise>,
    pub diagnostics: Vec<Diagnostic>,
    /// The sound files the steps name, to be looked at in the exercise's folder.
    pub sound_files: Vec<SoundFile>,
}

/// A step's `sound` that names a file: where the value is, and the path (relative to
/// the exercise file's folder, already held to SPEC §4's path rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoundFile {
    pub span: Range<usize>,
    pub path: PathBuf,
    /// A step's recorded voice rather than its sound.
    pub recording: Option<Recording>,
}

/// What is known of a step's recorded voice once the file has been read: how long its
/// step lasts as written, if it has a length, and whether the file or the step allows
/// `recording-length`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recording {
    pub step_length: Option<std::time::Duration>,
    pub allowed: bool,
    /// The step is a timed prompt, whose clock waits for its recording.
    pub waits_for_it: bool,
}

impl Checked {
    /// Adds diagnostics found later (about sound files), keeping source order; any error
    /// among them means there is no exercise.
    pub fn add(&mut self, more: Vec<Diagnostic>) {
        if more.is_empty() {
            return;
        }
        self.diagnostics.extend(more);
        sort(&mut self.diagnostics);
        if self.errors() > 0 {
            self.exercise = None;
        }
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        let warning = |d: &&Diagnostic| d.severity == Severity::Warning;
        self.diagnostics.iter().filter(warning).count()
    }
}

/// Past this many syntax errors in one file, the rest are cascades of the first ones.
pub const MAX_SYNTAX_ERRORS: usize = 10;

/// Parses and validates exercise text. Never panics, whatever `src` holds, and touches
/// no file: sound files are recorded in [`Checked::sound_files`], not looked at.
pub fn parse(src: &str) -> Checked {
    let (doc, syntax) = DeTable::parse_recoverable(src);
    if !syntax.is_empty() {
        // Past a syntax error the recovered document is a guess; report only what is sure.
        let mut diagnostics: Vec<Diagnostic> = syntax
            .into_iter()
            .map(|e| {
                let key = e.span().and_then(|r| src.get(r)).unwrap_or_default();
                Diagnostic::error(syntax_message(e.message(), key), e.span())
            })
            .collect();
        sort(&mut diagnostics);
        // One unclosed bracket can cascade into many copies of the same complaint, and
        // past the first few the rest are the parser's guesses: show the first ones only.
        diagnostics.dedup_by(|a, b| a.message == b.message);
        diagnostics.truncate(MAX_SYNTAX_ERRORS);
        return Checked {
            exercise: None,
            diagnostics,
            sound_files: Vec::new(),
        };
    }
    let mut c = Checker {
        src,
        format: 1,
        ..Checker::default()
    };
    let exercise = c.exercise(doc.get_ref(), doc.span());
    c.format_warnings();
    c.apply_allow();
    let mut diagnostics = c.diags;
    sort(&mut diagnostics);
    let exercise = exercise.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Checked {
        exercise,
        diagnostics,
        sound_files: c.sound_files,
    }
}

fn sort(d: &mut [Diagnostic]) {
    d.sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.start), d.severity));
}

fn syntax_message(m: &str, key: &str) -> String {
    let m = m.trim();
    let m = if m.starts_with("duplicate key") && !key.is_empty() && key.len() < 100 {
        format!("`{key}` appears twice; each key may appear only once in a table")
    } else if m.starts_with("duplicate key") {
        format!("{m}: each key may appear only once in a table")
    } else {
        format!("this is not valid TOML: {m}")
    };
    text::escape(&m).into_owned()
}

type Value<'i> = Spanned<DeValue<'i>>;

#[derive(Default)]
struct Checker<'s> {
    src: &'s str,
    diags: Vec<Diagnostic>,
    /// Every file sound met, for the library to look at.
    sound_files: Vec<SoundFile>,
    /// Warnings marked as intended at the top of the file.
    file_allow: Vec<Warning>,
    /// Warnings marked as intended on a step: the step's span, and the names.
    step_allow: Vec<(Range<usize>, Vec<Warning>)>,
    /// Where a format 2 key was used, for the `format` warning.
    format2: Vec<Range<usize>>,
    /// The format the file says it is written for.
    format: i64,
    /// Inside a repeat, where `{round}` and `{rounds}` mean something.
    in_repeat: bool,
    /// Each name in an `allow`: the warning, where the name is written, and the step it
    /// covers (`None`: the whole file), to say when it silences nothing.
    allow_names: Vec<(Warning, Range<usize>, Option<Range<usize>>)>,
    /// The step being read speaks of tensing muscles: "let go" is an action there.
    tensing: bool,
    /// The keys the step being read misspelt, as its unknown-key errors suggest them:
    /// a misspelt `seconds` is that error alone, not also "no `seconds`".
    suggested: Vec<&'static str>,
}

/// What an exercise's steps add up to, for the limits.
#[derive(Default)]
struct Tally {
    total: Duration,
    cues: usize,
    over: bool,
}

impl Checker<'_> {
    fn error(&mut self, msg: impl Into<String>, span: Range<usize>) -> &mut Diagnostic {
        self.add(Diagnostic::error(msg, Some(span)))
    }

    fn warning(&mut self, msg: impl Into<String>, span: Range<usize>) -> &mut Diagnostic {
        self.add(Diagnostic::warning(msg, Some(span)))
    }

    /// A named warning (`warning[NAME]`), which `allow` can mark as intended.
    fn warn(&mut self, w: Warning, msg: impl Into<String>, span: Range<usize>) -> &mut Diagnostic {
        let d = self.warning(msg, span);
        d.warning = Some(w);
        d
    }

    /// Drops the warnings marked as intended, and says how to mark the rest.
    fn apply_allow(&mut self) {
        let (file, steps) = (&self.file_allow, &self.step_allow);
        let allowed = |d: &Diagnostic| {
            let Some(w) = d.warning else {
                return false;
            };
            let at = d.span.as_ref().map_or(0, |s| s.start);
            w.can_be_allowed()
                && (file.contains(&w)
                    || steps
                        .iter()
                        .any(|(span, ws)| span.contains(&at) && ws.contains(&w)))
        };
        for f in &mut self.sound_files {
            let at = f.span.start;
            if let Some(r) = &mut f.recording {
                r.allowed = file.contains(&Warning::RecordingLength)
                    || steps.iter().any(|(span, ws)| {
                        span.contains(&at) && ws.contains(&Warning::RecordingLength)
                    });
            }
        }
        let idle: Vec<(Warning, Range<usize>)> = self
            .allow_names
            .iter()
            // Whether a recording is too long is known once its file is read.
            .filter(|(w, _, _)| *w != Warning::RecordingLength)
            .filter(|(w, _, scope)| {
                !self.diags.iter().any(|d| {
                    let at = d.span.as_ref().map_or(0, |s| s.start);
                    d.warning == Some(*w) && scope.as_ref().is_none_or(|s| s.contains(&at))
                })
            })
            .map(|(w, at, _)| (*w, at.clone()))
            .collect();
        self.diags
            .retain(|d| d.severity == Severity::Error || !allowed(d));
        for (w, at) in idle {
            let name = w.name();
            self.diags.push(
                Diagnostic::note(format!("`{name}` is allowed here, but nothing here draws it"), Some(at))
                    .help(format!("`allow` silences only a warning that is there; remove `\"{name}\"`, or keep it if the file is about to change")),
            );
        }
        for d in &mut self.diags {
            let Some(w) = d.warning else {
                continue;
            };
            // `format` is mended by `format = 2`, which its help says; allowing it
            // (itself a format 2 key) would go round in a circle.
            if !w.can_be_allowed() || w == Warning::Format {
                continue;
            }
            let how = format!(
                "if this is intended, `allow = [\"{}\"]` on the step, or at the top of the file for every step, says so",
                w.name()
            );
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}\n{how}"),
                None => how,
            });
        }
    }

    /// A format 2 key in a file that says format 1 (or nothing): an older steady would
    /// list unknown keys instead of saying the file is newer.
    fn format_warnings(&mut self) {
        if self.format >= 2 {
            return;
        }
        // Once, at the first: one line at the top mends them all.
        let spans = std::mem::take(&mut self.format2);
        let Some(first) = spans.iter().min_by_key(|s| s.start).cloned() else {
            return;
        };
        let more = spans.len() - 1;
        let d = self.warn(
            Warning::Format,
            "this is a format 2 key, and the file doesn't say `format = 2`",
            first,
        );
        d.set_help("add `format = 2` at the top (or change `format = 1` to it), so an older steady says the file is newer instead of listing unknown keys");
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            d.label = Some(format!("and {more} more format 2 key{s} below"));
        }
    }

    /// `allow = ["NAME", ...]`: warnings marked as intended. Unknown names are errors.
    fn allow(&mut self, table: &DeTable<'_>) -> Vec<Warning> {
        let Some(v) = table.get("allow") else {
            return Vec::new();
        };
        if let Some(key) = table.keys().find(|k| k.get_ref() == "allow") {
            self.format2.push(key.span());
        }
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error("allow", "a list of warning names, like `[\"holds\"]`", v);
            return Vec::new();
        };
        let mut names = Vec::new();
        for item in items {
            let Some(name) = item.get_ref().as_str() else {
                self.type_error("each name in `allow`", "text in quotes", item);
                continue;
            };
            match Warning::named(name) {
                Some(w) if !w.can_be_allowed() => {
                    let why = match w {
                        Warning::FastThenHold => {
                            "holding the breath after fast breathing can make a person faint; steady always says so"
                        }
                        _ => {
                            "a breath hold over 15 s is not gentle practice; steady always says so"
                        }
                    };
                    self.warning(format!("`{}` can't be allowed", w.name()), item.span())
                        .set_help(why);
                }
                Some(w) => {
                    names.push(w);
                    self.allow_names.push((w, item.span(), None));
                }
                None => {
                    let shown = text::escape(name);
                    let all = Warning::NAMES;
                    let d =
                        self.error(format!("there is no warning called `{shown}`"), item.span());
                    match fields::did_you_mean(name, all.iter().copied()) {
                        Some(m) => d.label = Some(format!("did you mean `{m}`?")),
                        None => d.help = Some(format!("the warnings are {}", quoted_list(all))),
                    }
                }
            }
        }
        names
    }

    /// `for`: the states an exercise suits, each named once.
    fn suits(&mut self, doc: &DeTable<'_>) -> Vec<State> {
        let Some(v) = doc.get("for") else {
            return Vec::new();
        };
        let names = State::ALL.map(State::name);
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error("for", "a list such as `[\"revved-up\"]`", v);
            return Vec::new();
        };
        let mut suits = Vec::new();
        for item in items {
            let Some(name) = item.get_ref().as_str() else {
                self.type_error("each state in `for`", "text in quotes", item);
                continue;
            };
            match State::named(name) {
                Some(s) if suits.contains(&s) => {
                    self.error(format!("`{name}` is named twice"), item.span());
                }
                Some(s) => suits.push(s),
                None => {
                    let shown = text::escape(name);
                    let d = self.error(format!("`for` can't be `{shown}`"), item.span());
                    match fields::did_you_mean(name, names.iter().copied()) {
                        Some(m) => d.label = Some(format!("did you mean `{m}`?")),
                        None => d.help = Some(format!("`for` takes {}", quoted_list(&names))),
                    }
                }
            }
        }
        suits
    }

    /// Notes where `keys` (format 2 keys) are used in `table`, for the `format` warning.
    fn format2_keys(&mut self, table: &DeTable<'_>, keys: &[&str]) {
        for key in table.keys() {
            if keys.contains(&key.get_ref().as_ref()) {
                self.format2.push(key.span());
            }
        }
    }

    /// A ramp's two ends can earn the same warning at the same place: say it once.
    fn dedup_warnings(&mut self) {
        let mut seen: Vec<(Option<Warning>, Option<Range<usize>>)> = Vec::new();
        self.diags.retain(|d| {
            if d.warning.is_none() {
                return true;
            }
            let key = (d.warning, d.span.clone());
            let fresh = !seen.contains(&key);
            seen.push(key);
            fresh
        });
    }

    fn add(&mut self, d: Diagnostic) -> &mut Diagnostic {
        let at = self.diags.len();
        self.diags.push(d);
        &mut self.diags[at]
    }

    fn exercise(&mut self, doc: &DeTable<'_>, span: Range<usize>) -> Option<Exercise> {
        if let Some(v) = doc.get("format") {
            match integer(v.get_ref()) {
                Some(n) if n > FORMAT => {
                    // Unknown keys from a newer format would only confuse; say this alone.
                    self.error(
                        format!("this file was made for a newer steady (format {n}); this one reads format {FORMAT}"),
                        v.span(),
                    )
                    .set_help("update steady to play it");
                    return None;
                }
                Some(n @ 1..=FORMAT) => self.format = n,
                // `format = "2"`: the right number, written as text.
                None if v
                    .get_ref()
                    .as_str()
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .is_some_and(|n| (1..=FORMAT).contains(&n)) =>
                {
                    let n = v.get_ref().as_str().unwrap_or_default().trim();
                    self.error("`format` is a number, written without quotes", v.span())
                        .set_help(format!("write it as a number: `format = {n}`"));
                }
                _ => {
                    self.error("`format` must be 1 or 2", v.span()).set_help(
                        "leave `format` out for a format 1 file, or write `format = 2` to use format 2 keys such as `allow`",
                    );
                }
            }
        }
        let suggested = self.unknown_keys(doc, &[fields::EXERCISE], None);
        let title = self.line(doc, "title", &fields::EXERCISE[0]);
        if doc.get("title").is_none() && !suggested.contains(&"title") {
            self.error("an exercise needs a `title`", 0..0)
                .set_help("add a line such as `title = \"Longer exhale\"` at the top");
        }
        let about = self.text(doc, "about", Ty::Text);
        let note = self.text(doc, "note", Ty::Text);
        let anchor = self.text(doc, "anchor", Ty::Text);
        let tags = self.tags(doc);
        self.file_allow = self.allow(doc);
        let steps = if doc.get("step").is_none() && suggested.contains(&"step") {
            None
        } else {
            self.steps(doc, span)
        };
        let source = self.text(doc, "source", Ty::Text);
        let suits = self.suits(doc);
        self.format2_keys(doc, &["source", "for"]);
        let (steps, blocks) = steps?;
        Some(Exercise {
            title: title?,
            about,
            tags,
            note,
            anchor,
            source,
            suits,
            steps,
            blocks,
        })
    }
}

/// The error for a step's sound `s` that can't be used: `why` follows "the sound path
/// `s` ".
pub fn sound_error(s: &str, why: &str, span: Range<usize>) -> Diagnostic {
    Diagnostic::error(
        format!("the sound path `{}` {why}", text::escape(s)),
        Some(span),
    )
    .help("a sound file must sit in this exercise's folder or below it, named by a relative path")
}

/// Applies SPEC §4's path rule to a step's sound: relative, no `..`, inside the folder.
pub fn sound_path(s: &str) -> Result<PathBuf, &'static str> {
    if s.contains('\\') {
        return Err("uses `\\`; write paths with `/`");
    }
    let p = Path::new(s);
    let mut normal = false;
    for c in p.components() {
        match c {
            Component::Normal(_) => normal = true,
            Component::CurDir => {}
            Component::ParentDir => return Err("uses `..`, which would leave this file's folder"),
            Component::RootDir | Component::Prefix(_) => {
                return Err("is absolute; use a path relative to this file");
            }
        }
    }
    if !normal {
        return Err("names no file");
    }
    Ok(p.to_path_buf())
}

fn find_field(key: &str) -> Option<&'static Field> {
    [
        fields::BREATHE,
        fields::EYE_CONTACT,
        fields::PROMPT,
        fields::TAP,
    ]
    .iter()
    .find_map(|fs| fields::find(fs, key))
}

/// What `key` of table `fs` is, for a help line.
fn find_field_in(fs: &[Field], key: &str) -> &'static str {
    fs.iter().find(|f| f.key == key).map_or("", |f| f.doc)
}

fn integer(v: &DeValue<'_>) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

fn describe(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn quoted_list(options: &[&str]) -> String {
    let q: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

fn secs(d: Duration) -> String {
    crate::durations::length(d)
}
