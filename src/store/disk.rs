//! The file operations: the [`Disk`] seam that tests make fail, reading the counts file
//! without following links, and the atomic write (a temporary file, synced, renamed into
//! place).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use super::error::io_err;
use super::stamp::stamp;
use super::{Doing, Store, StoreError};
use crate::files::{self, Why};

/// The file operations a write depends on, so tests can make each one fail. The
/// default methods do the real thing.
pub trait Disk {
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    /// Creates the temporary file the new counts are written to.
    fn create(&self, path: &Path) -> io::Result<File> {
        create_private(path)
    }
    /// Removes a file (never what a link points to).
    fn remove(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
    /// Takes the lock if no one else holds it: `Ok(false)` when someone does. Never waits,
    /// so a held lock can never freeze steady.
    fn try_lock(&self, file: &File) -> io::Result<bool> {
        match file.try_lock() {
            Ok(()) => Ok(true),
            Err(fs::TryLockError::WouldBlock) => Ok(false),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }
    /// Waits between tries of a held lock.
    fn pause(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

/// The real disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealDisk;

impl Disk for RealDisk {}

impl<D: Disk> Store<D> {
    /// Writes `text` (rendered counts) atomically over the counts file. Call only holding
    /// the lock: the temporary file's name is fixed.
    pub(super) fn replace(&self, text: &str) -> Result<(), StoreError> {
        let path = self.path();
        let old = refuse_link(&path)?;
        let tmp = self.tmp_path();
        // Errors name the counts file: the temporary one is steady's detail, and may never
        // have existed.
        let fail = |doing, e| io_err(&path, doing, e);
        // A temporary file left by a writer that was killed holds nothing we need; and
        // removing it first means a link planted there is never written through.
        self.remove_if_present(&tmp)?;
        let mut file = self.disk.create(&tmp).map_err(|e| fail(Doing::Write, e))?;
        let result = (|| {
            // A mode the person chose (read-only, say) is theirs: the new file keeps it.
            #[cfg(unix)]
            if let Some(old) = old.filter(fs::Metadata::is_file) {
                file.set_permissions(old.permissions())
                    .map_err(|e| fail(Doing::Write, e))?;
            }
            #[cfg(not(unix))]
            let _ = old;
            self.disk
                .write(&mut file, text.as_bytes())
                .map_err(|e| fail(Doing::Write, e))?;
            // Stamped before the sync, so the fixed time is on disk before the rename is.
            stamp(&file).map_err(|e| fail(Doing::Write, e))?;
            self.disk.sync(&file).map_err(|e| fail(Doing::Sync, e))?;
            #[cfg(feature = "test-hooks")]
            pause_before_rename();
            self.disk
                .rename(&tmp, &path)
                .map_err(|e| io_err(&path, Doing::Rename, e))
        })();
        if let Err(e) = result {
            let _ = self.disk.remove(&tmp);
            return Err(e);
        }
        Ok(())
    }

    /// Removes what is at `path`: a file, a link (never what it points to), a pipe, or an
    /// empty folder; `Ok(false)` when there was nothing. It looks first, so a folder that
    /// cannot be changed (read-only) is never blamed for a file that was not there.
    pub(super) fn remove_if_present(&self, path: &Path) -> Result<bool, StoreError> {
        let removed = match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io_err(path, Doing::Remove, e)),
            // Only an empty one: a folder holding anything is not steady's to delete.
            Ok(m) if m.is_dir() => fs::remove_dir(path).map_err(|e| match e.kind() {
                io::ErrorKind::DirectoryNotEmpty => {
                    io::Error::other("it is a folder with things in it, which steady leaves alone")
                }
                _ => e,
            }),
            Ok(_) => self.disk.remove(path),
        };
        match removed {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io_err(path, Doing::Remove, e)),
        }
    }
}

/// The test hook: `STEADY_TEST_PAUSE_BEFORE_RENAME=<ms>` sleeps between syncing the
/// temporary file and renaming it, so a test can kill a writer mid-write for certain.
#[cfg(feature = "test-hooks")]
fn pause_before_rename() {
    if let Some(ms) = std::env::var("STEADY_TEST_PAUSE_BEFORE_RENAME")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// Creates a new file, readable only by the user where the platform has permissions.
/// Fails if anything (a link included) is already at `path`.
pub(super) fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// `Link` when `path` is a symbolic link; what is there otherwise, if anything.
pub(super) fn refuse_link(path: &Path) -> Result<Option<fs::Metadata>, StoreError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(StoreError::Link {
            path: path.to_owned(),
        }),
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(path, Doing::Read, e)),
    }
}

/// `Link` for a link, an I/O error for a folder or anything else that is not a plain
/// file (a pipe would block the open).
pub(super) fn check_regular(
    path: &Path,
    meta: &fs::Metadata,
    doing: Doing,
) -> Result<(), StoreError> {
    let ty = meta.file_type();
    if ty.is_symlink() {
        return Err(StoreError::Link {
            path: path.to_owned(),
        });
    }
    if ty.is_dir() {
        return Err(io_err(path, doing, io::ErrorKind::IsADirectory.into()));
    }
    if !ty.is_file() {
        return Err(io_err(
            path,
            doing,
            io::Error::other("this is not a plain file"),
        ));
    }
    Ok(())
}

/// The counts file's text, when it is at most `limit` bytes; `None` when it (or its
/// folder) does not exist.
pub(super) fn read_text(path: &Path, limit: u64) -> Result<Option<String>, StoreError> {
    let e = match files::read_private(path, limit, files::Doing::ReadCounts) {
        Ok(text) => return Ok(Some(text)),
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => e,
    };
    let words = e.to_string();
    let path = path.to_owned();
    Err(match e.why {
        Why::Io(source) => io_err(&path, Doing::Read, source),
        Why::Link => StoreError::Link { path },
        Why::Folder => io_err(&path, Doing::Read, io::ErrorKind::IsADirectory.into()),
        Why::NotAFile => io_err(&path, Doing::Read, io::Error::other(words)),
        Why::TooBig(_) => StoreError::Corrupt {
            path,
            at: None,
            problem: words,
        },
        Why::NotUtf8 { line, col } => StoreError::Corrupt {
            path,
            at: Some((line, col)),
            problem: words,
        },
    })
}
