//! Reading a table's values: unknown keys with did-you-mean, types, texts with their
//! wording checks, seconds, ramps, counts and choices.

use super::*;

impl Checker<'_> {
    /// Reports keys not in `known`. `kind` names the step kind, for the message.
    /// Returns the keys suggested by "did you mean", whose absence is then not news.
    pub(super) fn unknown_keys(
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

    pub(super) fn type_error(&mut self, key: &str, expected: &str, v: &Value<'_>) {
        self.error(
            format!("`{key}` must be {expected}, not {}", describe(v.get_ref())),
            v.span(),
        );
    }

    /// A plain-text string, one line unless `ty` is [`Ty::Text`].
    /// A `true`/`false` key: `Some(false)` when absent, `None` when it is not a boolean.
    pub(super) fn switch(&mut self, table: &DeTable<'_>, key: &str) -> Option<bool> {
        let Some(v) = table.get(key) else {
            return Some(false);
        };
        match v.get_ref().as_bool() {
            Some(b) => Some(b),
            None => {
                self.type_error(key, "`true` or `false`", v);
                None
            }
        }
    }

    pub(super) fn text(&mut self, table: &DeTable<'_>, key: &str, ty: Ty) -> Option<String> {
        let v = table.get(key)?;
        let Some(s) = v.get_ref().as_str() else {
            self.type_error(key, "text in quotes", v);
            return None;
        };
        if !self.check_text(key, s, ty == Ty::Text, v.span()) {
            return None;
        }
        // A one-line text is a title, a label or a cue's words: blank, it would show
        // nothing where words belong ("[0:00] ." in plain mode).
        // (A choice's `label` says, in its own check, how long it may be.)
        if ty == Ty::Line && s.trim().is_empty() && key != "label" {
            let d = self.error(format!("`{key}` is empty"), v.span());
            if key.ends_with("_text") {
                d.help = Some(format!("leave `{key}` out for the usual words"));
            }
            return None;
        }
        Some(s.to_owned())
    }

    pub(super) fn line(&mut self, table: &DeTable<'_>, key: &str, field: &Field) -> Option<String> {
        self.text(table, key, field.ty)
    }

    /// Plain text within the length limit; also the wording warnings. Returns whether
    /// the text may be used.
    pub(super) fn check_text(
        &mut self,
        key: &str,
        s: &str,
        multiline: bool,
        span: Range<usize>,
    ) -> bool {
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
        // `{round}` and `{rounds}` are the only placeholders: `{Round}` or `{roud}` would
        // be said and shown as written, braces and all.
        for (at, name) in placeholders(s) {
            if PLACEHOLDERS.contains(&name) {
                continue;
            }
            let shown = text::escape(name);
            let near = fields::did_you_mean(&name.to_lowercase(), PLACEHOLDERS.iter().copied());
            let place = self.phrase_span(&span, s, at, name.len() + 2);
            let d = self.error(
                format!("`{{{shown}}}` in `{key}` is not a placeholder steady fills in"),
                place,
            );
            if let Some(m) = near {
                d.label = Some(format!("did you mean `{{{m}}}`?"));
            }
            d.help = Some(
                "inside a repeat, `{round}` becomes the round's number and `{rounds}` how many there are; no other name in braces is filled in".into(),
            );
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
            for f in wording::find(s, self.tensing) {
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
    pub(super) fn phrase_span(
        &self,
        span: &Range<usize>,
        value: &str,
        at: usize,
        len: usize,
    ) -> Range<usize> {
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

    pub(super) fn tags(&mut self, doc: &DeTable<'_>) -> Vec<String> {
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
    pub(super) fn seconds(&mut self, table: &DeTable<'_>, key: &str) -> Option<Duration> {
        let v = table.get(key)?;
        let zero_ok = match find_field(key).map(|f| f.ty) {
            Some(Ty::Seconds { zero_ok } | Ty::Ramp { zero_ok }) => zero_ok,
            _ => return None,
        };
        self.seconds_value(key, v, zero_ok)
    }

    /// A breathing phase: seconds, or (format 2) a ramp `[from, to]` that moves evenly
    /// from the first cycle to the last.
    pub(super) fn ramp(&mut self, table: &DeTable<'_>, key: &str) -> Option<Option<Ramp>> {
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
            .set_help(match key {
                "look" => {
                    "write `look = [2, 4]` to move from 2 s in the first round to 4 s in the last"
                        .to_owned()
                }
                _ => format!(
                    "write `{key} = [4, 8]` to move from 4 s on the first breath to 8 s on the last"
                ),
            });
            return None;
        }
        let from = self.seconds_value(key, &ends[0], zero_ok);
        let to = self.seconds_value(key, &ends[1], zero_ok);
        Some(Some(Ramp {
            from: from?,
            to: to?,
        }))
    }

    pub(super) fn seconds_value(
        &mut self,
        key: &str,
        v: &Value<'_>,
        zero_ok: bool,
    ) -> Option<Duration> {
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
    pub(super) fn number(&mut self, key: &str, v: &Value<'_>, expected: &str) -> Option<f64> {
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
    pub(super) fn count(&mut self, table: &DeTable<'_>, key: &str) -> Option<u32> {
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

    pub(super) fn choice(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        options: &[&str],
    ) -> Option<String> {
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
}

/// The names steady fills in when written in braces.
const PLACEHOLDERS: [&str; 2] = ["round", "rounds"];

/// The longest name in braces taken for a placeholder.
const PLACEHOLDER_CHARS: usize = 24;

/// Each `{name}` in `s` (a name of letters, digits and `_`, at most
/// [`PLACEHOLDER_CHARS`] long), with the byte offset of its `{`. Only that far is looked
/// at after each `{`, so a hostile text of braces costs a pass, not its square.
fn placeholders(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.match_indices('{').filter_map(move |(at, _)| {
        let rest = &s[at + 1..];
        let (end, _) = rest
            .char_indices()
            .take(PLACEHOLDER_CHARS + 1)
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))?;
        let name = &rest[..end];
        (!name.is_empty() && rest[end..].starts_with('}')).then_some((at, name))
    })
}
