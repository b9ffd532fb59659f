//! The completion-counts store: the one file steady keeps, how it is written, and how it
//! refuses what it must not touch. Library tests first, then the binary end to end.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use steady::store::*;

use crate::harness;

fn counts(pairs: &[(&str, u32)]) -> Counts {
    pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect()
}

fn mtime(p: &Path) -> SystemTime {
    fs::symlink_metadata(p).unwrap().modified().unwrap()
}

fn atime(p: &Path) -> SystemTime {
    fs::symlink_metadata(p).unwrap().accessed().unwrap()
}

/// Every line is a header comment or `key = N`: nothing else, so nothing that could be a
/// date, a time or a duration.
fn assert_only_counts(text: &str) {
    let mut body = false;
    for line in text.lines() {
        if line.is_empty() {
            body = true;
            continue;
        }
        if !body {
            assert!(line.starts_with("# "), "not a header line: {line:?}");
            assert!(
                !line.chars().any(|c| c.is_ascii_digit()),
                "digits in {line:?}"
            );
            continue;
        }
        let (key, n) = line
            .rsplit_once(" = ")
            .unwrap_or_else(|| panic!("{line:?}"));
        assert!(!key.is_empty() && n.parse::<u32>().is_ok(), "{line:?}");
        if !key.starts_with(['"', '\'']) {
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{line:?}"
            );
        }
    }
}

fn assert_fixed(dir: &Path) {
    let t = fixed_time();
    assert_eq!(mtime(&dir.join(FILE)), t, "counts file mtime");
    assert_eq!(atime(&dir.join(FILE)), t, "counts file atime");
    assert_eq!(mtime(&dir.join(LOCK)), t, "lock mtime");
    assert_eq!(mtime(dir), t, "folder mtime");
    // Where the system shows when a file was made, that says nothing either.
    #[cfg(any(windows, target_os = "macos"))]
    for p in [dir.join(FILE), dir.to_owned()] {
        let made = fs::symlink_metadata(&p).unwrap().created().unwrap();
        assert_eq!(made, t, "{} creation time", p.display());
    }
}

fn corrupt_at(e: StoreError) -> (Option<(usize, usize)>, String) {
    match e {
        StoreError::Corrupt { at, problem, .. } => (at, problem),
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// The file

#[test]
fn counts_round_trip_sorted_with_odd_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("steady"));
    assert_eq!(store.read().unwrap(), Counts::new());
    assert_eq!(store.count("box").unwrap(), 0);
    assert!(!store.dir().exists(), "reading must not create the folder");

    let odd = [
        "z-last",
        "box",
        "with \"quotes\"",
        "it's",
        "a=b",
        "ünïcødé 🌿",
        "new\nline",
        "x.y",
        "[table]",
        "# not a comment",
    ];
    for (i, id) in odd.iter().enumerate() {
        for _ in 0..=i {
            store.record(id).unwrap();
        }
    }
    assert_eq!(store.record("box").unwrap(), 3);
    let mut want: Counts = odd
        .iter()
        .enumerate()
        .map(|(i, id)| (id.to_string(), i as u32 + 1))
        .collect();
    want.insert("box".into(), 3);
    assert_eq!(store.read().unwrap(), want);
    assert_eq!(store.count("a=b").unwrap(), 5);

    let text = fs::read_to_string(store.path()).unwrap();
    assert!(text.starts_with("# steady: how many times each exercise was completed.\n"));
    assert!(text.contains("\n# Nothing else is kept"), "{text}");
    assert!(text.contains("`steady forget`"), "{text}");
    assert!(text.contains("\nbox = 3\n"), "{text}");
    assert!(text.contains("\n\"a=b\" = 5\n"), "{text}");
    assert_only_counts(&text);
    // Sorted: the lines after the header appear in the map's order.
    let body: Vec<_> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(body.len(), want.len());
    let reparsed: Vec<_> = body
        .iter()
        .map(|l| {
            toml::from_str::<BTreeMap<String, u32>>(l)
                .unwrap()
                .into_keys()
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(reparsed, want.keys().cloned().collect::<Vec<_>>());
    assert_eq!(
        fs::read_dir(store.dir()).unwrap().count(),
        2,
        "only the counts file and the lock"
    );
}

#[test]
fn counts_saturate_at_the_largest_number() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().to_owned());
    fs::write(store.path(), format!("x = {}\n", u32::MAX)).unwrap();
    assert_eq!(store.record("x").unwrap(), u32::MAX);
    assert_eq!(store.count("x").unwrap(), u32::MAX);
}

#[test]
fn a_hand_edited_file_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().to_owned());
    fs::write(
        store.path(),
        "# mine\n\nbox = 4 # comment\n'long-exhale' = 0x2\n",
    )
    .unwrap();
    assert_eq!(
        store.read().unwrap(),
        counts(&[("box", 4), ("long-exhale", 2)])
    );
    assert_eq!(store.record("box").unwrap(), 5);
}

#[test]
fn every_write_and_the_folder_carry_the_fixed_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data").join("steady");
    let store = Store::new(dir.clone());
    store.record("box").unwrap();
    assert_fixed(&dir);
    store.record("eye-contact").unwrap();
    assert_fixed(&dir);
    assert_eq!(store.forget(Some("box")).unwrap(), Forgot::Entry(1));
    assert_fixed(&dir);
    assert_eq!(store.forget(Some("nope")).unwrap(), Forgot::Nothing);
    assert_fixed(&dir);
    assert_eq!(store.read().unwrap(), counts(&[("eye-contact", 1)]));
    // Reading does not tell when steady was last opened either.
    assert_eq!(atime(&dir.join(FILE)), fixed_time());
}

#[cfg(unix)]
#[test]
fn the_counts_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data").join("steady");
    let store = Store::new(dir.clone());
    store.record("box").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join(FILE)), 0o600);
    assert_eq!(mode(&dir.join(LOCK)), 0o600);
}

#[test]
fn forgetting_one_entry_keeps_the_rest_and_the_last_leaves_the_header() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("steady"));
    assert_eq!(store.forget(Some("box")).unwrap(), Forgot::Nothing);
    assert_eq!(store.forget(None).unwrap(), Forgot::Nothing);
    assert!(
        !store.dir().exists(),
        "forgetting must not create the folder"
    );

    store.record("box").unwrap();
    store.record("box").unwrap();
    store.record("scan").unwrap();
    assert_eq!(store.forget(Some("box")).unwrap(), Forgot::Entry(2));
    assert_eq!(store.read().unwrap(), counts(&[("scan", 1)]));
    assert_eq!(store.forget(Some("scan")).unwrap(), Forgot::Entry(1));
    let text = fs::read_to_string(store.path()).unwrap();
    assert!(text.lines().all(|l| l.starts_with("# ")), "{text}");
    assert_eq!(store.read().unwrap(), Counts::new());
}

#[test]
fn forgetting_everything_leaves_an_empty_folder_with_the_fixed_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("steady");
    let store = Store::new(dir.clone());
    store.record("box").unwrap();
    // A temporary file a killed writer left behind holds counts too.
    fs::write(dir.join("completions.toml.tmp"), "box = 9\n").unwrap();
    assert_eq!(store.forget(None).unwrap(), Forgot::All);
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
    assert_eq!(mtime(&dir), fixed_time());
    assert_eq!(store.read().unwrap(), Counts::new());
    assert_eq!(store.forget(None).unwrap(), Forgot::Nothing);
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
    assert_eq!(store.record("box").unwrap(), 1);
}

#[test]
fn forgetting_everything_deletes_even_a_corrupt_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().to_owned());
    fs::write(store.path(), "box = = 1\n").unwrap();
    assert!(store.forget(Some("box")).is_err());
    assert_eq!(store.forget(None).unwrap(), Forgot::All);
    assert!(!store.path().exists());
}

#[test]
fn a_leftover_temporary_file_or_link_there_does_not_stop_a_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("steady");
    let store = Store::new(dir.clone());
    store.record("box").unwrap();
    fs::write(dir.join("completions.toml.tmp"), "half a wr").unwrap();
    assert_eq!(store.record("box").unwrap(), 2);
    assert!(!dir.join("completions.toml.tmp").exists());

    #[cfg(unix)]
    {
        let outside = tmp.path().join("outside.txt");
        fs::write(&outside, "keep me").unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("completions.toml.tmp")).unwrap();
        assert_eq!(store.record("box").unwrap(), 3);
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep me");
    }
}

// ---------------------------------------------------------------------------------------
// Corrupt files are never overwritten

#[test]
fn corrupt_files_are_reported_with_their_place_and_left_as_they_are() {
    let whole = "must be a whole number from 0 to 4294967295";
    type Case<'a> = (&'a [u8], Option<(usize, usize)>, &'a str);
    let cases: &[Case] = &[
        (b"box = 1\nscan = = 2\n", Some((2, 8)), "expected"),
        (b"x = -1\n", Some((1, 5)), whole),
        (b"box = 2\nx = \"3\"\n", Some((2, 5)), "not text"),
        (b"x = 1.5\n", Some((1, 5)), "not a decimal number"),
        (b"x = 4294967296\n", Some((1, 5)), "not a number that large"),
        (b"box = 1\n[table]\nx = 1\n", Some((2, 2)), "is a table"),
        (b"box = 1\nsc\xffan = 2\n", Some((2, 3)), "not UTF-8"),
    ];
    for &(bytes, at, words) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().to_owned());
        fs::write(store.path(), bytes).unwrap();
        let before = mtime(&store.path());
        for result in [store.record("box").map(|_| ()), store.read().map(|_| ())] {
            let e = result.expect_err("corrupt");
            let sentence = e.sentence();
            let (got_at, problem) = corrupt_at(e);
            assert_eq!(got_at, at, "{bytes:?}: {problem}");
            assert!(problem.contains(words), "{bytes:?}: {problem}");
            assert!(
                sentence.starts_with(&format!(
                    "the counts file {} could not be read: line {}, column {}: ",
                    store.path().display(),
                    at.unwrap().0,
                    at.unwrap().1
                )),
                "{sentence}"
            );
        }
        assert!(store.forget(Some("box")).is_err());
        assert_eq!(
            fs::read(store.path()).unwrap(),
            bytes,
            "the file was changed"
        );
        assert_eq!(mtime(&store.path()), before);
        assert!(!tmp.path().join("completions.toml.tmp").exists());
    }
}

#[test]
fn a_file_over_one_mib_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().to_owned());
    let mut big = b"x = 1\n".to_vec();
    big.resize(1024 * 1024 + 1, b'\n');
    fs::write(store.path(), &big).unwrap();
    let e = store.record("x").unwrap_err();
    assert!(
        e.sentence()
            .ends_with("larger than 1 MiB, far more than counts ever need"),
        "{}",
        e.sentence()
    );
    assert_eq!(corrupt_at(e).0, None);
    assert_eq!(fs::read(store.path()).unwrap(), big);

    // Exactly 1 MiB is still read.
    big.truncate(1024 * 1024);
    fs::write(store.path(), &big).unwrap();
    assert_eq!(store.count("x").unwrap(), 1);
}

#[test]
fn a_folder_where_the_file_should_be_is_an_io_error() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().to_owned());
    fs::create_dir(store.path()).unwrap();
    let e = store.record("x").unwrap_err();
    assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
    assert!(
        e.sentence().contains("this is a folder, not a file"),
        "{}",
        e.sentence()
    );
    assert!(store.path().is_dir());
}

// ---------------------------------------------------------------------------------------
// Links are never followed

#[cfg(unix)]
#[test]
fn a_linked_counts_file_is_refused_and_its_target_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("steady");
    fs::create_dir(&dir).unwrap();
    let outside = tmp.path().join("elsewhere.toml");
    fs::write(&outside, "box = 5\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join(FILE)).unwrap();
    let store = Store::new(dir.clone());
    for e in [
        store.read().map(|_| ()).unwrap_err(),
        store.count("box").map(|_| ()).unwrap_err(),
        store.record("box").map(|_| ()).unwrap_err(),
        store.forget(Some("box")).map(|_| ()).unwrap_err(),
        store.forget(None).map(|_| ()).unwrap_err(),
    ] {
        assert!(
            matches!(&e, StoreError::Link { path } if *path == dir.join(FILE)),
            "{e:?}"
        );
        assert!(
            e.sentence().starts_with("the counts file "),
            "{}",
            e.sentence()
        );
        assert!(e.sentence().contains("symbolic link"), "{}", e.sentence());
    }
    assert_eq!(fs::read_to_string(&outside).unwrap(), "box = 5\n");
    assert!(
        fs::symlink_metadata(dir.join(FILE))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn a_linked_lock_is_refused_and_its_target_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("steady");
    fs::create_dir(&dir).unwrap();
    let outside = tmp.path().join("precious.txt");
    fs::write(&outside, "keep").unwrap();
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_234_567_890);
    File::options()
        .write(true)
        .open(&outside)
        .unwrap()
        .set_modified(old)
        .unwrap();
    std::os::unix::fs::symlink(&outside, dir.join(LOCK)).unwrap();
    let store = Store::new(dir.clone());
    for e in [
        store.record("box").map(|_| ()).unwrap_err(),
        store.forget(Some("box")).map(|_| ()).unwrap_err(),
    ] {
        assert!(
            matches!(&e, StoreError::Link { path } if *path == dir.join(LOCK)),
            "{e:?}"
        );
        assert!(
            e.sentence().starts_with("the lock file "),
            "{}",
            e.sentence()
        );
    }
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
    assert_eq!(mtime(&outside), old);
    assert!(!store.path().exists());

    // A dangling link must not create its target either.
    fs::remove_file(dir.join(LOCK)).unwrap();
    let nowhere = tmp.path().join("created-through-link");
    std::os::unix::fs::symlink(&nowhere, dir.join(LOCK)).unwrap();
    assert!(matches!(store.record("box"), Err(StoreError::Link { .. })));
    assert!(!nowhere.exists());

    // Starting afresh removes the link itself, and nothing it points to.
    assert_eq!(store.forget(None).unwrap(), Forgot::Nothing);
    assert!(fs::symlink_metadata(dir.join(LOCK)).is_err());
    assert!(!nowhere.exists());
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
}

// ---------------------------------------------------------------------------------------
// A path through a regular file

/// What steady says of a data folder whose path runs through a file.
const THROUGH_A_FILE: &str = if cfg!(windows) {
    "a file with that name is in the way"
} else {
    "part of this path is a file, not a folder"
};

#[test]
fn a_data_path_through_a_file_is_an_io_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-folder");
    fs::write(&file, "x").unwrap();

    let through = Store::new(file.join("steady"));
    let mut errors = vec![through.record("x").map(|_| ()).unwrap_err()];
    // Unix says at every step that part of the path is a file. Windows sees such a path
    // as one that does not exist: there are no counts to read or forget, and recording
    // finds the file in the way of the folder it makes.
    if cfg!(windows) {
        assert_eq!(through.read().unwrap(), Counts::new());
        assert_eq!(through.count("x").unwrap(), 0);
        assert_eq!(through.forget(Some("x")).unwrap(), Forgot::Nothing);
        assert_eq!(through.forget(None).unwrap(), Forgot::Nothing);
    } else {
        errors.extend([
            through.read().map(|_| ()).unwrap_err(),
            through.count("x").map(|_| ()).unwrap_err(),
            through.forget(Some("x")).map(|_| ()).unwrap_err(),
            through.forget(None).map(|_| ()).unwrap_err(),
        ]);
    }
    for e in errors {
        assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
        let s = e.sentence();
        assert!(s.contains(&*file.to_string_lossy()), "{s}");
        assert!(s.contains(THROUGH_A_FILE), "{s}");
        assert!(!s.contains("os error"), "{s}");
    }

    let is_file = Store::new(file.clone());
    let e = is_file.record("x").unwrap_err();
    assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
    assert!(
        e.sentence()
            .contains("could not be created: a file with that name is in the way"),
        "{}",
        e.sentence()
    );
    if cfg!(windows) {
        assert_eq!(is_file.read().unwrap(), Counts::new());
    } else {
        assert!(is_file.read().is_err());
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
}

// ---------------------------------------------------------------------------------------
// Faults mid-write

#[derive(Clone, Copy)]
enum Fault {
    Write,
    Sync,
    Rename,
}

struct Faulty(Fault);

impl Disk for Faulty {
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        if let Fault::Write = self.0 {
            // Half the text reaches the disk, then it fills up.
            io::Write::write_all(file, &bytes[..bytes.len() / 2])?;
            return Err(io::ErrorKind::StorageFull.into());
        }
        io::Write::write_all(file, bytes)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        if let Fault::Sync = self.0 {
            return Err(io::Error::other("injected sync failure"));
        }
        file.sync_all()
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        if let Fault::Rename = self.0 {
            return Err(io::ErrorKind::PermissionDenied.into());
        }
        fs::rename(from, to)
    }
}

fn fault_leaves_old_counts(fault: Fault, words: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("steady");
    let good = Store::new(dir.clone());
    good.record("box").unwrap();
    good.record("box").unwrap();
    let before = fs::read(good.path()).unwrap();

    let bad = Store::with_disk(dir.clone(), Faulty(fault));
    for e in [
        bad.record("box").unwrap_err(),
        bad.record("new").unwrap_err(),
        bad.forget(Some("box")).unwrap_err(),
    ] {
        assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
        assert!(e.sentence().contains(words), "{}", e.sentence());
        assert!(!e.sentence().contains("os error"), "{}", e.sentence());
        assert_eq!(fs::read(good.path()).unwrap(), before);
        assert!(
            !dir.join("completions.toml.tmp").exists(),
            "temporary file left"
        );
    }
    assert_eq!(good.count("box").unwrap(), 2);
    assert_eq!(good.record("box").unwrap(), 3);
}

#[test]
fn a_failed_write_leaves_the_old_counts() {
    fault_leaves_old_counts(Fault::Write, "the new counts could not be written to");
}

#[test]
fn a_failed_sync_leaves_the_old_counts() {
    fault_leaves_old_counts(Fault::Sync, "injected sync failure");
}

#[test]
fn a_failed_rename_leaves_the_old_counts() {
    fault_leaves_old_counts(Fault::Rename, "could not be put in place as");
}

// ---------------------------------------------------------------------------------------
// Concurrency within one process

#[test]
fn eight_threads_recording_at_once_all_count() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Arc::new(tmp.path().join("steady"));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let dir = Arc::clone(&dir);
            std::thread::spawn(move || {
                let store = Store::new(dir.to_path_buf());
                for _ in 0..25 {
                    store.record("x").unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = Store::new(dir.to_path_buf());
    assert_eq!(store.count("x").unwrap(), 200);
    assert_fixed(&dir);
}

#[test]
fn forgetting_everything_while_others_record_never_breaks_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Arc::new(tmp.path().join("steady"));
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let dir = Arc::clone(&dir);
            std::thread::spawn(move || {
                let store = Store::new(dir.to_path_buf());
                for _ in 0..25 {
                    store.record("x").unwrap();
                }
            })
        })
        .collect();
    let forgetter = {
        let dir = Arc::clone(&dir);
        std::thread::spawn(move || {
            let store = Store::new(dir.to_path_buf());
            for _ in 0..10 {
                store.forget(None).unwrap();
                std::thread::yield_now();
            }
        })
    };
    for t in writers {
        t.join().unwrap();
    }
    forgetter.join().unwrap();
    let store = Store::new(dir.to_path_buf());
    let n = store.count("x").unwrap();
    assert!(n <= 100, "{n}");
    assert_eq!(store.record("x").unwrap(), n + 1);
    assert!(!dir.join("completions.toml.tmp").exists());
}

// ---------------------------------------------------------------------------------------
// Sentences are safe to print

#[cfg(unix)]
#[test]
fn every_sentence_escapes_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let escaped = "da\\u{1b}[31mta";

    let corrupt = Store::new(tmp.path().join("da\u{1b}[31mta"));
    fs::create_dir(corrupt.dir()).unwrap();
    fs::write(corrupt.path(), "x = -1\n").unwrap();

    let linked = Store::new(tmp.path().join("li\u{1b}[31mnk"));
    fs::create_dir(linked.dir()).unwrap();
    std::os::unix::fs::symlink("/nowhere", linked.path()).unwrap();

    let blocker = tmp.path().join("fi\u{1b}[31mle");
    fs::write(&blocker, "").unwrap();
    let through = Store::new(blocker.join("steady"));

    for (e, name) in [
        (corrupt.record("x").unwrap_err(), escaped.to_owned()),
        (linked.record("x").unwrap_err(), "li\\u{1b}[31mnk".into()),
        (through.record("x").unwrap_err(), "fi\\u{1b}[31mle".into()),
    ] {
        let s = e.sentence();
        assert!(s.contains(&name), "{s}");
        assert!(!s.contains('\u{1b}'), "raw escape in {s:?}");
        assert!(harness::terminal_safe(&s), "{s:?}");
        assert_eq!(e.to_string(), s);
    }
}

// ---------------------------------------------------------------------------------------
// The binary, end to end

const ONE_SECOND: &str =
    "title = \"One second\"\n\n[[step]]\nkind = \"prompt\"\ntext = \"x\"\nseconds = 1\n";

/// A private home with the one-second fixture written into it.
fn home_with_fixture() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let fixture = home.path().join("one-second.toml");
    fs::write(&fixture, ONE_SECOND).unwrap();
    (home, fixture)
}

fn data_dir(home: &Path) -> PathBuf {
    home.join("data").join("steady")
}

fn complete(home: &Path, fixture: &Path) {
    let out = harness::plain_run(home, fixture)
        .arg("--plain")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn store_count(home: &Path, id: &str) -> u32 {
    Store::new(data_dir(home)).count(id).unwrap()
}

/// Path, size and modification time of every file (not folder) under `root`.
/// Every file under `root` but the sound server's own: where PulseAudio runs, its
/// client library keeps a link to its runtime folder in `$XDG_CONFIG_HOME/pulse` for
/// every program that plays a sound, steady or not.
#[cfg(unix)]
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.path() == root.join("config/pulse") {
                continue;
            }
            let meta = fs::symlink_metadata(entry.path()).unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(root).unwrap().to_owned();
                out.insert(rel, (meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out
}

fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends SIGINT once the first line of the exercise is on stdout.
#[cfg(unix)]
fn interrupt_after_first_line(mut child: Child) -> std::process::Output {
    use std::io::BufRead;
    let stdout = child.stdout.take().unwrap();
    let mut lines = io::BufReader::new(stdout).lines();
    let first = lines.next().expect("a first line").unwrap();
    assert!(!first.is_empty());
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let mut out = child.wait_with_output().unwrap();
    out.stdout = format!("{first}\n{}", rest.join("\n")).into_bytes();
    out
}

#[cfg(unix)]
#[test]
fn a_run_keeps_nothing_but_the_count() {
    let (home, fixture) = home_with_fixture();
    let home = home.path();
    // Everything steady would ever create, made now, so the snapshot sees any change.
    for d in ["config", "data", "state", "cache", "exercises"] {
        fs::create_dir_all(home.join(d)).unwrap();
    }
    let before = snapshot(home);
    // Make any write after this point show as a new modification time.
    std::thread::sleep(Duration::from_millis(20));

    complete(home, &fixture);

    // A stopped run and a preview count nothing.
    let child = harness::plain_run(home, &fixture)
        .arg("--plain")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stopped = interrupt_after_first_line(child);
    assert!(stopped.status.success(), "{stopped:?}");
    let fast = harness::plain_run(home, &fixture)
        .arg("--plain")
        .arg("--speed")
        .arg("10")
        .output()
        .unwrap();
    assert!(fast.status.success(), "{fast:?}");
    let unrecorded = harness::plain_run(home, &fixture)
        .arg("--plain")
        .arg("--no-record")
        .output()
        .unwrap();
    assert!(unrecorded.status.success(), "{unrecorded:?}");

    let after = snapshot(home);
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(v))
        .map(|(p, _)| p.clone())
        .collect();
    let removed: Vec<_> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        changed,
        vec![
            PathBuf::from("data/steady/completions.lock"),
            PathBuf::from("data/steady/completions.toml"),
        ]
    );

    let dir = data_dir(home);
    // First, before anything here reads the file (a plain read would set its access time).
    assert_fixed(&dir);
    assert_eq!(store_count(home, "one-second"), 1);
    assert_eq!(
        Store::new(dir.clone()).read().unwrap(),
        counts(&[("one-second", 1)])
    );
    // steady's own reads leave the access time alone.
    assert_fixed(&dir);
    let text = fs::read_to_string(dir.join(FILE)).unwrap();
    assert_only_counts(&text);
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn six_processes_finishing_at_once_all_count() {
    let (home, fixture) = home_with_fixture();
    let children: Vec<Child> = (0..6)
        .map(|_| {
            harness::plain_run(home.path(), &fixture)
                .arg("--plain")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(store_count(home.path(), "one-second"), 6);
    assert_fixed(&data_dir(home.path()));
}

#[test]
fn a_writer_killed_mid_write_leaves_the_old_counts() {
    let (home, fixture) = home_with_fixture();
    let home = home.path();
    complete(home, &fixture);
    assert_eq!(store_count(home, "one-second"), 1);
    let dir = data_dir(home);
    let before = fs::read(dir.join(FILE)).unwrap();

    let mut child = harness::plain_run(home, &fixture)
        .arg("--plain")
        .env("STEADY_TEST_PAUSE_BEFORE_RENAME", "3000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let tmp = dir.join("completions.toml.tmp");
    wait_for("the temporary file", Duration::from_secs(20), || {
        tmp.exists()
    });
    child.kill().unwrap(); // SIGKILL, or TerminateProcess on Windows
    child.wait().unwrap();

    assert_eq!(fs::read(dir.join(FILE)).unwrap(), before);
    assert_eq!(store_count(home, "one-second"), 1);
    // The next run cleans up and counts.
    complete(home, &fixture);
    assert_eq!(store_count(home, "one-second"), 2);
    assert!(!tmp.exists());
}

#[test]
fn a_data_path_through_a_file_still_plays_and_says_why_nothing_was_counted() {
    let (home, fixture) = home_with_fixture();
    let blocker = home.path().join("blocker");
    fs::write(&blocker, "").unwrap();
    let out = harness::plain_run(home.path(), &fixture)
        .arg("--plain")
        .env("STEADY_DATA_DIR", blocker.join("steady"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Unix finds out as it reads the counts, before playing (stderr); Windows only as it
    // records them, at the end (where plain mode says it, on stdout).
    let said = format!("{stderr}{}", String::from_utf8_lossy(&out.stdout));
    assert!(said.contains(THROUGH_A_FILE), "{said}");
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "");
}

// ---------------------------------------------------------------------------------------
// The store never writes what it would refuse to read

/// Counts whose file, as `r` writes it, is exactly `size` bytes: many long names
/// (`x0000000-yyy…`) and one (`paaa…`) padded to fit.
fn counts_of_size(size: usize, r: impl Fn(&Counts) -> String) -> Counts {
    let mut c: Counts = (0..9_000)
        .map(|i| (format!("x{i:07}-{}", "y".repeat(100)), 1))
        .collect();
    c.insert("p".into(), 1);
    let short = r(&c).len();
    c.remove("p");
    c.insert(format!("p{}", "a".repeat(size - short)), 1);
    assert_eq!(r(&c).len(), size);
    c
}

fn compact(c: &Counts) -> String {
    render_compact(c, &Grown::new())
}

#[test]
fn the_store_never_grows_past_what_it_reads_and_forget_by_name_trims_an_oversized_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("steady"));
    fs::create_dir(store.dir()).unwrap();
    let max = MAX_BYTES as usize;
    let first = format!("x0000000-{}", "y".repeat(100));

    // Three bytes short of the limit: a count that keeps its width still fits...
    fs::write(store.path(), render(&counts_of_size(max - 3, render))).unwrap();
    assert_eq!(store.record(&first).unwrap(), 2);
    // ...and a new name, which fits only without the spaces, is written so.
    assert_eq!(store.record("a-new-exercise").unwrap(), 1);
    let text = fs::read_to_string(store.path()).unwrap();
    assert!(text.len() <= max && text.lines().any(|l| l == "a-new-exercise=1"));
    assert_eq!(store.count(&first).unwrap(), 2);

    // Without spaces already and three bytes short: a new name would push it past, so
    // nothing is written and it says why.
    fs::write(store.path(), compact(&counts_of_size(max - 3, compact))).unwrap();
    let before = fs::read(store.path()).unwrap();
    let e = store.record("a-new-exercise").unwrap_err();
    let s = e.sentence();
    assert!(s.contains("full"), "{s}");
    assert!(s.contains("steady forget"), "{s}");
    assert_eq!(fs::read(store.path()).unwrap(), before);
    assert_eq!(store.count(&first).unwrap(), 1);

    // A file a little past the limit, as older versions could write: `stats` refuses it,
    // and forgetting names brings it back.
    let over = counts_of_size(max + 20, render);
    fs::write(store.path(), render(&over)).unwrap();
    assert!(matches!(store.read(), Err(StoreError::Corrupt { .. })));
    let long = over.keys().find(|k| k.starts_with('p')).unwrap().clone();
    assert_eq!(store.forget(Some(&long)).unwrap(), Forgot::Entry(1));
    assert_eq!(store.count(&first).unwrap(), 1);
    assert!(fs::metadata(store.path()).unwrap().len() <= MAX_BYTES);
    assert_eq!(store.record(&first).unwrap(), 2);
}

/// A file written without spaces, just under the limit, with looks held back: spaced
/// as steady writes it, it would be far past the limit. Forgetting one count, as the
/// "full" message suggests, leaves a file steady still reads, every other count and
/// look whole (it came out 1.4 MiB, and steady refused every count after).
#[test]
fn forgetting_one_in_a_file_without_spaces_never_leaves_it_past_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("steady"));
    fs::create_dir(store.dir()).unwrap();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < MAX_BYTES as usize - 60 {
        text.push_str(&format!("e{i:06}={{count=5,grown=1}}\n"));
        i += 1;
    }
    text.push_str("gaze={count=3,grown=1}\n");
    assert!(text.len() as u64 <= MAX_BYTES);
    fs::write(store.path(), &text).unwrap();
    assert_eq!(store.forget(Some("e000001")).unwrap(), Forgot::Entry(5));
    assert!(fs::metadata(store.path()).unwrap().len() <= MAX_BYTES);
    let t = store.read_tally().unwrap();
    assert_eq!((t.count("gaze"), t.grown("gaze")), (Some(3), 1));
    assert_eq!((t.count("e000000"), t.grown("e000000")), (Some(5), 1));
    assert_eq!(t.counts.len(), i);
}

// ---------------------------------------------------------------------------------------
// Only what steady made is changed

#[cfg(unix)]
#[test]
fn a_shared_data_folder_keeps_its_own_time_and_the_counts_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    // STEADY_DATA_DIR=$HOME/Documents: a folder that is the person's, not steady's.
    let documents = tmp.path().join("Documents");
    fs::create_dir(&documents).unwrap();
    fs::write(documents.join("letter.txt"), "dear").unwrap();
    let store = Store::new(documents.clone());
    store.record("box").unwrap();
    assert_ne!(
        mtime(&documents),
        fixed_time(),
        "the person's folder was stamped"
    );
    assert_eq!(mtime(&store.path()), fixed_time(), "steady's own file is");
    store.forget(None).unwrap();
    assert_ne!(mtime(&documents), fixed_time());
    assert_eq!(
        fs::read_to_string(documents.join("letter.txt")).unwrap(),
        "dear"
    );

    // A counts file the person made read-only stays read-only.
    let own = Store::new(tmp.path().join("steady"));
    own.record("box").unwrap();
    fs::set_permissions(own.path(), fs::Permissions::from_mode(0o444)).unwrap();
    assert_eq!(own.record("box").unwrap(), 2);
    let mode = fs::metadata(own.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    assert_fixed(own.dir());
}

/// A read-only disk: nothing can be created or removed, not even what isn't there.
struct ReadOnly;

impl Disk for ReadOnly {
    fn create(&self, _: &Path) -> io::Result<File> {
        Err(io::ErrorKind::ReadOnlyFilesystem.into())
    }
    fn remove(&self, _: &Path) -> io::Result<()> {
        Err(io::ErrorKind::ReadOnlyFilesystem.into())
    }
}

#[test]
fn a_read_only_folder_is_named_as_it_is_and_no_missing_file_is_blamed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("steady");
    Store::new(dir.clone()).record("box").unwrap();
    let before = fs::read(dir.join(FILE)).unwrap();
    let store = Store::with_disk(dir.clone(), ReadOnly);
    let e = store.record("box").unwrap_err();
    let s = e.sentence();
    assert!(s.contains("the disk is read-only"), "{s}");
    assert!(!s.contains(TMP), "{s}");
    assert!(!s.contains("could not be deleted"), "{s}");
    assert_eq!(fs::read(dir.join(FILE)).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn forget_everything_recovers_from_every_state_stats_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("precious.txt");
    fs::write(&outside, "keep").unwrap();
    let fifo = |p: &Path| {
        let ok = std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .unwrap();
        assert!(ok.success());
    };
    type Make = fn(&Path, &Path, &dyn Fn(&Path));
    let states: [(&str, Make); 6] = [
        ("counts file is a folder", |d, _, _| {
            fs::create_dir(d.join(FILE)).unwrap()
        }),
        ("lock is a link", |d, o, _| {
            std::os::unix::fs::symlink(o, d.join(LOCK)).unwrap()
        }),
        ("lock is a dangling link", |d, o, _| {
            std::os::unix::fs::symlink(o.with_extension("gone"), d.join(LOCK)).unwrap()
        }),
        ("lock is a pipe", |d, _, fifo| fifo(&d.join(LOCK))),
        ("lock is a folder", |d, _, _| {
            fs::create_dir(d.join(LOCK)).unwrap()
        }),
        ("temporary file is a folder", |d, _, _| {
            fs::create_dir(d.join(TMP)).unwrap()
        }),
    ];
    for (i, (what, make)) in states.into_iter().enumerate() {
        let store = Store::new(tmp.path().join(format!("steady{i}")));
        store.record("box").unwrap();
        fs::remove_file(store.dir().join(LOCK)).unwrap();
        if what.starts_with("counts") {
            fs::remove_file(store.path()).unwrap();
        }
        make(store.dir(), &outside, &fifo);
        // A leftover temporary folder is cleared by the next write itself.
        if !what.starts_with("temporary") {
            assert!(
                store.record("box").is_err(),
                "{what}: recording should fail"
            );
        }
        let forgot = store.forget(None);
        assert!(forgot.is_ok(), "{what}: {}", forgot.unwrap_err());
        assert_eq!(store.record("box").unwrap(), 1, "{what}");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep", "{what}");
    }
}

// ---------------------------------------------------------------------------------------
// A held lock

/// Waits for `child` at most `limit`, killing it if it is still running then.
fn wait_at_most(mut child: Child, limit: Duration) -> Option<std::process::Output> {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

#[test]
fn a_held_lock_never_freezes_the_end_of_a_practice() {
    let (home, fixture) = home_with_fixture();
    let home = home.path();
    complete(home, &fixture);
    // Another steady stopped mid-write (Ctrl-Z) holds the lock for as long as it likes.
    let held = File::open(data_dir(home).join(LOCK)).unwrap();
    held.lock().unwrap();
    let before = fs::read(data_dir(home).join(FILE)).unwrap();

    let child = harness::plain_run(home, &fixture)
        .arg("--plain")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // steady gives up after a few seconds; far longer than that means it is stuck.
    let out = wait_at_most(child, Duration::from_secs(60)).expect("steady froze at the end");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("That's the end."), "{stdout}");
    assert!(
        stdout.contains("Another steady is saving its counts; this practice was not counted."),
        "{stdout}"
    );
    assert_eq!(fs::read(data_dir(home).join(FILE)).unwrap(), before);

    // Released, the next practice counts again.
    drop(held);
    complete(home, &fixture);
    assert_eq!(store_count(home, "one-second"), 2);
}

/// The real disk, except that waiting for the lock is only written down.
#[derive(Default)]
struct Patient(std::sync::Mutex<Vec<Duration>>);

impl Disk for &Patient {
    fn pause(&self, d: Duration) {
        self.0.lock().unwrap().push(d);
    }
}

#[test]
fn a_held_lock_is_waited_for_a_few_seconds_at_most_then_nothing_is_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("steady");
    Store::new(dir.clone()).record("box").unwrap();
    let held = File::open(dir.join(LOCK)).unwrap();
    held.lock().unwrap();
    let before = fs::read(dir.join(FILE)).unwrap();

    let patient = Patient::default();
    let store = Store::with_disk(dir.clone(), &patient);
    for e in [
        store.record("box").map(|_| ()).unwrap_err(),
        store.forget(Some("box")).map(|_| ()).unwrap_err(),
        store.forget(None).map(|_| ()).unwrap_err(),
    ] {
        assert!(matches!(e, StoreError::Busy { .. }), "{e:?}");
        assert_eq!(e.sentence(), "another steady is saving its counts");
    }
    // Each of the three waited LOCK_WAIT in all, in short pauses, and no longer.
    let pauses: Vec<Duration> = patient.0.lock().unwrap().drain(..).collect();
    assert_eq!(pauses.iter().sum::<Duration>(), 3 * LOCK_WAIT);
    assert!(pauses.iter().all(|p| *p == LOCK_POLL));
    // Not waiting at all: one try.
    assert!(matches!(
        store.try_record("box", Growth::Grows),
        Err(StoreError::Busy { .. })
    ));
    assert!(patient.0.lock().unwrap().is_empty());
    assert_eq!(fs::read(dir.join(FILE)).unwrap(), before);

    drop(held);
    assert_eq!(store.record("box").unwrap(), 2);
}

/// A look kept from growing is kept through every other write: another exercise's
/// completion, the next one of its own, and forgetting another.
#[test]
fn a_look_held_back_survives_other_writes_and_goes_with_its_count() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("steady"));
    store.record("mirror").unwrap();
    store.try_record("mirror", Growth::Stays).unwrap();
    store.record("box").unwrap();
    store.forget(Some("box")).unwrap();
    let t = store.read_tally().unwrap();
    assert_eq!((t.count("mirror"), t.grown("mirror")), (Some(2), 1));
    assert_eq!(store.read().unwrap(), counts(&[("mirror", 2)]));
    store.try_record("mirror", Growth::Grows).unwrap();
    let t = store.read_tally().unwrap();
    assert_eq!((t.count("mirror"), t.grown("mirror")), (Some(3), 2));
    // Stamped like any other write.
    let modified = fs::metadata(store.path()).unwrap().modified().unwrap();
    assert_eq!(modified, fixed_time());
}
