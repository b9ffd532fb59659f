//! The counts file's text: a header that says what the file is, then one sorted
//! `"id" = count` line per exercise; and reading it back, pointing at the first problem.

use toml::de::{DeTable, DeValue};

use super::Counts;
use crate::text::{self, line_col};

/// What the file says about itself. No digits: nothing in the file looks like a date.
const HEADER: &str = "\
# steady: how many times each exercise was completed.
# Nothing else is kept: no dates, no times, no durations.
# Delete this file, or run `steady forget`, to erase the counts.
";

/// The file's text for `counts`: the header, then one sorted `id = count` line each.
#[allow(clippy::expect_used)] // A map from text to whole numbers is always TOML.
pub fn render(counts: &Counts) -> String {
    let body = toml::to_string(counts).expect("names mapped to whole numbers are always TOML");
    if body.is_empty() {
        HEADER.to_owned()
    } else {
        format!("{HEADER}\n{body}")
    }
}

type Problem = (Option<(usize, usize)>, String);

/// Reads counts text: a flat table of whole numbers from 0 to `u32::MAX`. The error is
/// the place and words of the first problem in the file.
pub fn parse(src: &str) -> Result<Counts, Problem> {
    let at = |offset: usize| {
        let mut o = offset.min(src.len());
        while !src.is_char_boundary(o) {
            o -= 1;
        }
        Some(line_col(src, o))
    };
    let doc = DeTable::parse(src).map_err(|e| {
        let msg = e.message().trim();
        let msg = msg.lines().next().unwrap_or(msg);
        (
            e.span().and_then(|s| at(s.start)),
            text::escape(msg).into_owned(),
        )
    })?;
    let mut entries: Vec<_> = doc.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut counts = Counts::new();
    for (key, value) in entries {
        let id = key.get_ref().as_ref();
        let name = text::escape(id);
        let not = |found: &str| {
            (
                at(value.span().start),
                format!(
                    "the count for \"{name}\" must be a whole number from 0 to {}, not {found}",
                    u32::MAX
                ),
            )
        };
        let n = match value.get_ref() {
            DeValue::Integer(i) => match i128::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) if n < 0 => return Err(not("a negative number")),
                Ok(n) => u32::try_from(n).map_err(|_| not("a number that large"))?,
                Err(_) => return Err(not("a number that large")),
            },
            // `[name]` headers and dotted keys both make a table: point at the name.
            DeValue::Table(_) => {
                return Err((
                    at(key.span().start),
                    format!("\"{name}\" is a table, but the file holds only `name = count` lines"),
                ));
            }
            DeValue::String(_) => return Err(not("text")),
            DeValue::Float(_) => return Err(not("a decimal number")),
            DeValue::Boolean(_) => return Err(not("true or false")),
            DeValue::Datetime(_) => return Err(not("a date")),
            DeValue::Array(_) => return Err(not("a list")),
        };
        counts.insert(id.to_owned(), n);
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(src: &str) -> Problem {
        parse(src).expect_err("corrupt")
    }

    #[test]
    fn render_sorts_quotes_odd_ids_and_reads_back() {
        let mut c = Counts::new();
        for (i, k) in [
            "box",
            "a b",
            "q\"uote",
            "eq=uals",
            "ünï",
            "new\nline",
            "",
            "x.y",
            "it's",
            "back\\slash",
        ]
        .into_iter()
        .enumerate()
        {
            c.insert(k.into(), i as u32);
        }
        c.insert("max".into(), u32::MAX);
        let text = render(&c);
        assert!(text.starts_with(HEADER));
        assert_eq!(parse(&text), Ok(c));
        assert!(text.contains("\nbox = 0\n"), "{text}");
        assert!(text.contains("\n\"eq=uals\" = 3\n"), "{text}");
    }

    #[test]
    fn empty_counts_are_just_the_header_which_has_no_digits() {
        assert_eq!(render(&Counts::new()), HEADER);
        assert!(!HEADER.chars().any(|c| c.is_ascii_digit()));
        assert!(HEADER.lines().all(|l| l.starts_with("# ")));
        assert_eq!(parse(HEADER), Ok(Counts::new()));
    }

    #[test]
    fn values_that_are_not_counts_are_pointed_at() {
        let whole = "must be a whole number from 0 to 4294967295, not";
        for (src, at, words) in [
            ("x = -1\n", (1, 5), "not a negative number"),
            ("ok = 2\nx = \"3\"\n", (2, 5), "not text"),
            ("x = 1.5", (1, 5), "not a decimal number"),
            ("x = 4294967296", (1, 5), "not a number that large"),
            (
                "x = 99999999999999999999999999999999999999999",
                (1, 5),
                "not a number that large",
            ),
            ("x = true", (1, 5), "not true or false"),
            ("x = 1979-05-27", (1, 5), "not a date"),
            ("x = [1]", (1, 5), "not a list"),
        ] {
            let (pos, msg) = problem(src);
            assert_eq!(pos, Some(at), "{src:?}: {msg}");
            assert!(msg.contains(words), "{src:?}: {msg}");
            assert!(msg.contains(whole), "{src:?}: {msg}");
        }
    }

    #[test]
    fn tables_and_syntax_errors_are_pointed_at() {
        let (pos, msg) = problem("a = 1\n[table]\ny = 2\n");
        assert_eq!(pos, Some((2, 2)));
        assert!(msg.contains("\"table\" is a table"), "{msg}");
        let (pos, msg) = problem("a = 1\nb.c = 2\n");
        assert_eq!(pos, Some((2, 1)));
        assert!(msg.contains("\"b\" is a table"), "{msg}");
        let (pos, msg) = problem("a = 1\nb = = 2\n");
        assert_eq!(pos, Some((2, 5)), "{msg}");
        assert!(!msg.is_empty() && !msg.contains('\n'));
        let (pos, _) = problem("a = 1\na = 2\n");
        assert_eq!(pos.map(|p| p.0), Some(2));
    }

    #[test]
    fn hex_and_underscores_are_still_whole_numbers() {
        assert_eq!(
            parse("a = 0x10\nb = 1_000\n"),
            Ok(Counts::from([("a".into(), 16), ("b".into(), 1000)]))
        );
    }

    #[test]
    fn ids_in_messages_are_escaped() {
        let (_, msg) = problem("\"e\\u001b[31m\" = -1\n");
        assert!(msg.contains("e\\u{1b}[31m"), "{msg}");
        assert!(!msg.contains('\u{1b}'));
    }
}
