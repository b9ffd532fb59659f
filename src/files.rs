//! Reading files within a limit, and the words for what went wrong with a file.
//!
//! One reader and one vocabulary for every file steady touches: exercises, the config,
//! the counts, sound files, a new exercise from `steady new`. The words depend on what
//! steady was doing ([`Doing`]): "permission denied" means "may not read" for an
//! exercise, "may not change" for the counts, and "may not create a file in this
//! folder" for `new`.
//!
//! A module of its own rather than part of `text` (which decides which characters are
//! safe, and does no I/O) or of `exercise` (the store and the config read files too, and
//! must not depend on the exercise loader): it depends on `text` alone, so the loader,
//! the config and the store can all use it without a cycle.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use crate::text;

/// What steady was doing when a file (or the terminal) said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    /// Reading an exercise file.
    ReadExercise,
    /// Looking inside the exercises folder.
    ListExercises,
    /// Reading `config.toml`.
    ReadConfig,
    /// Reading the counts file.
    ReadCounts,
    /// Changing the counts: the file, its lock, its temporary file or its folder.
    WriteCounts,
    /// Writing the starter file of `steady new`.
    WriteNew,
    /// Reading a step's sound file.
    ReadSound,
    /// Writing to stdout or stderr.
    WriteOutput,
    /// Setting up or drawing on the terminal.
    UseTerminal,
}

impl Doing {
    fn reads_a_file(self) -> bool {
        matches!(
            self,
            Self::ReadExercise | Self::ReadConfig | Self::ReadCounts | Self::ReadSound
        )
    }

    /// What the file should have been: "this is a folder, not …".
    fn a_file(self) -> &'static str {
        match self {
            Self::ReadExercise => "an exercise file",
            Self::ReadConfig => "a config file",
            Self::ReadSound => "a sound file",
            _ => "a file",
        }
    }
}

/// Words for an I/O error, after "could not …: ", for a person: the common cases said
/// plainly for what steady was doing, anything else in the system's words without
/// "(os error N)", escaped.
pub fn io_words(e: &io::Error, doing: Doing) -> String {
    use io::ErrorKind::*;
    let reading = doing.reads_a_file();
    match e.kind() {
        NotFound if reading => "no such file".into(),
        NotFound if doing == Doing::WriteNew => "the folder it goes in does not exist".into(),
        NotFound => "it does not exist".into(),
        PermissionDenied if reading => "permission denied: steady may not read this file".into(),
        PermissionDenied if doing == Doing::ListExercises => {
            "permission denied: steady may not look inside this folder".into()
        }
        PermissionDenied if doing == Doing::WriteCounts => {
            "permission denied: steady may not change it".into()
        }
        PermissionDenied if doing == Doing::WriteNew => {
            "permission denied: steady may not create a file in this folder".into()
        }
        PermissionDenied => "permission denied".into(),
        IsADirectory => format!("this is a folder, not {}", doing.a_file()),
        NotADirectory => "part of this path is a file, not a folder".into(),
        AlreadyExists => "a file with that name is in the way".into(),
        StorageFull => "the disk is full".into(),
        ReadOnlyFilesystem => "the disk is read-only".into(),
        FileTooLarge => "it would pass the largest file this shell allows (`ulimit -f`)".into(),
        _ => text::io_error(e),
    }
}

/// Why [`read_bounded`] gave no text.
#[derive(Debug)]
pub enum Why {
    /// The file system said no.
    Io(io::Error),
    /// A folder is where the file should be.
    Folder,
    /// A pipe, a device or a socket: opening one could wait for ever.
    NotAFile,
    /// A symbolic link, refused by [`read_private`].
    Link,
    /// More than the limit, in bytes.
    TooBig(u64),
    /// Not UTF-8: the 1-based line and column (in characters) of the first bad byte.
    NotUtf8 { line: usize, col: usize },
}

/// A file that could not be read, and what it was read for, which chooses the words.
#[derive(Debug)]
pub struct ReadError {
    pub doing: Doing,
    pub why: Why,
}

impl ReadError {
    /// Whether the file is simply not there.
    pub fn is_not_found(&self) -> bool {
        matches!(&self.why, Why::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = self.doing == Doing::ReadCounts;
        match &self.why {
            Why::Io(e) => f.write_str(&io_words(e, self.doing)),
            Why::Folder => write!(f, "this is a folder, not {}", self.doing.a_file()),
            Why::NotAFile => f.write_str(
                "this is not a regular file (a pipe or a device?), so steady won't read it",
            ),
            Why::Link => f.write_str("this is a symbolic link, which steady does not follow here"),
            Why::TooBig(_) if counts => {
                f.write_str("it is larger than 1 MiB, far more than counts ever need")
            }
            Why::TooBig(limit) => {
                let what = match self.doing {
                    Doing::ReadExercise => "an exercise",
                    Doing::ReadConfig => "a config file",
                    Doing::ReadSound => "a sound",
                    _ => "this file",
                };
                write!(
                    f,
                    "this file is larger than {}, the limit for {what}",
                    size(*limit)
                )
            }
            Why::NotUtf8 { .. } if counts => f.write_str("it is not UTF-8 text"),
            Why::NotUtf8 { .. } => {
                f.write_str("this file is not UTF-8 text; save it as UTF-8 and try again")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// `1 MiB`, `64 KiB`, `100 bytes`.
fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        b if b >= KIB * KIB && b % (KIB * KIB) == 0 => format!("{} MiB", b / (KIB * KIB)),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// Reads the text of the file at `path`, following links, never more than `limit`
/// bytes of it whatever its size says. Looks before opening: a folder, a pipe or a
/// device is refused without being opened (opening a pipe would wait for a writer).
pub fn read_bounded(path: &Path, limit: u64, doing: Doing) -> Result<String, ReadError> {
    utf8(read(path, limit, doing, Open::Follow)?, doing)
}

/// [`read_bounded`] for the bytes of a file that need not be text.
pub fn read_bounded_bytes(path: &Path, limit: u64, doing: Doing) -> Result<Vec<u8>, ReadError> {
    read(path, limit, doing, Open::Follow)
}

/// Opens the plain file at `path` (links followed) for reading a piece at a time, as a
/// long recording is: the same looks as [`read_bounded_bytes`] (a plain file, the same
/// one after the open, no larger than `limit`), and the file with its length.
pub fn open_bounded(path: &Path, limit: u64, doing: Doing) -> Result<(File, u64), ReadError> {
    let fail = |why| ReadError { doing, why };
    let io = |e| fail(Why::Io(e));
    kind(&std::fs::metadata(path).map_err(io)?).map_err(fail)?;
    let file = open(path, Open::Follow).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    kind(&meta).map_err(fail)?;
    if meta.len() > limit {
        return Err(fail(Why::TooBig(limit)));
    }
    Ok((file, meta.len()))
}

/// [`read_bounded`] for steady's own private files (the counts): a symbolic link is
/// refused rather than followed, also one swapped in between the look and the open, and
/// the read does not update the file's access time where the platform allows.
pub fn read_private(path: &Path, limit: u64, doing: Doing) -> Result<String, ReadError> {
    utf8(read(path, limit, doing, Open::Private)?, doing)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Follow,
    Private,
}

fn read(path: &Path, limit: u64, doing: Doing, how: Open) -> Result<Vec<u8>, ReadError> {
    let fail = |why| ReadError { doing, why };
    let io = |e| fail(Why::Io(e));
    let before = match how {
        Open::Follow => std::fs::metadata(path),
        Open::Private => std::fs::symlink_metadata(path),
    }
    .map_err(io)?;
    kind(&before).map_err(fail)?;
    let file = open(path, how).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    // Swapped since the look: refuse what was opened unless it is the same plain file.
    kind(&meta).map_err(fail)?;
    if how == Open::Private && !same_file(&before, &meta) {
        return Err(fail(Why::Link));
    }
    if meta.len() > limit {
        return Err(fail(Why::TooBig(limit)));
    }
    // The size on disk can change under the read: never take more than the limit and
    // one byte.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    // Windows has no `O_NOATIME`: the access time the read may have moved is put back,
    // through the handle opened for it (see `open`), when there is one.
    #[cfg(windows)]
    if how == Open::Private
        && let Ok(was) = meta.accessed()
    {
        let _ = file.set_times(std::fs::FileTimes::new().set_accessed(was));
    }
    if bytes.len() as u64 > limit {
        return Err(fail(Why::TooBig(limit)));
    }
    Ok(bytes)
}

fn kind(meta: &Metadata) -> Result<(), Why> {
    let ty = meta.file_type();
    if ty.is_symlink() {
        Err(Why::Link)
    } else if ty.is_dir() {
        Err(Why::Folder)
    } else if !ty.is_file() {
        Err(Why::NotAFile)
    } else {
        Ok(())
    }
}

fn utf8(bytes: Vec<u8>, doing: Doing) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by definition.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        let (line, col) = text::line_col(prefix, prefix.len());
        ReadError {
            doing,
            why: Why::NotUtf8 { line, col },
        }
    })
}

/// Linux's `O_NOATIME`; none (0) where the platform has no such flag (macOS, the BSDs).
#[cfg(unix)]
const O_NOATIME: i32 = if cfg!(all(
    any(target_os = "linux", target_os = "android"),
    not(any(target_arch = "sparc", target_arch = "sparc64"))
)) {
    0o1000000
} else {
    0
};

/// Opens for reading without waiting: a file swapped for a pipe since the look must not
/// block the open. A private file is opened without updating its access time where the
/// platform allows (Linux's `O_NOATIME`; only the owner may ask, so others fall back to
/// a plain open), or on Windows so that [`read`] can set it back: looking at the counts
/// must not say when steady was last opened.
fn open(path: &Path, how: Open) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nonblock = rustix::fs::OFlags::NONBLOCK.bits() as i32;
        if how == Open::Private && O_NOATIME != 0 {
            match OpenOptions::new()
                .read(true)
                .custom_flags(nonblock | O_NOATIME)
                .open(path)
            {
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {}
                other => return other,
            }
        }
        options.custom_flags(nonblock);
    }
    #[cfg(windows)]
    if how == Open::Private {
        use std::os::windows::fs::OpenOptionsExt;
        // Reading, and setting the times back afterwards; where that is not allowed, a
        // plain open.
        const GENERIC_READ: u32 = 0x8000_0000;
        const FILE_WRITE_ATTRIBUTES: u32 = 0x0100;
        match OpenOptions::new()
            .access_mode(GENERIC_READ | FILE_WRITE_ATTRIBUTES)
            .open(path)
        {
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {}
            other => return other,
        }
    }
    #[cfg(not(any(unix, windows)))]
    let _ = how;
    options.open(path)
}

/// Whether two looks at a path saw the same file.
#[cfg(unix)]
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Whether two looks at a path saw the same file (not knowable here: assumed).
#[cfg(not(unix))]
pub fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use io::ErrorKind::*;

    const ALL: [Doing; 9] = [
        Doing::ReadExercise,
        Doing::ListExercises,
        Doing::ReadConfig,
        Doing::ReadCounts,
        Doing::WriteCounts,
        Doing::WriteNew,
        Doing::ReadSound,
        Doing::WriteOutput,
        Doing::UseTerminal,
    ];

    fn words(kind: io::ErrorKind, doing: Doing) -> String {
        io_words(&kind.into(), doing)
    }

    #[test]
    fn permission_denied_says_what_steady_may_not_do() {
        for d in [
            Doing::ReadExercise,
            Doing::ReadConfig,
            Doing::ReadCounts,
            Doing::ReadSound,
        ] {
            assert_eq!(
                words(PermissionDenied, d),
                "permission denied: steady may not read this file"
            );
        }
        assert_eq!(
            words(PermissionDenied, Doing::WriteCounts),
            "permission denied: steady may not change it"
        );
        assert_eq!(
            words(PermissionDenied, Doing::WriteNew),
            "permission denied: steady may not create a file in this folder"
        );
        assert_eq!(
            words(PermissionDenied, Doing::ListExercises),
            "permission denied: steady may not look inside this folder"
        );
        for d in [Doing::WriteOutput, Doing::UseTerminal] {
            assert_eq!(words(PermissionDenied, d), "permission denied");
        }
        // Nothing but a read is called a read.
        for d in ALL {
            let w = words(PermissionDenied, d);
            assert_eq!(w.contains("read"), d.reads_a_file(), "{d:?}: {w}");
        }
    }

    #[test]
    fn a_missing_file_or_folder_is_named_for_what_was_being_done() {
        for d in [
            Doing::ReadExercise,
            Doing::ReadConfig,
            Doing::ReadCounts,
            Doing::ReadSound,
        ] {
            assert_eq!(words(NotFound, d), "no such file");
        }
        assert_eq!(
            words(NotFound, Doing::WriteNew),
            "the folder it goes in does not exist"
        );
        assert_eq!(words(NotFound, Doing::WriteCounts), "it does not exist");
        assert_eq!(words(NotFound, Doing::ListExercises), "it does not exist");
    }

    #[test]
    fn a_folder_is_not_the_file_steady_wanted() {
        let cases = [
            (
                Doing::ReadExercise,
                "this is a folder, not an exercise file",
            ),
            (Doing::ReadConfig, "this is a folder, not a config file"),
            (Doing::ReadCounts, "this is a folder, not a file"),
            (Doing::ReadSound, "this is a folder, not a sound file"),
            (Doing::WriteNew, "this is a folder, not a file"),
        ];
        for (d, said) in cases {
            assert_eq!(words(IsADirectory, d), said);
            // The reader's own look says the same as the system would.
            let e = ReadError {
                doing: d,
                why: Why::Folder,
            };
            assert_eq!(e.to_string(), said);
        }
        // No context but an exercise is ever called an exercise.
        for d in ALL {
            let w = words(IsADirectory, d);
            assert_eq!(
                w.contains("exercise"),
                d == Doing::ReadExercise,
                "{d:?}: {w}"
            );
            assert!(!words(NotFound, d).contains("exercise"), "{d:?}");
        }
    }

    #[test]
    fn the_same_disk_problems_have_the_same_words_everywhere() {
        for d in ALL {
            assert_eq!(
                words(NotADirectory, d),
                "part of this path is a file, not a folder"
            );
            assert_eq!(words(StorageFull, d), "the disk is full");
            assert_eq!(words(ReadOnlyFilesystem, d), "the disk is read-only");
        }
        assert_eq!(
            words(AlreadyExists, Doing::WriteCounts),
            "a file with that name is in the way"
        );
    }

    #[test]
    fn too_big_names_the_limit_of_what_was_read() {
        let said = |d, limit| {
            ReadError {
                doing: d,
                why: Why::TooBig(limit),
            }
            .to_string()
        };
        let mib = 1024 * 1024;
        assert_eq!(
            said(Doing::ReadExercise, mib),
            "this file is larger than 1 MiB, the limit for an exercise"
        );
        assert_eq!(
            said(Doing::ReadConfig, mib),
            "this file is larger than 1 MiB, the limit for a config file"
        );
        assert_eq!(
            said(Doing::ReadCounts, 2 * mib),
            "it is larger than 1 MiB, far more than counts ever need"
        );
        assert_eq!(
            said(Doing::ReadSound, mib),
            "this file is larger than 1 MiB, the limit for a sound"
        );
        assert_eq!(
            said(Doing::ReadConfig, 64 * 1024),
            "this file is larger than 64 KiB, the limit for a config file"
        );
    }

    #[test]
    fn no_words_carry_an_os_error_number() {
        for d in ALL {
            for e in [
                io::Error::from_raw_os_error(5),
                io::Error::from_raw_os_error(28),
            ] {
                let w = io_words(&e, d);
                assert!(!w.contains("os error"), "{d:?}: {w}");
                assert!(!w.is_empty());
            }
        }
    }

    #[test]
    fn the_reader_stops_at_the_limit_and_points_at_bad_utf8() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("x.toml");
        std::fs::write(&p, "12345").expect("write");
        assert_eq!(
            read_bounded(&p, 5, Doing::ReadExercise).ok().as_deref(),
            Some("12345")
        );
        let e = read_bounded(&p, 4, Doing::ReadExercise).expect_err("too big");
        assert!(matches!(e.why, Why::TooBig(4)), "{e:?}");
        std::fs::write(&p, b"ok\nab\xc3\xa9c\xff").expect("write");
        let e = read_bounded(&p, 100, Doing::ReadConfig).expect_err("not UTF-8");
        assert!(matches!(e.why, Why::NotUtf8 { line: 2, col: 5 }), "{e:?}");
        let e = read_bounded(dir.path(), 100, Doing::ReadConfig).expect_err("folder");
        assert!(matches!(e.why, Why::Folder), "{e:?}");
        let e = read_bounded(&dir.path().join("gone"), 100, Doing::ReadConfig).expect_err("gone");
        assert!(e.is_not_found(), "{e:?}");
        assert_eq!(e.to_string(), "no such file");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_or_device_is_refused_unopened_and_a_private_read_refuses_links() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("fifo");
        // The command, not rustix's `mkfifoat`, which macOS lacks.
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        // Opening it would wait for a writer for ever; refusing it returns at once.
        let e = read_bounded(&fifo, 100, Doing::ReadExercise).expect_err("pipe");
        assert!(matches!(e.why, Why::NotAFile), "{e:?}");
        let e = read_bounded(Path::new("/dev/null"), 100, Doing::ReadConfig).expect_err("device");
        assert!(matches!(e.why, Why::NotAFile), "{e:?}");
        let real = dir.path().join("real");
        std::fs::write(&real, "a = 1").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        assert!(read_bounded(&link, 100, Doing::ReadConfig).is_ok());
        let e = read_private(&link, 100, Doing::ReadCounts).expect_err("link");
        assert!(matches!(e.why, Why::Link), "{e:?}");
        assert!(read_private(&real, 100, Doing::ReadCounts).is_ok());
    }
}
