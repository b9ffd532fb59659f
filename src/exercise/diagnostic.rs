//! Diagnostics with byte spans, rendered like rustc's: `--> path:line:col`, the source
//! line, a caret under the exact key or value, and a plain-English message.
//!
//! Rendering never writes a control byte from the source: annotate-snippets shows C0
//! controls, DEL and the bidi overrides as visible pictures, and C1 controls are swapped
//! for U+FFFD here before it sees them. Long lines are cut around the span.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
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
        }
    }

    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Self {
            severity: Severity::Warning,
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
        let start = clamp_to_char(src, self.span.as_ref()?.start);
        Some(line_col(src, start))
    }
}

/// 1-based line and character column of byte offset `at`.
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let before = &src[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, src[line_start..at].chars().count() + 1)
}

fn clamp_to_char(src: &str, mut at: usize) -> usize {
    at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// How diagnostics are drawn: colour only on a terminal and without `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when `stream` is a terminal and `NO_COLOR` is unset or empty.
    pub fn for_stream(stream: &impl std::io::IsTerminal) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            color: stream.is_terminal() && !no_color,
        }
    }
}

/// Renders `diags` for the file at `path` whose text is `src` (None when the file could
/// not be read as text). Every string that came from the file is escaped.
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
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = text::escape(&d.message);
        let label = d.label.as_deref().map(text::escape);
        let help = d.help.as_deref().map(text::escape_keep_lines);
        let title = level.clone().primary_title(message.as_ref());
        let mut group = match (&source, &d.span) {
            (Some(s), Some(span)) => {
                let span = s.map(span.clone());
                let mut ann = AnnotationKind::Primary.span(span);
                if let Some(l) = &label {
                    ann = ann.label(l.as_ref());
                }
                Group::with_title(title).element(
                    Snippet::source(s.text.as_str())
                        .path(path.as_ref())
                        .annotation(ann),
                )
            }
            _ => {
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
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// The source as annotate-snippets may see it: C1 controls (which it would pass through)
/// are replaced with U+FFFD, and spans are moved to match.
struct SafeSource {
    text: String,
    /// Byte offsets in the original where a 2-byte C1 became a 3-byte U+FFFD.
    shifts: Vec<usize>,
}

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
        Self { text, shifts }
    }

    fn map(&self, span: Range<usize>) -> Range<usize> {
        let shift = |at: usize| at + self.shifts.iter().filter(|&&s| s < at).count();
        let start = shift(span.start);
        let end = shift(span.end).max(start);
        let start = clamp_to_char(&self.text, start);
        let end = clamp_to_char(&self.text, end);
        start..end
    }
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

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("é = 1\nab", 8), (2, 2));
    }
}
