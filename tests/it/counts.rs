//! Counting from the command line: what records a completion, what never does, and
//! what happens when the counts file can't be used. The practice always plays and
//! always exits 0: it happened, whatever became of the count.

use std::fs;
use std::path::Path;

use crate::harness;

const TINY: &str =
    "title = \"Tiny\"\n[[step]]\nkind = \"breathe\"\ninhale = 0.2\nexhale = 0.3\ncycles = 1\n";

fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join("tiny.toml"), TINY).unwrap();
    home
}

fn run(home: &Path, extra: &[&str]) -> (bool, String, String) {
    let (code, stdout, stderr) = harness::out(harness::plain_run(home, "tiny.toml").args(extra));
    (code == 0, stdout, stderr)
}

fn counts_file(home: &Path) -> std::path::PathBuf {
    home.join("data").join("steady").join("completions.toml")
}

#[test]
fn each_completion_adds_one_and_the_closing_words_say_so() {
    let home = home();
    let (ok, out, _) = run(home.path(), &[]);
    assert!(ok && out.contains("Completed once."), "{out}");
    let (ok, out, _) = run(home.path(), &[]);
    assert!(ok && out.contains("Completed 2 times."), "{out}");
    assert!(
        fs::read_to_string(counts_file(home.path()))
            .unwrap()
            .contains("tiny = 2")
    );
}

#[test]
fn no_record_speed_and_record_false_count_nothing() {
    let home = home();
    for extra in [
        &["--no-record"][..],
        &["--speed", "10"],
        &["--speed", "0.5"],
    ] {
        let (ok, out, err) = run(home.path(), extra);
        assert!(ok, "{extra:?}: {err}");
        assert!(
            out.contains("That's the end.") && !out.contains("Completed"),
            "{extra:?}: {out}"
        );
    }
    let config = home.path().join("config").join("steady");
    fs::create_dir_all(&config).unwrap();
    fs::write(config.join("config.toml"), "record = false\n").unwrap();
    let (ok, out, _) = run(home.path(), &[]);
    assert!(ok && !out.contains("Completed"), "{out}");
    assert!(!counts_file(home.path()).exists(), "nothing was written");
    assert!(!home.path().join("data").exists(), "not even the folder");
}

#[test]
fn show_counts_false_records_but_shows_no_count_anywhere() {
    let home = home();
    let config = home.path().join("config").join("steady");
    fs::create_dir_all(&config).unwrap();
    fs::write(config.join("config.toml"), "show_counts = false\n").unwrap();
    let (ok, out, _) = run(home.path(), &[]);
    assert!(ok && !out.contains("Completed"), "{out}");
    assert!(
        fs::read_to_string(counts_file(home.path()))
            .unwrap()
            .contains("tiny = 1")
    );
    let list = harness::steady(home.path()).arg("list").output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(!list.contains("DONE"), "{list}");
    let stats = harness::steady(home.path()).arg("stats").output().unwrap();
    let stats = String::from_utf8_lossy(&stats.stdout);
    assert!(
        stats.contains("hidden") && !stats.contains("tiny"),
        "{stats}"
    );
}

#[test]
fn a_corrupt_counts_file_is_named_left_alone_and_the_practice_still_plays() {
    let home = home();
    let file = counts_file(home.path());
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    let corrupt = "tiny = \"lots\"\n";
    fs::write(&file, corrupt).unwrap();
    let (ok, out, err) = run(home.path(), &[]);
    assert!(ok, "exit 0: the practice happened");
    assert!(out.contains("That's the end."), "{out}");
    assert!(out.contains("could not be counted"), "{out}");
    assert!(
        err.contains("completions.toml") && err.contains("line 1, column 8"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        corrupt,
        "never overwritten"
    );
}

#[test]
fn a_data_folder_that_is_a_file_plays_and_says_the_count_was_not_saved() {
    let home = home();
    let blocker = home.path().join("blocker");
    fs::write(&blocker, "a file, not a folder").unwrap();
    let out = harness::steady(home.path())
        .args(["run", "tiny.toml"])
        .env("STEADY_DATA_DIR", blocker.join("steady"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        stdout.contains("That's the end.") && stdout.contains("could not be counted"),
        "{stdout}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_eq!(
        fs::read_to_string(&blocker).unwrap(),
        "a file, not a folder"
    );
}

#[test]
fn eye_contact_holds_grow_with_the_count() {
    let home = home();
    let gaze = "title = \"Gaze\"\n[[step]]\nkind = \"eye-contact\"\nlook = 0.2\naway = 0.1\nrounds = 1\ngrow = 0.1\nmax_look = 0.4\n";
    fs::write(home.path().join("gaze.toml"), gaze).unwrap();
    let look = |home: &Path| {
        let out = harness::steady(home)
            .args(["run", "gaze.toml"])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&out.stdout).into_owned();
        out.lines()
            .find(|l| l.starts_with("Eye contact today"))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        look(home.path()),
        "Eye contact today: 0.2 seconds each look."
    );
    assert_eq!(
        look(home.path()),
        "Eye contact today: 0.3 seconds each look."
    );
    assert_eq!(
        look(home.path()),
        "Eye contact today: 0.4 seconds each look."
    );
    assert_eq!(
        look(home.path()),
        "Eye contact today: 0.4 seconds each look.",
        "capped by max_look"
    );
}

#[test]
fn forget_asks_refuses_without_a_terminal_and_erases_with_yes() {
    let home = home();
    run(home.path(), &[]);
    let out = harness::steady(home.path()).arg("forget").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert!(counts_file(home.path()).exists());
    let out = harness::steady(home.path())
        .args(["forget", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!counts_file(home.path()).exists());
}

/// A file in the person's own folder, run by its path, is that exercise: nothing to
/// say about sharing a count with itself.
#[test]
fn a_library_file_run_by_its_own_path_is_not_said_to_share_a_count() {
    let home = home();
    let dir = home.path().join("exercises");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("evening.toml"), TINY).unwrap();
    let out = harness::steady(home.path())
        .arg("run")
        .arg(dir.join("evening.toml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("Completed"), "{stdout}");
    assert!(!stdout.contains("share one count"), "{stdout}");
}

#[test]
fn a_path_named_like_a_library_exercise_shares_its_count_and_says_so() {
    let home = home();
    fs::write(home.path().join("long-exhale.toml"), TINY).unwrap();
    let out = harness::steady(home.path())
        .args(["run", "./long-exhale.toml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("share one count"), "{stdout}");
    let (_, out, _) = run(home.path(), &[]);
    assert!(
        !out.contains("share one count"),
        "tiny is no library id: {out}"
    );
    let counts = fs::read_to_string(counts_file(home.path())).unwrap();
    assert!(
        counts.contains("long-exhale = 1") && counts.contains("tiny = 1"),
        "{counts}"
    );
}

/// `stats` names each count by the exercise's title, as the picker does, with its id;
/// a count whose exercise is gone keeps its id alone.
#[test]
fn stats_names_each_count_by_its_title() {
    let home = home();
    let file = counts_file(home.path());
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, "long-exhale = 3\ngone = 1\n").unwrap();
    let stats = harness::steady(home.path()).arg("stats").output().unwrap();
    let stats = String::from_utf8_lossy(&stats.stdout);
    assert!(stats.contains("Longer exhale (long-exhale)  3"), "{stats}");
    assert!(stats.lines().any(|l| l.starts_with("gone ")), "{stats}");
}

/// `list` gives the length today's look makes, as the picker does: after staying at a
/// look, from the practices that grew it, not from the count; counts hidden or not.
#[test]
fn list_lengths_follow_the_look_a_stay_kept() {
    let length_in = |counts: &str, extra: &[&str]| {
        let home = home();
        let dir = home.path().join("data").join("steady");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("completions.toml"), counts).unwrap();
        let (code, out, err) = harness::out(harness::steady(home.path()).args(extra).arg("list"));
        assert_eq!(code, 0, "{err}");
        let row = out
            .lines()
            .find(|l| l.starts_with("eye-contact-mirror "))
            .unwrap_or_default()
            .to_owned();
        row.split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .nth(2)
            .unwrap_or_default()
            .to_owned()
    };
    let stayed = length_in("eye-contact-mirror = { count = 5, grown = 3 }\n", &[]);
    assert_eq!(stayed, length_in("eye-contact-mirror = 3\n", &[]));
    assert_ne!(stayed, length_in("eye-contact-mirror = 5\n", &[]));
    assert_eq!(
        stayed,
        length_in(
            "eye-contact-mirror = { count = 5, grown = 3 }\n",
            &["--no-show-counts"]
        )
    );
}
