//! The bad-input catalogue: every file in `tests/bad/` is a broken exercise, and
//! `steady check` must refuse each one with exit 1, a message that says what is wrong,
//! the exact `--> path:line:col`, output that is safe to print on a terminal, and no
//! panic. Inputs that are too big, binary or oddly named to commit are generated here.
//!
//! Expectations were written by hand from each file, then confirmed by running.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::harness::{self, terminal_safe};

/// (file in `tests/bad/`, `line:col` of the one error, part of its message).
/// Every file here has exactly one problem, so exactly one error is expected.
#[rustfmt::skip]
const CASES: &[(&str, &str, &str)] = &[
    // Unknown keys, with "did you mean".
    ("misspelt-top-level-key.toml", "2:1", "unknown key `notes` at the top of an exercise"),
    ("misspelt-step-key.toml", "6:1", "unknown key `exhail` in a `breathe` step"),
    ("top-level-key-in-a-step.toml", "9:1", "unknown key `for` in a `breathe` step"),
    ("key-from-other-kind.toml", "8:1", "unknown key `look` in a `breathe` step"),
    ("unknown-table.toml", "3:2", "unknown key `settings`"),
    ("key-with-escape.toml", "6:1", "unknown key `exhale\\u{1b}[2J`"),
    // Wrong types.
    ("string-for-number.toml", "5:10", "`inhale` must be a number of seconds, like `4` or `4.5`, not text"),
    ("number-for-title.toml", "1:9", "`title` must be text in quotes, not a whole number"),
    ("bool-for-cycles.toml", "7:10", "`cycles` must be a whole number, like `8`, not true or false"),
    ("array-for-seconds.toml", "6:10", "`exhale` as a ramp is two lengths, `[from, to]`; this has 1"),
    ("table-for-seconds.toml", "5:10", "`inhale` must be a number of seconds, like `4` or `4.5`, not a table"),
    ("datetime-for-seconds.toml", "6:11", "`seconds` must be a number of seconds, like `4` or `4.5`, not a date"),
    ("array-for-about.toml", "2:9", "`about` must be text in quotes, not a list"),
    ("tags-not-a-list.toml", "2:8", "`tags` must be a list of words"),
    // Numbers out of range.
    ("negative-seconds.toml", "6:10", "`exhale` can't be negative"),
    ("negative-hold.toml", "6:11", "`hold_in` can't be negative"),
    ("zero-seconds.toml", "5:10", "`inhale` must be more than 0 seconds"),
    ("nan-seconds.toml", "6:10", "`exhale` must be a finite number"),
    ("inf-seconds.toml", "5:10", "`inhale` must be a finite number"),
    ("phase-under-a-hundredth.toml", "5:10", "`inhale` is shorter than 0.01 seconds, the shortest a phase can be"),
    ("hold-under-a-hundredth.toml", "7:12", "`hold_out` is shorter than 0.01 seconds"),
    ("cycles-fraction.toml", "7:10", "`cycles` must be a whole number"),
    ("cycles-zero.toml", "7:10", "`cycles` must be at least 1"),
    ("rounds-negative.toml", "7:10", "`rounds` must be at least 1"),
    ("minutes-zero.toml", "7:11", "`minutes` must be more than 0"),
    ("huge-cycles.toml", "7:10", "`cycles` is far too large"),
    ("seconds-1e308.toml", "6:11", "is 4 hours or more"),
    ("max-look-below-look.toml", "8:12", "`max_look` (3 s) is shorter than `look` (4 s)"),
    // One of two keys.
    ("cycles-and-minutes.toml", "8:11", "give `cycles` or `minutes`, not both"),
    ("no-cycles-or-minutes.toml", "3:1", "this `breathe` step has no `cycles` or `minutes`"),
    ("prompt-no-seconds-or-until.toml", "3:1", "this `prompt` step has no `seconds` or `until`"),
    // Fixed choices.
    ("until-later.toml", "6:9", "`until` can't be `later`"),
    ("style-shout.toml", "7:9", "`style` can't be `shout`"),
    ("unknown-kind.toml", "4:8", "`kind` can't be `stretch`"),
    ("misspelt-kind.toml", "4:8", "`kind` can't be `breath`"),
    // Missing things.
    ("missing-kind.toml", "3:1", "this step has no `kind`"),
    ("missing-title.toml", "1:1", "an exercise needs a `title`"),
    ("empty-title.toml", "1:9", "`title` is empty"),
    ("no-steps.toml", "1:1", "an exercise needs at least one `[[step]]`"),
    ("empty-step-list.toml", "2:8", "an exercise needs at least one step"),
    ("single-bracket-step.toml", "3:1", "`step` must be written `[[step]]`, with two brackets"),
    ("missing-inhale.toml", "3:1", "this `breathe` step has no `inhale`"),
    ("missing-text.toml", "3:1", "this `prompt` step has no `text`"),
    // The format version.
    ("format-newer.toml", "2:10", "this file was made for a newer steady (format 3)"),
    ("format-zero.toml", "2:10", "`format` must be 1 or 2"),
    // What an exercise suits (`for`).
    ("for-misspelt.toml", "3:8", "`for` can't be `shutdown`"),
    ("for-named-twice.toml", "3:21", "`shut-down` is named twice"),
    ("for-not-a-list.toml", "3:7", "`for` must be a list such as `[\"revved-up\"]`"),
    // TOML syntax.
    ("syntax-unclosed-string.toml", "1:23", "this is not valid TOML: invalid basic string"),
    ("syntax-missing-equals.toml", "5:8", "this is not valid TOML: key with no value, expected `=`"),
    ("syntax-bad-table-header.toml", "3:8", "this is not valid TOML: unclosed array table"),
    ("duplicate-key.toml", "7:1", "`exhale` appears twice; each key may appear only once"),
    // Sounds.
    ("unknown-sound.toml", "5:9", "there is no bundled sound called `gong`"),
    ("misspelt-sound.toml", "5:9", "there is no bundled sound called `ned`"),
    ("sound-parent-dir.toml", "5:9", "uses `..`, which would leave this file's folder"),
    ("sound-absolute.toml", "5:9", "is absolute; use a path relative to this file"),
    ("sound-backslash.toml", "5:9", "uses `\\`; write paths with `/`"),
    // Plain text only.
    ("title-newline.toml", "1:9", "`title` must be one line"),
    ("text-escape-sequence.toml", "5:8", "`text` contains the control character \\u{1b}"),
    ("title-c1-csi.toml", "1:9", "`title` contains the control character \\u{9b}"),
    ("title-bidi-override.toml", "1:9", "`title` contains the bidirectional override \\u{202e}"),
    ("tag-bidi-isolate.toml", "2:18", "`tags` contains the bidirectional override \\u{2066}"),
    ("title-zero-width-space.toml", "1:9", "`title` contains the invisible character \\u{200b}"),
    ("tag-soft-hyphen.toml", "2:18", "`tags` contains the invisible character \\u{ad}"),
    // Limits.
    ("text-too-long.toml", "5:8", "`text` is 2001 characters long; the limit is 2000"),
    ("over-four-hours.toml", "3:1", "the exercise reaches 4 hours, the limit"),
    ("max-look-past-four-hours.toml", "3:1", "the exercise reaches 4 hours, the limit"),
    ("too-many-phases.toml", "3:1", "more than 100000 timed phases"),
];

/// Files with several problems: (file, every error's `line:col` in order, a message part
/// for each). Proves that `check` reports every error, not only the first.
const MULTI: &[(&str, &[&str], &[&str])] = &[
    (
        "several-errors.toml",
        &["1:9", "2:1", "6:10", "7:1", "8:10", "14:10", "19:9"],
        &[
            "`title` is empty",
            "unknown key `tempo`",
            "`inhale` can't be negative",
            "unknown key `exhail`",
            "`cycles` must be a whole number",
            "`rounds` must be at least 1",
            "`until` can't be `later`",
        ],
    ),
    (
        // Blank, a cue's words left "[0:00] ." in plain mode and nothing on screen.
        "blank-cue-words.toml",
        &["8:13", "9:14"],
        &["`left_text` is empty", "`right_text` is empty"],
    ),
    (
        "several-steps-broken.toml",
        &["7:9", "10:8", "12:1", "22:12"],
        &[
            "uses `..`",
            "`kind` can't be `warmup`",
            "has no `cycles` or `minutes`",
            "`max_look` (4 s) is shorter than `look` (5 s)",
        ],
    ),
    // A kind's typo never hides the step's other errors: a close kind is read as the
    // one it likely meant, any other for the keys every kind reads alike.
    (
        "misspelt-kind-and-a-type.toml",
        &["4:8", "5:10"],
        &["`kind` can't be `breath`", "`inhale` must be"],
    ),
    (
        "unknown-kind-and-a-type.toml",
        &["4:8", "5:9", "7:9"],
        &[
            "`kind` can't be `stretch`",
            "`title` must be",
            "`sound` must be",
        ],
    ),
    (
        "missing-look-and-rounds.toml",
        &["3:1", "3:1"],
        &["has no `look`", "has no `rounds`"],
    ),
    (
        "empty.toml",
        &["1:1", "1:1"],
        &["needs at least one `[[step]]`", "needs a `title`"],
    ),
];

/// Files checked by tests of their own, below.
const OWN_TESTS: &[&str] = &[
    "sound-missing-file.toml",
    "missing-inhale-beside-inhale-text.toml",
    "missing-look-beside-look-text.toml",
];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What one `steady check` printed.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn errors(&self) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count()
    }

    /// Every problem with the run that holds for any bad input: exit 1, no panic,
    /// valid UTF-8, and nothing that could steer a terminal.
    fn general_problems(&self, raw_out: &[u8], raw_err: &[u8]) -> Vec<String> {
        let mut p = Vec::new();
        if self.code != Some(1) {
            p.push(format!("exit code {:?}, expected 1", self.code));
        }
        if self.stderr.contains("panicked") || self.stderr.contains("RUST_BACKTRACE") {
            p.push("panicked".into());
        }
        for (name, raw) in [("stdout", raw_out), ("stderr", raw_err)] {
            if std::str::from_utf8(raw).is_err() {
                p.push(format!("{name} is not UTF-8"));
            }
            if let Some(b) = raw.iter().find(|&&b| (b < 0x20 && b != b'\n') || b == 0x7f) {
                p.push(format!("{name} contains the control byte {b:#04x}"));
            }
        }
        for (name, s) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            if !terminal_safe(s) {
                let bad: Vec<String> = s
                    .chars()
                    .filter(|&c| !terminal_safe(&c.to_string()))
                    .map(|c| format!("U+{:04X}", c as u32))
                    .collect();
                p.push(format!("{name} is not terminal-safe: {}", bad.join(", ")));
            }
        }
        p
    }
}

/// Runs `steady check ARG` from `dir`, with a private home, and returns what it printed
/// and any general problem.
fn check_in(dir: &Path, arg: impl AsRef<std::ffi::OsStr>) -> (Run, Vec<String>) {
    let home = tempfile::tempdir().expect("temp home");
    let out = harness::steady(home.path())
        .current_dir(dir)
        .arg("check")
        .arg(arg)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("run steady");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let problems = run.general_problems(&out.stdout, &out.stderr);
    (run, problems)
}

/// `check tests/bad/FILE` from the crate root, so paths print as `tests/bad/FILE`.
fn check_bad(file: &str) -> (Run, Vec<String>) {
    check_in(manifest_dir(), format!("tests/bad/{file}"))
}

/// The `--> path:line:col` locations in stderr, in order.
fn locations(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::to_owned)
        .collect()
}

fn fail_report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} problem(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_bad_file_is_refused_with_its_location_and_message() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|&(file, at, message)| case_problems(file, at, message))
        .collect();
    fail_report(&failures);
}

/// Checks one single-problem file; `None` when all is as expected.
fn case_problems(file: &str, at: &str, message: &str) -> Option<String> {
    let (run, mut problems) = check_bad(file);
    let want = format!("--> tests/bad/{file}:{at}");
    if !run.stderr.lines().any(|l| l.trim_start() == want) {
        problems.push(format!("no `{want}` line"));
    }
    if !run.stderr.contains(message) {
        problems.push(format!("no message containing {message:?}"));
    }
    if run.errors() != 1 {
        problems.push(format!("{} errors, expected exactly 1", run.errors()));
    }
    if !run.stderr.contains(&format!("tests/bad/{file}: 1 error")) {
        problems.push("no `FILE: 1 error` summary".into());
    }
    if !run.stdout.is_empty() {
        problems.push("printed to stdout".into());
    }
    (!problems.is_empty()).then(|| {
        format!(
            "{file}: {}\n--- stdout\n{}--- stderr\n{}",
            problems.join("; "),
            run.stdout,
            run.stderr
        )
    })
}

#[test]
fn files_with_several_problems_report_every_one_in_order() {
    let mut failures = Vec::new();
    for &(file, ats, messages) in MULTI {
        assert_eq!(ats.len(), messages.len(), "{file}: table is inconsistent");
        let (run, mut problems) = check_bad(file);
        let n = ats.len();
        if run.errors() != n {
            problems.push(format!("{} errors, expected {n}", run.errors()));
        }
        let want: Vec<String> = ats
            .iter()
            .map(|at| format!("tests/bad/{file}:{at}"))
            .collect();
        let got = locations(&run.stderr);
        if got != want {
            problems.push(format!("locations {got:?}, expected {want:?}"));
        }
        for m in messages {
            if !run.stderr.contains(m) {
                problems.push(format!("no message containing {m:?}"));
            }
        }
        if !run
            .stderr
            .contains(&format!("tests/bad/{file}: {n} errors"))
        {
            problems.push(format!("no `FILE: {n} errors` summary"));
        }
        if !problems.is_empty() {
            failures.push(format!("{file}: {}\n{}", problems.join("; "), run.stderr));
        }
    }
    fail_report(&failures);
}

#[test]
fn the_catalogue_covers_every_file_in_tests_bad_and_nothing_else() {
    let mut on_disk: Vec<String> = std::fs::read_dir(manifest_dir().join("tests/bad"))
        .expect("tests/bad")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES
        .iter()
        .map(|c| c.0)
        .chain(MULTI.iter().map(|m| m.0))
        .chain(OWN_TESTS.iter().copied())
        .map(str::to_owned)
        .collect();
    listed.sort();
    let before = listed.len();
    listed.dedup();
    assert_eq!(before, listed.len(), "a file is listed twice");
    assert_eq!(on_disk, listed, "tests/bad and the tables disagree");
    assert!(CASES.len() + MULTI.len() >= 35, "the catalogue shrank");
}

#[test]
fn checking_several_bad_files_at_once_reports_each_and_exits_1() {
    let home = tempfile::tempdir().expect("temp home");
    let files = [
        "misspelt-step-key.toml",
        "nan-seconds.toml",
        "several-errors.toml",
    ];
    let out = harness::steady(home.path())
        .current_dir(manifest_dir())
        .arg("check")
        .args(files.iter().map(|f| format!("tests/bad/{f}")))
        .arg("exercises/long-exhale.toml")
        .output()
        .expect("run steady");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1 + 1 + 7,
        "{stderr}"
    );
    assert!(
        stdout.contains("ok: exercises/long-exhale.toml"),
        "{stdout}"
    );
    assert!(
        stdout.contains("checked 4 files: 1 ok, 3 with errors"),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------------------
// Generated inputs: too big, binary, odd names, or raw control characters (which we do
// not want to commit to the repository).

/// Writes `bytes` to `dir/name` and checks it by its full path.
fn check_generated(
    dir: &Path,
    name: impl AsRef<std::ffi::OsStr>,
    bytes: &[u8],
) -> (Run, Vec<String>, PathBuf) {
    let path = dir.join(name.as_ref());
    std::fs::write(&path, bytes).expect("write generated file");
    let (run, problems) = check_in(dir, &path);
    (run, problems, path)
}

/// (file name, contents, `line:col`, message part): files with raw control or bidi
/// characters, written here so no such byte is ever committed.
const RAW: &[(&str, &str, &str, &str)] = &[
    (
        "raw-esc-in-title.toml",
        "title = \"a\u{1b}[31mred\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n",
        "1:11",
        "this is not valid TOML",
    ),
    (
        "raw-bell-in-comment.toml",
        "# ding\u{7}\ntitle = \"t\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n",
        "1:7",
        "this is not valid TOML",
    ),
    (
        "raw-c1-in-text.toml",
        "title = \"t\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\u{9b}2Jy\"\nseconds = 5\n",
        "5:8",
        "`text` contains the control character \\u{9b}",
    ),
    (
        "raw-bidi-in-title.toml",
        "title = \"abc\u{202e}fed\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n",
        "1:9",
        "`title` contains the bidirectional override \\u{202e}",
    ),
    (
        "raw-isolate-in-comment-on-bad-line.toml",
        "title = \"t\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = \"5\" # \u{2067}note\u{2069}\n",
        "6:11",
        "`seconds` must be a number of seconds",
    ),
    (
        "raw-tab-in-title.toml",
        "title = \"a\tb\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n",
        "1:9",
        "`title` contains the control character \\u{9}",
    ),
    (
        "tab-indented-error.toml",
        "title = \"t\"\n\n[[step]]\n\tkind = \"prompt\"\n\ttext = \"x\"\n\tseconds = \"5\"\n",
        "6:12",
        "`seconds` must be a number of seconds",
    ),
    (
        "crlf.toml",
        "title = \"t\"\r\n\r\n[[step]]\r\nkind = \"prompt\"\r\ntext = \"x\"\r\nseconds = \"5\"\r\n",
        "6:11",
        "`seconds` must be a number of seconds",
    ),
    (
        "lone-cr.toml",
        "title = \"t\"\rabout = \"x\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n",
        "1:13",
        "carriage return must be followed by newline",
    ),
    (
        "nul-byte.toml",
        "title = \"t\"\n\u{0}\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 5\n",
        "2:1",
        "this is not valid TOML",
    ),
    (
        "text-with-escapes-everywhere.toml",
        "title = \"t\"\n\n[[step]]\nkind = \"prompt\"\ntitle = \"\\u001b]0;pwned\\u0007\"\ntext = \"x\"\nseconds = 5\n",
        "5:9",
        "`title` contains the control character \\u{1b}",
    ),
];

#[test]
fn raw_control_and_bidi_characters_are_reported_and_never_echoed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for &(name, src, at, message) in RAW {
        let (run, mut problems, path) = check_generated(dir.path(), name, src.as_bytes());
        let want = format!("--> {}:{at}", path.display());
        if !run.stderr.lines().any(|l| l.trim_start() == want) {
            problems.push(format!("no `{want}` line"));
        }
        if !run.stderr.contains(message) {
            problems.push(format!("no message containing {message:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}\n{}", problems.join("; "), run.stderr));
        }
    }
    fail_report(&failures);
}

#[test]
fn absurd_nesting_is_a_clean_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, src) in [
        ("arrays.toml", format!("a = {}\n", "[".repeat(20_000))),
        (
            "closed-arrays.toml",
            format!("a = {}{}\n", "[".repeat(20_000), "]".repeat(20_000)),
        ),
        ("tables.toml", format!("a = {}\n", "{ b = ".repeat(20_000))),
        (
            "in-a-step.toml",
            format!(
                "title = \"t\"\n[[step]]\nkind = \"prompt\"\ntext = {}\n",
                "[".repeat(20_000)
            ),
        ),
    ] {
        let (run, problems, path) = check_generated(dir.path(), name, src.as_bytes());
        assert!(problems.is_empty(), "{name}: {problems:?}\n{}", run.stderr);
        assert!(
            run.stderr.contains("this is not valid TOML"),
            "{name}: {}",
            run.stderr
        );
        let prefix = format!("{}:", path.display());
        assert!(
            locations(&run.stderr)
                .iter()
                .all(|l| l.starts_with(&prefix)),
            "{name}: {}",
            run.stderr
        );
        assert!(
            run.stderr.len() < 100_000,
            "{name}: {} bytes of stderr",
            run.stderr.len()
        );
    }
}

#[test]
fn absurd_nesting_is_reported_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = format!("a = {}\n", "[".repeat(20_000));
    let (run, problems, _) = check_generated(dir.path(), "arrays.toml", src.as_bytes());
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        run.errors() <= 2,
        "{} errors:\n{}",
        run.errors(),
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in [
        ("latin1.toml", &b"title = \"caf\xe9\"\n"[..]),
        ("ff.toml", &b"title = \"\xff\"\n"[..]),
        ("utf16.toml", &b"\xff\xfet\x00i\x00t\x00l\x00e\x00"[..]),
    ] {
        let (run, problems, path) = check_generated(dir.path(), name, bytes);
        assert!(problems.is_empty(), "{name}: {problems:?}\n{}", run.stderr);
        assert!(
            run.stderr.contains("this file is not UTF-8 text"),
            "{name}: {}",
            run.stderr
        );
        let prefix = format!("--> {}:1:", path.display());
        assert!(
            run.stderr
                .lines()
                .any(|l| l.trim_start().starts_with(&prefix)),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_points_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (run, problems, path) =
        check_generated(dir.path(), "ff.toml", b"title = \"ok\"\nabout = \"\xff\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    let want = format!("--> {}:2:10", path.display());
    assert!(
        run.stderr.lines().any(|l| l.trim_start() == want),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_over_1_mib_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Two MiB of what would be a very slow file to parse, if it were parsed.
    let mut src = String::from("title = \"t\"\n");
    while src.len() < 2 * 1024 * 1024 {
        src.push_str("a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n");
    }
    let (run, problems, path) = check_generated(dir.path(), "big.toml", src.as_bytes());
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    assert!(
        run.stderr.contains("this file is larger than 1 MiB"),
        "{}",
        run.stderr
    );
    assert_eq!(run.errors(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("--> {}", path.display())),
        "{}",
        run.stderr
    );
}

/// A valid exercise padded with a comment to exactly `len` bytes.
fn padded_exercise(len: usize) -> String {
    let head = "title = \"Padded\"\n\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 3\n# ";
    let mut s = String::from(head);
    s.push_str(&"x".repeat(len - head.len() - 1));
    s.push('\n');
    assert_eq!(s.len(), len);
    s
}

#[test]
fn the_size_limit_is_exactly_1_mib() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp home");
    let at = dir.path().join("at-limit.toml");
    std::fs::write(&at, padded_exercise(1024 * 1024)).expect("write");
    let ok = harness::steady(home.path())
        .arg("check")
        .arg(&at)
        .output()
        .expect("run");
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let (run, problems, _) = check_generated(
        dir.path(),
        "over.toml",
        padded_exercise(1024 * 1024 + 1).as_bytes(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert!(run.stderr.contains("larger than 1 MiB"), "{}", run.stderr);
}

fn prompts(n: usize) -> String {
    let mut s = String::from("title = \"Many steps\"\n");
    for _ in 0..n {
        s.push_str("\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 1\n");
    }
    s
}

#[test]
fn more_than_10000_steps_are_refused_at_the_first_step_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (run, problems, path) =
        check_generated(dir.path(), "many.toml", prompts(10_001).as_bytes());
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("this exercise has 10001 steps; the limit is 10000"),
        "{}",
        run.stderr
    );
    // Line 1 is the title; step n (1-based) starts at line 5n - 2.
    let want = format!("--> {}:{}:1", path.display(), 5 * 10_001 - 2);
    assert!(
        run.stderr.lines().any(|l| l.trim_start() == want),
        "{}",
        run.stderr
    );
    assert_eq!(run.errors(), 1, "{}", run.stderr);

    let home = tempfile::tempdir().expect("temp home");
    let at = dir.path().join("exactly.toml");
    std::fs::write(&at, prompts(10_000)).expect("write");
    let ok = harness::steady(home.path())
        .arg("check")
        .arg(&at)
        .output()
        .expect("run");
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

// Unix only: Windows allows no control characters in file names.
#[cfg(unix)]
#[test]
fn a_file_name_with_control_characters_is_printed_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "evil\u{1b}[2J\u{9b}31m\u{202e}lmot.toml";
    let (run, problems, _) = check_generated(dir.path(), name, b"title = 3\n");
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    let shown = format!(
        "{}/evil\\u{{1b}}[2J\\u{{9b}}31m\\u{{202e}}lmot.toml",
        dir.path().display()
    );
    assert!(
        run.stderr.contains(&format!("--> {shown}:1:9")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{shown}: 2 errors")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`title` must be text in quotes, not a whole number"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_file_a_folder_and_an_escape_in_a_missing_name_are_clean_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (run, problems) = check_in(dir.path(), "nowhere.toml");
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    assert!(run.stderr.contains("no such file"), "{}", run.stderr);

    let (run, problems) = check_in(dir.path(), "./");
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    assert!(run.stderr.contains("this is a folder"), "{}", run.stderr);

    let (run, problems) = check_in(dir.path(), "gone\u{1b}[31m.toml");
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    assert!(
        run.stderr.contains("gone\\u{1b}[31m.toml"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_printed_safely() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let name = std::ffi::OsStr::from_bytes(b"latin1-\xe9\x1b.toml");
    let (run, problems, _) = check_generated(dir.path(), name, b"title = 3\n");
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    assert!(
        run.stderr.contains("latin1-\u{fffd}\\u{1b}.toml:1:9"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_very_long_line_is_cut_around_the_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut src = String::from("title = \"t\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\n");
    let _ = write!(
        src,
        "sound = \"{}\" ; oops = 1\nseconds = 5\n",
        "a".repeat(50_000)
    );
    let (run, problems, path) = check_generated(dir.path(), "long-line.toml", src.as_bytes());
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stderr);
    let want = format!("--> {}:6:50012", path.display());
    assert!(
        run.stderr.lines().any(|l| l.trim_start() == want),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.len() < 2_000,
        "{} bytes:\n{}",
        run.stderr.len(),
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Cases that need more than one location or message: each has a test of its own.

#[test]
fn a_sound_file_that_does_not_exist_is_an_error() {
    fail_report(&Vec::from_iter(case_problems(
        "sound-missing-file.toml",
        "5:9",
        "sounds/nowhere.ogg",
    )));
}

#[test]
fn a_missing_required_key_is_reported_even_beside_a_similar_valid_key() {
    let failures: Vec<String> = [
        (
            "missing-inhale-beside-inhale-text.toml",
            "3:1",
            "this `breathe` step has no `inhale`",
        ),
        (
            "missing-look-beside-look-text.toml",
            "3:1",
            "this `eye-contact` step has no `look`",
        ),
    ]
    .iter()
    .filter_map(|&(file, at, message)| case_problems(file, at, message))
    .collect();
    fail_report(&failures);
}

#[test]
fn an_enormous_number_is_not_printed_in_full() {
    let (run, problems) = check_bad("seconds-1e308.toml");
    assert!(problems.is_empty(), "{problems:?}");
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or_default();
    assert!(line.len() < 120, "{} chars: {line}", line.len());
}

#[test]
fn help_text_is_printed_as_lines_not_escapes() {
    let (run, problems) = check_bad("no-steps.toml");
    assert!(problems.is_empty(), "{problems:?}");
    assert!(!run.stderr.contains("\\u{a}"), "{}", run.stderr);
}

#[test]
fn a_misspelt_required_top_level_key_is_reported_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src =
        "titel = \"x\"\n\n[[steps]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 3\n";
    let (run, problems, _) = check_generated(dir.path(), "misspelt.toml", src.as_bytes());
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        run.stderr.contains("did you mean `title`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `step`?"),
        "{}",
        run.stderr
    );
    assert_eq!(run.errors(), 2, "{}", run.stderr);
}

#[test]
fn one_missing_bracket_gives_at_most_ten_syntax_errors() {
    let mut src = String::from("title = \"t\"\ntags = [\"a\", \"b\"\n");
    for i in 0..200 {
        let _ = writeln!(src, "k{i} = {i}");
    }
    src.push_str("[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 3\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let (run, problems, _) = check_generated(dir.path(), "missing-bracket.toml", src.as_bytes());
    fail_report(&problems);
    assert_eq!(run.code, Some(1));
    let shown = locations(&run.stderr).len();
    assert!((1..=10).contains(&shown), "{shown} errors:\n{}", run.stderr);
}

#[test]
fn a_file_of_thousands_of_errors_prints_a_bounded_report() {
    // Just under 1 MiB of bad tags on one line: each would print its own diagnostic,
    // and drawing each used to read the whole line.
    let mut src = String::from("title = \"t\"\ntags = [");
    while src.len() < 1_000_000 {
        src.push_str("\"a\\u0007b\",");
    }
    src.push_str("]\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 3\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let (run, problems, _) = check_generated(dir.path(), "many-errors.toml", src.as_bytes());
    fail_report(&problems);
    assert_eq!(run.code, Some(1));
    assert_eq!(locations(&run.stderr).len(), 50, "{}", &run.stderr[..2000]);
    assert!(
        run.stderr.len() <= 64 * 1024 + 4096,
        "{} bytes",
        run.stderr.len()
    );
    assert!(run.stderr.contains("more errors in this file, not shown"));
}

/// A shared file whose text is a wall of braces is read in one pass: each `{` looks at
/// most a placeholder's length ahead. It gets the length error, and no placeholder one.
#[test]
fn a_text_of_braces_is_not_read_once_per_brace() {
    let src = format!(
        "title = \"t\"\nformat = 2\n[[step]]\nkind = \"prompt\"\ntext = \"{}\"\nseconds = 5\n",
        "{".repeat(300_000)
    );
    let errors = crate::harness::parse_errors(&src);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("characters long"), "{errors:?}");
}
