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
        self.diagnostics.len() - self.errors()
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
        self.diags
            .retain(|d| d.severity == Severity::Error || !allowed(d));
        for d in &mut self.diags {
            let Some(w) = d.warning else {
                continue;
            };
            if !w.can_be_allowed() {
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
        for span in std::mem::take(&mut self.format2) {
            self.warn(Warning::Format, "this is a format 2 key, and the file doesn't say `format = 2`", span)
                .set_help("add `format = 2` at the top, so an older steady says the file is newer instead of listing unknown keys");
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
                    self.warning(format!("`{}` can't be allowed", w.name()), item.span())
                        .set_help(
                            "a breath hold over 15 s is not gentle practice; steady always says so",
                        );
                }
                Some(w) => names.push(w),
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

    /// Reports keys not in `known`. `kind` names the step kind, for the message.
    /// Returns the keys suggested by "did you mean", whose absence is then not news.
    fn unknown_keys(
        &mut self,
        table: &DeTable<'_>,
        known: &[&'static [Field]],
        kind: Option<&str>,
    ) -> Vec<&'static str> {
        let mut suggested = Vec::new();
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if known.iter().any(|fs| fields::find(fs, name).is_some()) {
                continue;
            }
            let shown = text::escape(name);
            let candidates = known.iter().flat_map(|fs| fs.iter().map(|f| f.key));
            let other_kind = kind.and_then(|k| {
                fields::KIND_NAMES.iter().find(|&&o| {
                    o != k
                        && fields::kind_fields(o).is_some_and(|fs| fields::find(fs, name).is_some())
                })
            });
            let where_ = match kind {
                Some(k) => format!(" in a `{k}` step"),
                None if table.contains_key("step") || known[0].iter().any(|f| f.key == "title") => {
                    " at the top of an exercise".into()
                }
                None => String::new(),
            };
            let d = self.error(format!("unknown key `{shown}`{where_}"), key.span());
            let top_level = kind.is_some() && fields::find(fields::EXERCISE, name).is_some();
            if let Some(other) = other_kind {
                d.label = Some(format!("`{shown}` belongs to `{other}` steps"));
            } else if top_level {
                // Added at the end of a file, a top-level key lands in the last step.
                d.label = Some(format!("`{shown}` belongs at the top of the file"));
                d.help = Some(format!(
                    "move `{shown}` above the first `[[step]]`: every line after a `[[step]]` belongs to that step"
                ));
            } else if let Some(m) = fields::did_you_mean(name, candidates) {
                d.label = Some(format!("did you mean `{m}`?"));
                suggested.push(m);
            } else {
                let keys: Vec<String> = known
                    .iter()
                    .flat_map(|fs| fs.iter().map(|f| format!("`{}`", f.key)))
                    .collect();
                d.help = Some(format!("the keys here are {}", keys.join(", ")));
            }
        }
        suggested
    }

    fn type_error(&mut self, key: &str, expected: &str, v: &Value<'_>) {
        self.error(
            format!("`{key}` must be {expected}, not {}", describe(v.get_ref())),
            v.span(),
        );
    }

    /// A plain-text string, one line unless `ty` is [`Ty::Text`].
    fn text(&mut self, table: &DeTable<'_>, key: &str, ty: Ty) -> Option<String> {
        let v = table.get(key)?;
        let Some(s) = v.get_ref().as_str() else {
            self.type_error(key, "text in quotes", v);
            return None;
        };
        self.check_text(key, s, ty == Ty::Text, v.span())
            .then(|| s.to_owned())
    }

    fn line(&mut self, table: &DeTable<'_>, key: &str, field: &Field) -> Option<String> {
        let s = self.text(table, key, field.ty)?;
        if s.trim().is_empty() {
            self.error(format!("`{key}` is empty"), table.get(key)?.span());
            return None;
        }
        Some(s)
    }

    /// Plain text within the length limit; also the wording warnings. Returns whether
    /// the text may be used.
    fn check_text(&mut self, key: &str, s: &str, multiline: bool, span: Range<usize>) -> bool {
        let mut ok = true;
        if let Some((_, c, why)) = text::first_forbidden(s, multiline) {
            let code = format!("\\u{{{:x}}}", c as u32);
            let d = match (why, c) {
                (_, '\n') => {
                    let d = self.error(format!("`{key}` must be one line"), span.clone());
                    d.help = Some("newlines are allowed in `text`, `about`, `note`, `anchor` and `setup`".into());
                    d
                }
                (text::Forbidden::Control, _) => {
                    self.error(format!("`{key}` contains the control character {code}"), span.clone())
                }
                (text::Forbidden::Invisible, '\u{2028}' | '\u{2029}') => self.error(
                    format!("`{key}` contains {code}, a line break a terminal does not show"),
                    span.clone(),
                ).set_help("write a newline instead"),
                (text::Forbidden::Invisible, _) => self.error(
                    format!("`{key}` contains the invisible character {code}, which can make different text look the same"),
                    span.clone(),
                ),
                (text::Forbidden::Bidi, _) => self.error(
                    format!("`{key}` contains the bidirectional override {code}, which can disguise text"),
                    span.clone(),
                ),
            };
            if d.help.is_none() {
                d.help = Some("exercise text is plain text: remove it".into());
            }
            ok = false;
        }
        if !self.in_repeat && (s.contains("{round}") || s.contains("{rounds}")) {
            self.error(
                format!("`{key}` uses `{{round}}` outside a repeat, where it means nothing"),
                span.clone(),
            )
            .set_help("`{round}` and `{rounds}` are for the text of steps inside a `kind = \"repeat\"` step");
            ok = false;
        }
        let n = text::char_count(s);
        if n > MAX_TEXT_CHARS {
            self.error(
                format!("`{key}` is {n} characters long; the limit is {MAX_TEXT_CHARS}"),
                span.clone(),
            );
            ok = false;
        }
        if ok {
            for f in wording::find(s) {
                let at = self.phrase_span(&span, s, f.at, f.len);
                self.warn(Warning::Wording, format!("\"{}\" {}", f.phrase, f.why), at)
                    .set_help(
                        "invitational wording (\"you might notice\", \"if it feels okay\") leaves the person in charge",
                    );
            }
        }
        ok
    }

    /// The span of `len` bytes at `at` in the string `value` written at `span`, when the
    /// file spells the string as it is (no escapes); else the whole string.
    fn phrase_span(&self, span: &Range<usize>, value: &str, at: usize, len: usize) -> Range<usize> {
        let raw = self.src.get(span.clone()).unwrap_or_default();
        let quote = ["\"\"\"", "\'\'\'", "\"", "\'"]
            .into_iter()
            .find(|q| raw.starts_with(q) && raw.ends_with(q) && raw.len() >= 2 * q.len());
        match quote {
            Some(q) if &raw[q.len()..raw.len() - q.len()] == value && len > 0 => {
                let start = span.start + q.len() + at;
                start..start + len
            }
            _ => span.clone(),
        }
    }

    fn tags(&mut self, doc: &DeTable<'_>) -> Vec<String> {
        let Some(v) = doc.get("tags") else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error(
                "tags",
                "a list of words, like `[\"short\", \"breathing\"]`",
                v,
            );
            return Vec::new();
        };
        let mut tags = Vec::new();
        for item in items {
            match item.get_ref().as_str() {
                Some(s) if s.trim().is_empty() => {
                    self.error("a tag can't be empty", item.span());
                }
                Some(s) => {
                    if self.check_text("tags", s, false, item.span()) {
                        tags.push(s.to_owned());
                    }
                }
                None => self.type_error("each tag", "text in quotes", item),
            }
        }
        tags
    }

    /// Seconds as a [`Duration`]: finite, not negative, above zero unless `zero_ok`, and
    /// no longer than the whole-exercise limit (so converting can never overflow).
    fn seconds(&mut self, table: &DeTable<'_>, key: &str) -> Option<Duration> {
        let v = table.get(key)?;
        let zero_ok = match find_field(key).map(|f| f.ty) {
            Some(Ty::Seconds { zero_ok } | Ty::Ramp { zero_ok }) => zero_ok,
            _ => return None,
        };
        self.seconds_value(key, v, zero_ok)
    }

    /// A breathing phase: seconds, or (format 2) a ramp `[from, to]` that moves evenly
    /// from the first cycle to the last.
    fn ramp(&mut self, table: &DeTable<'_>, key: &str) -> Option<Option<Ramp>> {
        let Some(v) = table.get(key) else {
            return Some(None);
        };
        let DeValue::Array(ends) = v.get_ref() else {
            return self.seconds(table, key).map(|d| Some(Ramp::fixed(d)));
        };
        self.format2.push(v.span());
        let zero_ok = matches!(
            find_field(key).map(|f| f.ty),
            Some(Ty::Ramp { zero_ok: true })
        );
        if ends.len() != 2 {
            self.error(
                format!(
                    "`{key}` as a ramp is two lengths, `[from, to]`; this has {}",
                    ends.len()
                ),
                v.span(),
            )
            .set_help(format!(
                "write `{key} = [4, 8]` to move from 4 s on the first breath to 8 s on the last"
            ));
            return None;
        }
        let from = self.seconds_value(key, &ends[0], zero_ok);
        let to = self.seconds_value(key, &ends[1], zero_ok);
        Some(Some(Ramp {
            from: from?,
            to: to?,
        }))
    }

    fn seconds_value(&mut self, key: &str, v: &Value<'_>, zero_ok: bool) -> Option<Duration> {
        let secs = self.number(key, v, "a number of seconds, like `4` or `4.5`")?;
        let span = v.span();
        if secs < 0.0 {
            self.error(format!("`{key}` can't be negative"), span);
        } else if secs == 0.0 && !zero_ok {
            self.error(format!("`{key}` must be more than 0 seconds"), span);
        } else if secs != 0.0 && secs < MIN_PHASE.as_secs_f64() {
            // Shorter lengths would round to nothing: a step of no cues, or a cycle
            // repeated billions of times at no cost to the limits.
            let zero = if zero_ok { "0 or " } else { "" };
            self.error(
                format!("`{key}` is shorter than 0.01 seconds, the shortest a phase can be"),
                span,
            )
            .set_help(format!("write {zero}a length of at least `0.01`"));
        } else if secs >= MAX_TOTAL.as_secs_f64() {
            self.error(
                format!("`{key}` is 4 hours or more; a whole exercise must be shorter than that"),
                span,
            );
        } else {
            return Some(Duration::from_secs_f64(secs));
        }
        None
    }

    /// A finite number from an integer or a float.
    fn number(&mut self, key: &str, v: &Value<'_>, expected: &str) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            _ => {
                self.type_error(key, expected, v);
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.error(format!("`{key}` must be a finite number"), v.span())
                    .set_help(format!("give {expected}"));
                None
            }
        }
    }

    /// A whole number ≥ 1 (`cycles`, `rounds`).
    fn count(&mut self, table: &DeTable<'_>, key: &str) -> Option<u32> {
        let v = table.get(key)?;
        let n = match v.get_ref() {
            DeValue::Integer(_) => integer(v.get_ref()),
            DeValue::Float(_) => {
                self.error(
                    format!("`{key}` must be a whole number, like `8`"),
                    v.span(),
                );
                return None;
            }
            _ => {
                self.type_error(key, "a whole number, like `8`", v);
                return None;
            }
        };
        match n {
            Some(n) if n >= 1 => match u32::try_from(n) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.error(format!("`{key}` is far too large"), v.span());
                    None
                }
            },
            Some(_) => {
                self.error(format!("`{key}` must be at least 1"), v.span());
                None
            }
            None => {
                self.error(format!("`{key}` is far too large"), v.span());
                None
            }
        }
    }

    fn choice(&mut self, table: &DeTable<'_>, key: &str, options: &[&str]) -> Option<String> {
        let v = table.get(key)?;
        let Some(s) = v.get_ref().as_str() else {
            let list = quoted_list(options);
            self.type_error(key, &format!("one of {list}"), v);
            return None;
        };
        if options.contains(&s) {
            return Some(s.to_owned());
        }
        let shown = text::escape(s);
        let d = self.error(format!("`{key}` can't be `{shown}`"), v.span());
        match fields::did_you_mean(s, options.iter().copied()) {
            Some(m) => d.label = Some(format!("did you mean `{m}`?")),
            None => d.help = Some(format!("`{key}` may be {}", quoted_list(options))),
        }
        None
    }

    fn steps(
        &mut self,
        doc: &DeTable<'_>,
        doc_span: Range<usize>,
    ) -> Option<(Vec<Step>, Vec<Block>)> {
        let Some(v) = doc.get("step") else {
            self.error("an exercise needs at least one `[[step]]`", doc_span.end..doc_span.end)
                .set_help("add a step, for example:\n\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 8");
            return None;
        };
        let items = match v.get_ref() {
            DeValue::Array(items) => items,
            DeValue::Table(_) => {
                self.error(
                    "`step` must be written `[[step]]`, with two brackets",
                    v.span(),
                )
                .set_help(
                    "each step is one `[[step]]` table; the double brackets make a list of them",
                );
                return None;
            }
            _ => {
                self.type_error("step", "a list of `[[step]]` tables", v);
                return None;
            }
        };
        if items.is_empty() {
            self.error("an exercise needs at least one step", v.span());
            return None;
        }
        if items.len() > MAX_STEPS {
            self.error(
                format!(
                    "this exercise has {} steps; the limit is {MAX_STEPS}",
                    items.len()
                ),
                items[MAX_STEPS].span(),
            );
            return None;
        }
        let mut steps = Vec::with_capacity(items.len());
        let mut blocks = Vec::with_capacity(items.len());
        let mut tally = Tally::default();
        let mut ok = true;
        for item in items {
            let DeValue::Table(table) = item.get_ref() else {
                self.type_error("each step", "a `[[step]]` table", item);
                ok = false;
                continue;
            };
            if table.get("kind").and_then(|k| k.get_ref().as_str()) == Some("repeat") {
                let Some((times, inner)) = self.repeat(table, item.span()) else {
                    ok = false;
                    continue;
                };
                blocks.push(Block::Repeat {
                    times,
                    steps: inner.iter().map(|(s, _)| s.clone()).collect(),
                });
                // Expanded here, once: every reader sees the rounds as plain steps,
                // and the limits hold for what will really play.
                for round in 1..=times {
                    for (step, max_look_given) in &inner {
                        let filled = fill_round(step, round, times);
                        if steps.len() >= MAX_STEPS {
                            self.error(
                                format!("with its repeats this exercise has more than {MAX_STEPS} steps, the limit"),
                                item.span(),
                            )
                            .set_help("use fewer rounds or fewer steps in a round");
                            return None;
                        }
                        self.tally(&mut tally, &filled, *max_look_given, item.span());
                        steps.push(filled);
                    }
                }
                continue;
            }
            match self.step(table, item.span()) {
                Some(step) => {
                    let max_look_given = table.contains_key("max_look");
                    self.tally(&mut tally, &step, max_look_given, item.span());
                    blocks.push(Block::Step(Box::new(step.clone())));
                    steps.push(step);
                }
                None => ok = false,
            }
        }
        (ok && !tally.over).then_some((steps, blocks))
    }

    /// A `kind = "repeat"` step: its `times` and the steps of one round (each with
    /// whether it gives `max_look`). A repeat inside a repeat is an error at the inner
    /// `kind` line; `{round}` and `{rounds}` are allowed in the texts inside.
    fn repeat(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
    ) -> Option<(u32, Vec<(Step, bool)>)> {
        if let Some(k) = table.keys().find(|k| k.get_ref() == "kind") {
            self.format2.push(k.span());
        }
        let suggested = self.unknown_keys(table, &[fields::STEP, fields::REPEAT], Some("repeat"));
        let required_ok = self.required(table, fields::REPEAT, "repeat", span.clone(), &suggested);
        let times = self.count(table, "times");
        if let (Some(n), Some(v)) = (times, table.get("times"))
            && n > MAX_TIMES
        {
            self.error(
                format!("`times` is {n}; a repeat has at most {MAX_TIMES} rounds"),
                v.span(),
            );
            return None;
        }
        let _title = self.text(table, "title", Ty::Line);
        let allow = self.allow(table);
        self.step_allow.push((span.clone(), allow));
        let items = match table.get("step").map(|v| (v, v.get_ref())) {
            Some((_, DeValue::Array(items))) if !items.is_empty() => items,
            Some((v, DeValue::Array(_))) => {
                self.error("a repeat needs at least one step", v.span());
                return None;
            }
            Some((v, _)) => {
                self.type_error("step", "a list of `[[step.step]]` tables", v);
                return None;
            }
            None => return None,
        };
        let was = std::mem::replace(&mut self.in_repeat, true);
        let mut inner = Vec::new();
        let mut ok = required_ok;
        for item in items {
            let DeValue::Table(t) = item.get_ref() else {
                self.type_error("each step", "a `[[step.step]]` table", item);
                ok = false;
                continue;
            };
            if let Some(k) = t
                .get("kind")
                .filter(|k| k.get_ref().as_str() == Some("repeat"))
            {
                self.error("a repeat can't hold another repeat", k.span())
                    .set_help("write the inner steps out in this repeat's round, or use two repeats one after the other");
                ok = false;
                continue;
            }
            match self.step(t, item.span()) {
                Some(step) => inner.push((step, t.contains_key("max_look"))),
                None => ok = false,
            }
        }
        self.in_repeat = was;
        Some((times?, inner)).filter(|_| ok)
    }

    /// Adds a step to the running totals and reports the step that crosses a limit.
    fn tally(&mut self, t: &mut Tally, step: &Step, max_look_given: bool, span: Range<usize>) {
        if t.over {
            return;
        }
        // A look that grows, or whose `max_look` is given, counts at its longest; a
        // default ceiling is held by the preview's ↑ instead.
        let grows = matches!(&step.kind, StepKind::EyeContact(e) if !e.grow.is_zero());
        let (length, cues) = step.cost(grows || max_look_given);
        t.total = length.map_or(Duration::MAX, |l| t.total.saturating_add(l));
        t.cues = t.cues.saturating_add(cues);
        if t.total >= MAX_TOTAL {
            t.over = true;
            let so_far = if t.total == Duration::MAX {
                "far longer".to_owned()
            } else {
                crate::durations::length(t.total)
            };
            self.error("with this step the exercise reaches 4 hours, the limit", span)
                .set_help(format!(
                    "up to here it lasts {so_far}; a whole exercise must be shorter than 4 hours, so try fewer cycles or rounds"
                ));
        } else if t.cues > MAX_CUES {
            t.over = true;
            self.error(
                format!(
                    "with this step the exercise has more than {MAX_CUES} timed phases, the limit"
                ),
                span,
            )
            .set_help("use fewer, longer phases");
        }
    }

    fn step(&mut self, table: &DeTable<'_>, span: Range<usize>) -> Option<Step> {
        let allow = self.allow(table);
        // An array table's own span may cover only its `[[step]]` header: the step
        // reaches to the end of its last value.
        let end = table
            .values()
            .map(|v| v.span().end)
            .chain([span.end])
            .max()
            .unwrap_or(span.end);
        self.step_allow.push((span.start..end, allow));
        if table.get("kind").is_none() {
            self.error("this step has no `kind`", span).set_help(
                "add `kind = \"breathe\"`, `kind = \"eye-contact\"` or `kind = \"prompt\"`",
            );
            return None;
        }
        let kind = self.choice(table, "kind", fields::KIND_NAMES)?;
        let kind_fields = fields::kind_fields(&kind)?;
        let suggested = self.unknown_keys(table, &[fields::STEP, kind_fields], Some(&kind));
        let sound = self.sound(table);
        let required_ok = self.required(table, kind_fields, &kind, span.clone(), &suggested);
        let step_kind = match super::Kind::named(&kind)? {
            Kind::Breathe => self.breathe(table, span).map(StepKind::Breathe),
            Kind::EyeContact => self.eye_contact(table).map(StepKind::EyeContact),
            Kind::Prompt => self.prompt(table, span).map(StepKind::Prompt),
            // Read by `repeat` before a step is; never reaches here.
            Kind::Repeat => return None,
        };
        Some(Step {
            kind: step_kind.filter(|_| required_ok)?,
            sound: sound?,
            round: None,
        })
    }

    fn required(
        &mut self,
        table: &DeTable<'_>,
        fs: &[Field],
        kind: &str,
        span: Range<usize>,
        suggested: &[&str],
    ) -> bool {
        let missing: Vec<&str> = fs
            .iter()
            .filter(|f| f.required && !table.contains_key(f.key))
            .map(|f| f.key)
            .collect();
        // A misspelling of a missing key was already reported, with "did you mean".
        for key in missing.iter().filter(|k| !suggested.contains(k)) {
            self.error(format!("this `{kind}` step has no `{key}`"), span.clone())
                .set_help(format!("add `{key} = ...`: {}", find_field_in(fs, key)));
        }
        missing.is_empty()
    }

    fn breathe(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Breathe> {
        let inhale = self.ramp(t, "inhale").flatten();
        let exhale = self.ramp(t, "exhale").flatten();
        let top_up = self.ramp(t, "top_up");
        let hold_in = self.ramp(t, "hold_in");
        let hold_out = self.ramp(t, "hold_out");
        let inhale_text = self.text(t, "inhale_text", Ty::Line);
        let exhale_text = self.text(t, "exhale_text", Ty::Line);
        let top_up_text = self.text(t, "top_up_text", Ty::Line);
        let hold_in_text = self.text(t, "hold_in_text", Ty::Line);
        let hold_out_text = self.text(t, "hold_out_text", Ty::Line);
        let title = self.text(t, "title", Ty::Line);
        self.format2_keys(
            t,
            &["top_up_text", "hold_in_text", "hold_out_text", "title"],
        );
        let cycles = self.count(t, "cycles");
        let minutes = t.get("minutes").and_then(|v| {
            let m = self.number("minutes", v, "a number of minutes, like `3`")?;
            if m <= 0.0 {
                self.error("`minutes` must be more than 0", v.span());
                None
            } else if m >= MAX_TOTAL.as_secs_f64() / 60.0 {
                self.error("`minutes` must be shorter than 4 hours", v.span());
                None
            } else {
                Some(m)
            }
        });
        // The care warnings first, from whatever could be read: an error elsewhere in
        // the step never hides them. A ramp is checked at both ends, so every cycle is.
        let optional = |r: Option<Option<Ramp>>| r.map(|r| r.unwrap_or(Ramp::ZERO));
        let phases = [
            inhale,
            optional(top_up),
            optional(hold_in),
            exhale,
            optional(hold_out),
        ];
        let ends: [fn(Ramp) -> Duration; 2] = [|r| r.from, |r| r.to];
        for end in ends {
            let lengths = phases.map(|p| p.map(end));
            self.breath_warnings(t, lengths, span.clone());
        }
        self.dedup_warnings();
        let (inhale, exhale) = (inhale?, exhale?);
        let mut b = Breathe {
            inhale,
            top_up: top_up?.unwrap_or(Ramp::ZERO),
            hold_in: hold_in?.unwrap_or(Ramp::ZERO),
            exhale,
            hold_out: hold_out?.unwrap_or(Ramp::ZERO),
            cycles: 1,
            inhale_text,
            exhale_text,
            top_up_text,
            hold_in_text,
            hold_out_text,
            title,
        };
        b.cycles = match (t.get("cycles"), t.get("minutes")) {
            (Some(_), Some(m)) => {
                self.error("give `cycles` or `minutes`, not both", m.span());
                return None;
            }
            (None, None) => {
                self.error("this `breathe` step has no `cycles` or `minutes`", span)
                    .set_help("add `cycles = 8` (breaths) or `minutes = 2`");
                return None;
            }
            (Some(_), None) => cycles?,
            (None, Some(_)) => {
                // The whole number of cycles whose total is nearest: a ramp's cycles
                // average its two ends.
                let mean: f64 = b
                    .phases()
                    .iter()
                    .map(|p| (p.from.as_secs_f64() + p.to.as_secs_f64()) / 2.0)
                    .sum();
                let n = (minutes? * 60.0 / mean).round();
                n.clamp(1.0, u32::MAX as f64) as u32
            }
        };
        if b.ramps() && b.cycles < 2 {
            let at = t
                .get("cycles")
                .or(t.get("minutes"))
                .map_or(span, |v| v.span());
            self.error("a ramp needs at least 2 breaths, one for each end", at)
                .set_help("give `cycles = 2` or more, or more `minutes`");
            return None;
        }
        Some(b)
    }

    /// `holds`, `long-holds`, `exhale-ratio` and `fast-breathing`, for one cycle's
    /// lengths (inhale, top-up, hold in, exhale, hold out; `None` where unreadable).
    fn breath_warnings(
        &mut self,
        t: &DeTable<'_>,
        [inhale, top_up, hold_in, exhale, hold_out]: [Option<Duration>; 5],
        step: Range<usize>,
    ) {
        let at = |key: &str| t.get(key).map_or(step.clone(), |v| v.span());
        for (key, hold) in [("hold_in", hold_in), ("hold_out", hold_out)] {
            let Some(h) = hold else { continue };
            if h > LONG_HOLD {
                self.warn(Warning::LongHolds, format!("a {} breath hold is long", secs(h)), at(key))
                    .set_help("holds over 15 s are not gentle practice: they can bring on air hunger or panic");
            } else if h > GENTLE_HOLD {
                self.warn(
                    Warning::Holds,
                    format!("a {} breath hold", secs(h)),
                    at(key),
                )
                .set_help(
                    "holds can be activating; say in `note` that breathing normally is always fine",
                );
            }
        }
        let (Some(inhale), Some(exhale)) = (inhale, exhale) else {
            return;
        };
        let top_up = top_up.unwrap_or_default();
        if exhale <= inhale + top_up {
            let inhale_words = if top_up.is_zero() {
                secs(inhale)
            } else {
                format!("{} and a {} top-up", secs(inhale), secs(top_up))
            };
            self.warn(
                Warning::ExhaleRatio,
                format!(
                    "the exhale ({}) is not longer than the inhale ({inhale_words})",
                    secs(exhale)
                ),
                at("exhale"),
            )
            .set_help("steady is built around a longer exhale, which many people find settling");
        }
        let cycle =
            inhale + top_up + hold_in.unwrap_or_default() + exhale + hold_out.unwrap_or_default();
        if cycle < FAST_CYCLE {
            let per_minute = (60.0 / cycle.as_secs_f64()).round();
            self.warn(
                Warning::FastBreathing,
                format!("a breath every {} is fast breathing ({per_minute} a minute)", secs(cycle)),
                at("inhale"),
            )
            .set_help("more than ten breaths a minute invites over-breathing: dizziness, tingling, air hunger");
        }
    }

    fn eye_contact(&mut self, t: &DeTable<'_>) -> Option<EyeContact> {
        let look = self.seconds(t, "look");
        let away = self.seconds(t, "away");
        let rounds = self.count(t, "rounds");
        let grow = self.seconds(t, "grow");
        let max_look = self.seconds(t, "max_look");
        let look_text = self.text(t, "look_text", Ty::Line);
        let away_text = self.text(t, "away_text", Ty::Line);
        let setup = self.text(t, "setup", Ty::Text);
        let title = self.text(t, "title", Ty::Line);
        self.format2_keys(t, &["title"]);
        let look = look?;
        let max_look = match (max_look, t.get("max_look")) {
            (Some(m), Some(v)) if m < look => {
                self.error(
                    format!(
                        "`max_look` ({}) is shorter than `look` ({})",
                        secs(m),
                        secs(look)
                    ),
                    v.span(),
                )
                .set_help(
                    "`max_look` is the longest the look may grow to, so it can't be below `look`",
                );
                return None;
            }
            (Some(m), _) => m,
            (None, Some(_)) => return None,
            (None, None) => look.max(GENTLE_LOOK),
        };
        for key in ["look", "max_look"] {
            if let Some(v) = t.get(key) {
                let d = if key == "look" { look } else { max_look };
                if d > GENTLE_LOOK {
                    self.warn(Warning::LongLook, format!("a {} look is long", secs(d)), v.span()).set_help(
                        "most people are comfortable with about 3 seconds of mutual gaze; growing a few seconds at a time is gentler",
                    );
                }
            }
        }
        Some(EyeContact {
            look,
            away: away?,
            rounds: rounds?,
            grow: grow.unwrap_or_default(),
            max_look,
            look_text,
            away_text,
            setup,
            title,
        })
    }

    fn prompt(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Prompt> {
        let text = self.text(t, "text", Ty::Text);
        let title = self.text(t, "title", Ty::Line);
        let style = self.choice(t, "style", &["say"]);
        let seconds = self.seconds(t, "seconds");
        // "enter" is the same as "key": both wait for Enter.
        let until = self.choice(t, "until", &["key", "enter"]);
        let soft = t.contains_key("seconds") && t.contains_key("until");
        let seconds = match (t.get("seconds"), t.get("until")) {
            (Some(_), Some(u)) => {
                // Soft timing: the seconds are a guide, then it waits for Enter.
                self.format2.push(u.span());
                until?;
                Some(seconds?)
            }
            (None, None) => {
                self.error("this `prompt` step has no `seconds` or `until`", span)
                    .set_help("add `seconds = 20`, or `until = \"key\"` to wait for Enter");
                return None;
            }
            (Some(_), None) => Some(seconds?),
            (None, Some(_)) => {
                until?;
                None
            }
        };
        if t.get("style").is_some() && style.is_none() {
            return None;
        }
        Some(Prompt {
            text: text?,
            title,
            say: style.is_some(),
            seconds,
            soft,
        })
    }

    fn sound(&mut self, t: &DeTable<'_>) -> Option<Sound> {
        let Some(v) = t.get("sound") else {
            return Some(Sound::Default);
        };
        let Some(s) = v.get_ref().as_str() else {
            self.type_error("sound", "a sound's name or a file path in quotes", v);
            return None;
        };
        if !self.check_text("sound", s, false, v.span()) {
            return None;
        }
        if s == "none" {
            return Some(Sound::Silent);
        }
        if let Some(b) = BundledSound::from_name(s) {
            return Some(Sound::Bundled(b));
        }
        if !s.contains(['/', '\\', '.']) {
            let d = self.error(
                format!("there is no bundled sound called `{}`", text::escape(s)),
                v.span(),
            );
            match fields::did_you_mean(s, fields::SOUND_NAMES.iter().copied()) {
                Some(m) => d.label = Some(format!("did you mean `{m}`?")),
                None => {
                    d.help = Some(format!(
                        "the bundled sounds are {}; or give a path relative to this file, like `sounds/bell.ogg`",
                        quoted_list(fields::SOUND_NAMES)
                    ))
                }
            }
            return None;
        }
        match sound_path(s) {
            Ok(path) => {
                self.sound_files.push(SoundFile {
                    span: v.span(),
                    path: path.clone(),
                });
                Some(Sound::File(path))
            }
            Err(why) => {
                self.diags.push(sound_error(s, why, v.span()));
                None
            }
        }
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
    [fields::BREATHE, fields::EYE_CONTACT, fields::PROMPT]
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
