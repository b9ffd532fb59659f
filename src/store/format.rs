//! The counts file's text: a header that says what the file is, then one sorted
//! `"id" = count` line per exercise (`"id" = { count = 5, grown = 3 }` where fewer
//! practices than counted made its look longer); and reading it back, pointing at the
//! first problem.

use toml::de::{DeTable, DeValue};
use toml_writer::ToTomlKey;

use super::{Counts, Grown, Tally};
use crate::text::{self, line_col};

/// What the file says about itself. No digits: nothing in the file looks like a date.
const HEADER: &str = "\
# steady: how many times each exercise was completed.
# Nothing else is kept: no dates, no times, no durations.
# Delete this file, or run `steady forget`, to erase the counts.
";

/// Said after the header only in a file where someone chose to stay at a look.
const GROWN_NOTE: &str = "\
# `grown`: how many of those practices made the eye-contact look longer.
";

/// The file's text for `counts`: the header, then one sorted `id = count` line each.
pub fn render(counts: &Counts) -> String {
    render_with(counts, &Grown::new())
}

/// The file's text for `counts` and `grown`: the header, then one sorted line each,
/// `id = count`, or `id = { count = 5, grown = 3 }` where `grown` is fewer than the
/// count (an entry at or past the count says nothing the count doesn't).
pub fn render_with(counts: &Counts, grown: &Grown) -> String {
    render_as(counts, grown, true)
}

/// As [`render_with`], with no header and no spaces around `=` or after `,`: for a file
/// near the size limit, which a hand-written file can be, so that forgetting one never
/// makes it larger than steady reads.
pub fn render_compact(counts: &Counts, grown: &Grown) -> String {
    render_as(counts, grown, false)
}

fn render_as(counts: &Counts, grown: &Grown, spaced: bool) -> String {
    let (eq, comma, pad) = if spaced {
        (" = ", ", ", " ")
    } else {
        ("=", ",", "")
    };
    let kept = |id: &str, n: u32| grown.get(id).copied().filter(|&g| g < n);
    let mut text = String::new();
    if spaced {
        text.push_str(HEADER);
        if counts.iter().any(|(id, &n)| kept(id, n).is_some()) {
            text.push_str(GROWN_NOTE);
        }
        if !counts.is_empty() {
            text.push('\n');
        }
    }
    for (id, &n) in counts {
        let key = id.to_toml_key();
        match kept(id, n) {
            Some(g) => text.push_str(&format!(
                "{key}{eq}{{{pad}count{eq}{n}{comma}grown{eq}{g}{pad}}}\n"
            )),
            None => text.push_str(&format!("{key}{eq}{n}\n")),
        }
    }
    text
}

type Problem = (Option<(usize, usize)>, String);

/// Reads counts text: a flat table of whole numbers from 0 to `u32::MAX`, or of
/// `{ count = …, grown = … }` tables of them. The error is the place and words of the
/// first problem in the file.
pub fn parse(src: &str) -> Result<Tally, Problem> {
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
    let mut tally = Tally::default();
    for (key, value) in entries {
        let id = key.get_ref().as_ref();
        let name = text::escape(id);
        let not = |what: &str, value: &toml::Spanned<DeValue>, found: &str| {
            (
                at(value.span().start),
                format!(
                    "{what} for \"{name}\" must be a whole number from 0 to {}, not {found}",
                    u32::MAX
                ),
            )
        };
        match value.get_ref() {
            DeValue::Table(t) => {
                let part = |part: &str| {
                    t.iter()
                        .find(|(k, _)| k.get_ref().as_ref() == part)
                        .map(|(_, v)| v)
                };
                // `[name]` headers and dotted keys make a table too: point at the name.
                let shape = || {
                    (
                        at(key.span().start),
                        format!(
                            "\"{name}\" is a table, but the file holds only `name = count` and `name = {{ count = …, grown = … }}` lines"
                        ),
                    )
                };
                let (Some(count), Some(grown), 2) = (part("count"), part("grown"), t.len()) else {
                    return Err(shape());
                };
                let count = whole(count).map_err(|f| not("the count", count, f))?;
                let g = whole(grown).map_err(|f| not("`grown`", grown, f))?;
                tally.counts.insert(id.to_owned(), count);
                tally.grown.insert(id.to_owned(), g);
            }
            _ => {
                let n = whole(value).map_err(|f| not("the count", value, f))?;
                tally.counts.insert(id.to_owned(), n);
            }
        }
    }
    Ok(tally)
}

/// A whole number from 0 to `u32::MAX`; else what was found instead, in words.
fn whole(value: &toml::Spanned<DeValue>) -> Result<u32, &'static str> {
    match value.get_ref() {
        DeValue::Integer(i) => match i128::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) if n < 0 => Err("a negative number"),
            Ok(n) => u32::try_from(n).map_err(|_| "a number that large"),
            Err(_) => Err("a number that large"),
        },
        DeValue::Table(_) => Err("a table"),
        DeValue::String(_) => Err("text"),
        DeValue::Float(_) => Err("a decimal number"),
        DeValue::Boolean(_) => Err("true or false"),
        DeValue::Datetime(_) => Err("a date"),
        DeValue::Array(_) => Err("a list"),
    }
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
        assert_eq!(parse(&text).map(|t| t.counts), Ok(c));
        assert!(text.contains("\nbox = 0\n"), "{text}");
        assert!(text.contains("\n\"eq=uals\" = 3\n"), "{text}");
    }

    #[test]
    fn empty_counts_are_just_the_header_which_has_no_digits() {
        assert_eq!(render(&Counts::new()), HEADER);
        assert!(!HEADER.chars().any(|c| c.is_ascii_digit()));
        assert!(HEADER.lines().all(|l| l.starts_with("# ")));
        assert_eq!(parse(HEADER), Ok(Tally::default()));
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
            parse("a = 0x10\nb = 1_000\n").map(|t| t.counts),
            Ok(Counts::from([("a".into(), 16), ("b".into(), 1000)]))
        );
    }

    #[test]
    fn a_look_held_back_is_written_beside_its_count_and_read_back() {
        let counts = Counts::from([("mirror".into(), 5), ("box".into(), 2), ("a b".into(), 3)]);
        // At or past the count, `grown` says nothing the count doesn't: not written.
        let grown = Grown::from([("mirror".into(), 3), ("box".into(), 2), ("a b".into(), 9)]);
        let text = render_with(&counts, &grown);
        assert!(
            text.contains("\nmirror = { count = 5, grown = 3 }\n"),
            "{text}"
        );
        assert!(text.contains("\nbox = 2\n"), "{text}");
        assert!(text.contains("\n\"a b\" = 3\n"), "{text}");
        assert!(text.contains(GROWN_NOTE), "{text}");
        assert!(!GROWN_NOTE.chars().any(|c| c.is_ascii_digit()));
        let back = parse(&text).expect("reads back");
        assert_eq!(back.counts, counts);
        assert_eq!(back.grown, Grown::from([("mirror".into(), 3)]));
        assert_eq!(
            (back.grown("mirror"), back.grown("box"), back.grown("none")),
            (3, 2, 0)
        );
        // Nobody stayed: the file is as it always was, with no word of `grown`.
        let plain = render_with(&counts, &Grown::new());
        assert_eq!(plain, render(&counts));
        assert!(!plain.contains("grown"), "{plain}");
    }

    #[test]
    fn without_spaces_the_same_counts_read_back_in_fewer_bytes() {
        let counts = Counts::from([("mirror".into(), 5), ("a b".into(), 3)]);
        let grown = Grown::from([("mirror".into(), 3)]);
        let text = render_compact(&counts, &grown);
        assert_eq!(text, "\"a b\"=3\nmirror={count=5,grown=3}\n");
        let back = parse(&text).expect("reads back");
        assert_eq!((back.counts, back.grown), (counts.clone(), grown.clone()));
        assert!(text.len() < render_with(&counts, &grown).len());
    }

    #[test]
    fn a_grown_past_its_count_is_read_as_the_count() {
        let t = parse("m = { count = 2, grown = 7 }\n").expect("reads");
        assert_eq!((t.count("m"), t.grown("m")), (Some(2), 2));
    }

    #[test]
    fn tables_that_are_not_a_count_and_its_growth_are_pointed_at() {
        for (src, at, words) in [
            ("m = { count = 2 }\n", (1, 1), "is a table"),
            (
                "m = { count = 2, grown = 1, x = 1 }\n",
                (1, 1),
                "is a table",
            ),
            ("[m]\ncount = 2\ngrown = 1\nz = 0\n", (1, 2), "is a table"),
            (
                "m = { count = -2, grown = 1 }\n",
                (1, 15),
                "the count for \"m\" must be a whole number",
            ),
            (
                "m = { count = 2, grown = \"1\" }\n",
                (1, 26),
                "`grown` for \"m\" must be a whole number",
            ),
            (
                "m = { count = 2, grown = { a = 1 } }\n",
                (1, 26),
                "not a table",
            ),
        ] {
            let (pos, msg) = problem(src);
            assert_eq!(pos, Some(at), "{src:?}: {msg}");
            assert!(msg.contains(words), "{src:?}: {msg}");
        }
    }

    #[test]
    fn ids_in_messages_are_escaped() {
        let (_, msg) = problem("\"e\\u001b[31m\" = -1\n");
        assert!(msg.contains("e\\u{1b}[31m"), "{msg}");
        assert!(!msg.contains('\u{1b}'));
    }
}
