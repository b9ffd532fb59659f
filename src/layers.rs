//! Keeps the layer table in the crate's documentation (`lib.rs`) true: every module is
//! placed in a layer, no path in the code runs from a layer to one below it, and the
//! pure layers touch no clock, file, terminal or sound device.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The table's rows, top first: each a list of module paths (`sound::cue`).
fn table(lib: &str) -> Vec<Vec<String>> {
    lib.lines()
        .filter_map(|l| l.strip_prefix("//! | "))
        .filter(|l| !l.starts_with("layer ") && !l.starts_with("---"))
        .map(|row| {
            let modules = row.split(" | ").nth(1).unwrap_or_default();
            modules
                .split(',')
                .map(|m| m.trim().trim_matches(['`', '[', ']']).to_owned())
                .filter(|m| !m.is_empty())
                .collect()
        })
        .collect()
}

/// The row whose entry is the longest prefix of `path`, with that entry.
fn layer_of(rows: &[Vec<String>], path: &[String]) -> Option<(usize, String)> {
    let mut best: Option<(usize, String)> = None;
    for (i, row) in rows.iter().enumerate() {
        for m in row {
            let parts: Vec<&str> = m.split("::").collect();
            let fits = parts.len() <= path.len() && parts.iter().zip(path).all(|(a, b)| a == b);
            if fits
                && best
                    .as_ref()
                    .is_none_or(|(_, b)| b.split("::").count() < parts.len())
            {
                best = Some((i, m.clone()));
            }
        }
    }
    best
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/a/b.rs` is `a::b`, `src/a/mod.rs` is `a`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code the crate is built from: comments and the unit tests at the end cut away.
fn code(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(s: &str) -> (&str, &str) {
    let n = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    s.split_at(n)
}

/// Every path `s` names after `crate::` or `super::` (already resolved to `base`),
/// groups (`{a, b::{c, d}}`) included. Returns how much of `s` it read.
fn paths_from(s: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut at = 0;
    let mut path = base;
    loop {
        let rest = &s[at..];
        if let Some(group) = rest.strip_prefix('{') {
            // One path per member, read until the matching brace.
            let mut inner = group;
            loop {
                inner = inner.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
                if inner.is_empty() {
                    return s.len();
                }
                if let Some(after) = inner.strip_prefix('}') {
                    return s.len() - after.len();
                }
                let n = paths_from(inner, path.clone(), out).max(1);
                inner = inner.get(n..).unwrap_or_default();
            }
        }
        let (name, _) = ident(rest);
        if name.is_empty() || name == "self" || name == "*" {
            out.push(path);
            return at + name.len();
        }
        path.push(name.to_owned());
        at += name.len();
        if s[at..].starts_with("::") {
            at += 2;
        } else {
            out.push(path);
            return at;
        }
    }
}

/// The module paths `code` of module `module` refers to through `crate::`/`super::`.
fn references(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let boundary = i == 0 || !code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let base = if !boundary {
            None
        } else if let Some(r) = rest.strip_prefix("crate::") {
            Some((Vec::new(), rest.len() - r.len()))
        } else if rest.starts_with("super::") {
            let mut up = 0;
            let mut r = rest;
            while let Some(x) = r.strip_prefix("super::") {
                up += 1;
                r = x;
            }
            let keep = module.len().saturating_sub(up);
            Some((module[..keep].to_vec(), rest.len() - r.len()))
        } else {
            None
        };
        match base {
            Some((base, skip)) => {
                let n = paths_from(&rest[skip..], base, &mut out);
                i += skip + n.max(1);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Words that mean a clock, a file, a terminal or a device: none belong above the edges.
const IMPURE: &[&str] = &[
    "std::fs",
    "Instant::now",
    "SystemTime",
    "std::env",
    "stdin()",
    "stdout()",
    "crossterm::",
    "rodio::",
    "std::thread",
    "std::process",
];

#[test]
fn no_module_imports_from_a_layer_below_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let rows = table(&lib);
    assert!(
        rows.len() >= 5,
        "lib.rs's layer table was not found: {rows:?}"
    );
    let edges = rows.len() - 1;
    let src = root.join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut unplaced = BTreeSet::new();
    let mut upward = Vec::new();
    let mut impure = Vec::new();
    let mut checked = 0;
    for file in &files {
        let module = module_of(&src, file);
        // The crate root and the binary are above every layer; this file only tests.
        if module == ["lib"] || module == ["main"] || module == ["layers"] {
            continue;
        }
        let Some((own, _)) = layer_of(&rows, &module) else {
            unplaced.insert(module.join("::"));
            continue;
        };
        let text = code(&std::fs::read_to_string(file).unwrap());
        for path in references(&text, &module) {
            checked += 1;
            match layer_of(&rows, &path) {
                Some((to, placed)) if to > own => upward.push(format!(
                    "{} (layer {}) uses {} (`{placed}`, layer {})",
                    module.join("::"),
                    own + 1,
                    path.join("::"),
                    to + 1
                )),
                Some(_) => {}
                None => {
                    unplaced.insert(path.join("::"));
                }
            }
        }
        // `files` reads files: it is placed high because the format's diagnostics carry
        // its error types, and it imports nothing but `text`.
        if own < edges && module != ["files"] {
            for word in IMPURE {
                if text.contains(word) {
                    impure.push(format!("{} uses {word}", module.join("::")));
                }
            }
        }
    }
    assert!(checked > 100, "too few paths were read: {checked}");
    assert!(
        unplaced.is_empty(),
        "in no layer of lib.rs's table: {unplaced:?}"
    );
    assert!(
        upward.is_empty(),
        "{} paths run upward:\n{}",
        upward.len(),
        upward.join("\n")
    );
    assert!(
        impure.is_empty(),
        "a pure layer touches the world:\n{}",
        impure.join("\n")
    );
}

#[test]
fn the_reader_finds_grouped_nested_and_relative_paths() {
    let module = ["player".to_owned(), "plain".to_owned()];
    let code = "use crate::{durations, text::{self, cut}};\nuse super::state::App;\nlet x = crate::sound::cue::END; fn f() -> supercrate::x {}";
    let found: Vec<String> = references(code, &module)
        .into_iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        found,
        [
            "durations",
            "text",
            "text::cut",
            "player::state::App",
            "sound::cue::END"
        ]
    );
    let rows = table(
        "//! | layer | modules | what |\n//! |---|---|---|\n//! | a | `text` | x |\n//! | b | `sound`, `sound::cue` | y |\n",
    );
    assert_eq!(
        layer_of(&rows, &["sound".into(), "cue".into(), "END".into()]),
        Some((1, "sound::cue".into()))
    );
    assert_eq!(layer_of(&rows, &["words".into()]), None);
}
