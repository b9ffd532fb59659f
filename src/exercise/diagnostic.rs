//! Diagnostics with byte spans, rendered like rustc's: `--> path:line:col`, the source
//! line, a caret under the exact key or value, and a plain-English message.
//!
//! Rendering never writes a control byte from the source: annotate-snippets shows C0
//! controls, DEL and the bidi overrides as visible pictures, and C1 controls are swapped
//! for U+FFFD here before it sees them. Long lines are cut around the span.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::files::{ReadError, Why};
use crate::text::{self, line_col};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Something worth knowing that is not a problem (an `allow` that silences
    /// nothing): printed, never counted as a warning.
    Note,
}

/// One finding about a file. `span` is a byte range into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Option<Range<usize>>,
    /// Short text printed under the caret.
    pub label: Option<String>,
    /// A sentence on how to fix it.
    pub help: Option<String>,
    /// A position without source text, for files that are not UTF-8: (line, column).
    pub position: Option<(u32, u32)>,
    /// Which named warning this is, printed `warning[NAME]`; `allow = [...]` names it.
    pub warning: Option<super::Warning>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span,
            label: None,
            help: None,
            position: None,
            warning: None,
        }
    }

    /// A file that could not be read, as an error without a span: with the line and
    /// column of the first bad byte when the file is not UTF-8.
    pub fn unreadable(e: &ReadError) -> Self {
        let mut d = Self::error(e.to_string(), None);
        if let Why::NotUtf8 { line, col } = e.why {
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            d.position = Some((n(line), n(col)));
        }
        d
    }

    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message, span)
        }
    }

    pub fn note(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::error(message, span)
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds how to fix it, in place.
    pub fn set_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the start of the span in `src`.
    pub fn line_col(&self, src: &str) -> Option<(usize, usize)> {
        if let Some((l, c)) = self.position {
            return Some((l as usize, c as usize));
        }
        Some(line_col(src, self.span.as_ref()?.start))
    }
}

fn clamp_to_char(src: &str, mut at: usize) -> usize {
    at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// How diagnostics are drawn: in colour or not, as `settings::Env::stderr_style`
/// decides once for the whole run.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

/// At most this many diagnostics are drawn for one file; the rest are counted.
pub const MAX_SHOWN: usize = 50;
/// At most this much text is drawn for one file, whatever the diagnostics hold.
pub const MAX_OUTPUT: usize = 64 * 1024;

/// Renders `diags` for the file at `path` whose text is `src` (None when the file could
/// not be read as text). Every string that came from the file is escaped.
///
/// The work is linear in what is printed, not in errors × file size: the source is
/// indexed once, each diagnostic is drawn from the lines its span touches alone, and
/// no more than [`MAX_SHOWN`] diagnostics or [`MAX_OUTPUT`] bytes are drawn before the
/// rest are counted in one line ("… and 523 more").
pub fn render(diags: &[Diagnostic], path: &str, src: Option<&str>, style: Style) -> String {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(100);
    let path = text::escape(path);
    let source = src.map(SafeSource::new);
    let mut out = String::new();
    for (shown, d) in diags.iter().enumerate() {
        if shown == MAX_SHOWN || out.len() >= MAX_OUTPUT {
            out.push_str(&more(&diags[shown..]));
            break;
        }
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let message = text::escape(&d.message);
        let label = d.label.as_deref().map(text::escape);
        let help = d.help.as_deref().map(text::escape_keep_lines);
        let mut title = level.clone().primary_title(message.as_ref());
        if let Some(w) = d.warning {
            title = title.id(w.name());
        }
        let excerpt = source
            .as_ref()
            .zip(d.span.clone())
            .map(|(s, span)| s.excerpt(span));
        let mut group = match &excerpt {
            Some(ex) => {
                let mut ann = AnnotationKind::Primary.span(ex.span.clone());
                if let Some(l) = &label {
                    ann = ann.label(l.as_ref());
                }
                Group::with_title(title).element(
                    Snippet::source(ex.text)
                        .line_start(ex.line)
                        .path(path.as_ref())
                        .annotation(ann),
                )
            }
            None => {
                let mut origin = Origin::path(path.as_ref());
                if let Some((line, col)) = d.position {
                    origin = origin.line(line as usize).char_column(col as usize);
                }
                Group::with_title(title).element(origin)
            }
        };
        if let Some(h) = &help {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        let mut drawn = renderer.render(&[group]);
        if let Some(ex) = &excerpt
            && let Some(col) = ex.column
        {
            // A window of a long line counts columns from the window's start: put the
            // real column in the `--> path:line:col` that heads it.
            let seen = ex.text[..ex.span.start].chars().count() + 1;
            let wrong = format!("{path}:{}:{seen}", ex.line);
            drawn = drawn.replacen(&wrong, &format!("{path}:{}:{col}", ex.line), 1);
        }
        out.push_str(&drawn);
        out.push_str("\n\n");
    }
    out
}

/// "… and 523 more errors", for the diagnostics left undrawn.
fn more(rest: &[Diagnostic]) -> String {
    let errors = rest.iter().filter(|d| d.is_error()).count();
    let warnings = rest.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let what = match (errors, warnings) {
        (e, 0) => plural(e, "more error"),
        (0, w) => plural(w, "more warning"),
        (e, w) => format!("{} and {}", plural(e, "more error"), plural(w, "warning")),
    };
    format!("… and {what} in this file, not shown; fix these first and check again\n\n")
}

/// The source as annotate-snippets may see it: C1 controls (which it would pass through)
/// are replaced with U+FFFD, and spans are moved to match.
struct SafeSource {
    text: String,
    /// Byte offsets in the original where a 2-byte C1 became a 3-byte U+FFFD (sorted).
    shifts: Vec<usize>,
    /// Byte offset in `text` where each line starts.
    lines: Vec<usize>,
}

/// At most this many lines of a span that crosses lines are drawn.
const EXCERPT_LINES: usize = 4;

impl SafeSource {
    fn new(src: &str) -> Self {
        let mut shifts = Vec::new();
        let text = if src.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
            let mut t = String::with_capacity(src.len() + 16);
            for (i, c) in src.char_indices() {
                if ('\u{80}'..='\u{9f}').contains(&c) {
                    shifts.push(i);
                    t.push('\u{fffd}');
                } else {
                    t.push(c);
                }
            }
            t
        } else {
            src.to_owned()
        };
        let lines = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            shifts,
            lines,
        }
    }

    fn map(&self, span: Range<usize>) -> Range<usize> {
        let shift = |at: usize| at + self.shifts.partition_point(|&s| s < at);
        let start = shift(span.start);
        let end = shift(span.end).max(start);
        let start = clamp_to_char(&self.text, start);
        let end = clamp_to_char(&self.text, end);
        start..end
    }

    /// The lines `span` touches (at most [`EXCERPT_LINES`]), or a window around it when
    /// the line is long, so drawing one diagnostic costs the same in any file.
    fn excerpt(&self, span: Range<usize>) -> Excerpt<'_> {
        let span = self.map(span);
        let line_of = |at: usize| self.lines.partition_point(|&l| l <= at).saturating_sub(1);
        let first = line_of(span.start);
        let last = line_of(span.end).min(first + EXCERPT_LINES - 1);
        let mut from = self.lines[first];
        let mut to = self
            .lines
            .get(last + 1)
            .map_or(self.text.len(), |&next| next.saturating_sub(1).max(from));
        let mut column = None;
        if to - from > LONG_LINE {
            column = Some(self.text[from..span.start].chars().count() + 1);
            let line_start = from;
            from = clamp_to_char(
                &self.text,
                span.start.saturating_sub(WINDOW).max(line_start),
            );
            let end_of_first = self.text[span.start..to]
                .find('\n')
                .map_or(to, |i| span.start + i);
            to = clamp_to_char(
                &self.text,
                (span.end.max(span.start + 1) + WINDOW).min(end_of_first),
            );
        }
        let to = clamp_to_char(&self.text, to);
        let end = span.end.min(to).max(span.start);
        Excerpt {
            text: &self.text[from..to],
            line: first + 1,
            column,
            span: span.start - from..end - from,
        }
    }
}

/// Lines longer than this (in bytes) are drawn as a window around the span.
const LONG_LINE: usize = 4 * WINDOW;
/// Bytes of context either side of a span in a long line.
const WINDOW: usize = 120;

/// The part of the source one diagnostic draws.
struct Excerpt<'s> {
    text: &'s str,
    /// 1-based number of its first line.
    line: usize,
    /// The span's 1-based column, when `text` is a window of a long line.
    column: Option<usize>,
    /// The span, within `text`.
    span: Range<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style { color: false };

    #[test]
    fn render_points_at_line_and_column_with_a_caret() {
        let src = "title = \"x\"\nexhail = 6\n";
        let d =
            Diagnostic::error("unknown key `exhail`", Some(12..18)).label("did you mean `exhale`?");
        let out = render(&[d], "a.toml", Some(src), PLAIN);
        assert!(out.contains("--> a.toml:2:1"), "{out}");
        assert!(out.contains("^^^^^^ did you mean `exhale`?"), "{out}");
    }

    #[test]
    fn render_never_echoes_control_bytes_from_the_source() {
        let src = "title = \"\u{1b}[2J\u{9b}31m\u{202e}x\"\n";
        let d = Diagnostic::error("bad \u{1b} text", Some(9..10));
        let out = render(&[d], "evil\u{1b}.toml", Some(src), PLAIN);
        assert!(
            !out.chars()
                .any(|c| text::forbidden(c).is_some() && c != '\n'),
            "{out:?}"
        );
        assert!(out.contains("evil\\u{1b}.toml"), "{out}");
    }

    #[test]
    fn render_cuts_a_very_long_line_around_the_span() {
        let src = format!("title = \"{}\"", "a".repeat(40_000));
        let d = Diagnostic::error("too long", Some(8..9));
        let out = render(&[d], "a.toml", Some(&src), PLAIN);
        assert!(out.len() < 2_000, "{} bytes", out.len());
    }

    /// A file with one bad tag per entry, all on one long line, and its diagnostics.
    fn many_bad_tags(n: usize) -> (String, Vec<Diagnostic>) {
        let mut src = String::from("tags = [");
        let mut diags = Vec::new();
        for _ in 0..n {
            let start = src.len();
            src.push_str("\"a\\u0007b\",");
            diags.push(Diagnostic::error("bad tag", Some(start..src.len() - 1)));
        }
        src.push_str("]\n");
        (src, diags)
    }

    #[test]
    fn thousands_of_diagnostics_draw_fifty_and_count_the_rest() {
        let (src, diags) = many_bad_tags(20_000);
        let out = render(&diags, "a.toml", Some(&src), PLAIN);
        assert_eq!(out.matches("\n --> ").count(), MAX_SHOWN, "{out}");
        assert!(
            out.contains("… and 19950 more errors in this file"),
            "{}",
            &out[out.len() - 200..]
        );
    }

    #[test]
    fn output_stops_near_64_kib_however_long_each_diagnostic_is() {
        let src = "title = \"x\"\n";
        let long = "word ".repeat(400);
        let diags: Vec<Diagnostic> = (0..45)
            .map(|_| Diagnostic::error(long.clone(), Some(0..5)).help(long.clone()))
            .collect();
        let out = render(&diags, "a.toml", Some(src), PLAIN);
        let one = render(&diags[..1], "a.toml", Some(src), PLAIN).len();
        assert!(out.len() <= MAX_OUTPUT + one + 200, "{} bytes", out.len());
        assert!(
            out.contains("more errors in this file"),
            "no count of the rest"
        );
    }

    #[test]
    fn a_window_of_a_long_line_keeps_the_real_line_and_column() {
        let (src, diags) = many_bad_tags(1_000);
        // The 40th tag starts at byte 8 + 39 × 11 on line 1 (all ASCII).
        let out = render(&diags[39..40], "a.toml", Some(&src), PLAIN);
        assert!(out.contains("--> a.toml:1:438"), "{out}");
        assert!(
            out.len() < 1_000,
            "{} bytes drawn for one diagnostic",
            out.len()
        );
    }

    #[test]
    fn a_span_over_many_lines_draws_a_few_of_them() {
        let src = "a\n".repeat(10_000);
        let d = Diagnostic::error("long", Some(0..src.len()));
        let out = render(&[d], "a.toml", Some(&src), PLAIN);
        assert!(out.contains("--> a.toml:1:1"), "{out}");
        assert!(out.lines().count() < 20, "{out}");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("é = 1\nab", 8), (2, 2));
    }
}
