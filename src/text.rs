//! Plain text: which characters an exercise may contain, and how anything a user or a
//! file supplied is made safe before it reaches a terminal.
//!
//! Exercise files are shared between strangers, so no string from a file, a file name or
//! a path is ever written to the terminal as it is: control characters and the
//! bidirectional overrides could move the cursor, change colours or reorder what the
//! reader sees.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Why a character may not appear in exercise text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forbidden {
    /// C0, DEL or C1 control (U+009B acts as an escape on some terminals).
    Control,
    /// A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).
    Bidi,
    /// A character that shows nothing or breaks a line unseen: harmless to a terminal,
    /// but in a title or tag it makes two different names look the same (U+200B,
    /// U+200E/F, U+061C, U+2028/9, U+FEFF, U+00AD, stray tag characters). In longer
    /// text only the line and paragraph separators are refused; the rest have real uses
    /// there (a soft hyphen, a mark in right-to-left text).
    Invisible,
}

/// Whether `c` is invisible or a hidden line break (see [`Forbidden::Invisible`]).
/// Tag characters are fine inside an emoji flag sequence, which starts with U+1F3F4.
fn invisible(c: char, prev: Option<char>) -> bool {
    match c {
        '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{feff}'
        | '\u{00ad}'
        | '\u{2060}'..='\u{2064}' => true,
        '\u{e0000}'..='\u{e007f}' => !matches!(prev, Some('\u{1f3f4}' | '\u{e0020}'..='\u{e007e}')),
        _ => false,
    }
}

/// Classifies a character that must never be written to a terminal.
pub fn forbidden(c: char) -> Option<Forbidden> {
    match c {
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Some(Forbidden::Control),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some(Forbidden::Bidi),
        _ => None,
    }
}

/// Returns `s` with every forbidden character shown as a Rust-style escape (`\u{1b}`).
/// Newlines and tabs are escaped too: the result is always one safe line.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| forbidden(c).is_some()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if forbidden(c).is_some() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`escape`], but keeps newlines: for multi-line text that is otherwise plain.
pub fn escape_keep_lines(s: &str) -> String {
    s.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// Shows a path safely: lossy for non-UTF-8 names, escaped for control characters.
pub fn path(p: &std::path::Path) -> String {
    escape(&p.to_string_lossy()).into_owned()
}

/// An I/O error as a person reads it: the system's words without "(os error 28)",
/// escaped, as a path or name inside it may hold anything.
pub fn io_error(e: &std::io::Error) -> String {
    let s = e.to_string();
    let s = s.split(" (os error").next().unwrap_or(&s);
    escape(s).into_owned()
}

/// The first forbidden character in `s` and its byte offset, allowing newline and tab
/// where `multiline` is set.
pub fn first_forbidden(s: &str, multiline: bool) -> Option<(usize, char, Forbidden)> {
    let mut prev = None;
    s.char_indices().find_map(|(i, c)| {
        let before = prev.replace(c);
        if multiline && (c == '\n' || c == '\t') {
            return None;
        }
        if let Some(f) = forbidden(c) {
            return Some((i, c, f));
        }
        let hidden = if multiline {
            matches!(c, '\u{2028}' | '\u{2029}')
        } else {
            invisible(c, before)
        };
        hidden.then_some((i, c, Forbidden::Invisible))
    })
}

/// 1-based line and character column of byte offset `at` in `src`; an offset past the
/// end or inside a character counts from the start of that character.
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let before = &src[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, src[line_start..at].chars().count() + 1)
}

/// `s` in at most `width` cells of display width, cut with "…" when it is longer (a
/// CJK character or an emoji is two cells, a combining mark none). Cut between
/// grapheme clusters, never inside one: a flag, a family emoji or a letter with its
/// accent is kept whole or left out whole, so no half of one is left on screen.
pub fn cut(s: &str, width: usize) -> Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

/// `s` in lines of at most `width` cells, broken between words; a word longer than
/// `width` is cut with "…" (nothing is written past the edge). At least one line.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let word = cut(word, width);
        if line.is_empty() {
            line.push_str(&word);
        } else if line.width() + 1 + word.width() <= width {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word.into_owned()));
        }
    }
    lines.push(line);
    lines
}

/// Number of characters, the unit of the per-field text limit.
pub fn char_count(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_and_cuts_a_word_wider_than_the_line() {
        assert_eq!(wrap("pause, or resume", 10), ["pause, or", "resume"]);
        assert_eq!(wrap("Backspace", 5), ["Back…"]);
        assert_eq!(wrap("", 5), [""]);
    }

    /// A cut never splits a grapheme cluster: the flag, the family and the accented
    /// letter stay whole or go whole, and the result fits its width.
    #[test]
    fn a_cut_keeps_each_grapheme_whole() {
        use unicode_width::UnicodeWidthStr;
        let flags = "\u{1f1eb}\u{1f1f7}\u{1f1e9}\u{1f1ea}";
        assert_eq!(cut(flags, 3), "\u{1f1eb}\u{1f1f7}…");
        // A family is one cluster two cells wide; cut by characters it was left as a
        // woman and a dangling joiner before the "…".
        let family = "\u{1f469}\u{200d}\u{1f469}\u{200d}\u{1f467}xyz";
        assert_eq!(
            cut(family, 4),
            "\u{1f469}\u{200d}\u{1f469}\u{200d}\u{1f467}x…"
        );
        let accent = "e\u{301}e\u{301}e\u{301}e\u{301}";
        assert_eq!(cut(accent, 3), "e\u{301}e\u{301}…");
        for (s, w) in [(flags, 3), (family, 4), (accent, 3)] {
            assert!(cut(s, w).width() <= w, "{s:?} at {w}");
        }
    }

    #[test]
    fn invisible_characters_are_refused_in_names_but_emoji_sequences_are_fine() {
        for c in [
            '\u{200b}',
            '\u{200e}',
            '\u{200f}',
            '\u{061c}',
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{00ad}',
            '\u{e0041}',
        ] {
            let s = format!("calm{c}");
            assert_eq!(
                first_forbidden(&s, false).map(|f| f.2),
                Some(Forbidden::Invisible),
                "U+{:04X}",
                c as u32
            );
        }
        // ZWJ family, a variation selector, and the flag of England (tag characters).
        for ok in [
            "👩\u{200d}👧",
            "☺\u{fe0f}",
            "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
        ] {
            assert_eq!(first_forbidden(ok, false), None, "{ok:?}");
        }
        // In longer text, only the hidden line breaks.
        assert_eq!(first_forbidden("soft\u{00ad}hyphen", true), None);
        assert!(first_forbidden("a\u{2028}b", true).is_some());
    }

    #[test]
    fn line_col_counts_characters_and_never_splits_one() {
        assert_eq!(line_col("é = 1\nab", 8), (2, 2));
        // Inside the two bytes of `é`, and past the end: no panic, the nearest place.
        assert_eq!(line_col("aé", 2), (1, 2));
        assert_eq!(line_col("a\nb", 99), (2, 2));
    }

    #[test]
    fn escape_shows_control_and_bidi_characters_as_escapes() {
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\u{9b}y"), "x\\u{9b}y");
        assert_eq!(escape("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(escape("line\nnext"), "line\\u{a}next");
    }

    #[test]
    fn cut_counts_display_width_and_marks_the_cut() {
        use unicode_width::UnicodeWidthStr;
        assert_eq!(cut("Longer exhale", 20), "Longer exhale");
        assert_eq!(cut("Longer exhale", 8), "Longer …");
        // Two cells a character: four cells hold one and the ellipsis, never half.
        assert_eq!(cut("呼吸の練習", 4), "呼…");
        for w in 0..12 {
            assert!(cut("呼吸の練習 breath", w).width() <= w, "{w}");
        }
    }

    #[test]
    fn escape_leaves_plain_text_and_emoji_alone() {
        let s = "Breathe out \u{1f33f} 👩‍👩‍👧 ❤️";
        assert!(matches!(escape(s), Cow::Borrowed(_)));
    }

    #[test]
    fn first_forbidden_allows_newline_and_tab_only_in_multiline_text() {
        assert_eq!(first_forbidden("a\nb\tc", true), None);
        assert_eq!(
            first_forbidden("a\nb", false),
            Some((1, '\n', Forbidden::Control))
        );
        assert_eq!(
            first_forbidden("ok\u{2067}", true),
            Some((2, '\u{2067}', Forbidden::Bidi))
        );
    }
}
