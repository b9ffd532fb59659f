//! Completion counts: the only data steady keeps.
//!
//! One small TOML file, `completions.toml`, maps each exercise id to how many times it
//! was completed (and, where the person chose to stay at an eye-contact look, how many
//! of those made the look longer), and nothing else: no dates, no durations, no partial
//! runs. A sidecar `completions.lock` serialises writers. Every write goes to a
//! temporary file in the same folder, is synced and renamed into place, so a crash
//! never leaves half a file; and afterwards the counts file, the lock and the folder
//! (when it holds nothing else, so it is steady's own) are stamped with one fixed
//! instant, so not even `ls -l` says when someone last practised.
//!
//! A file that cannot be read or understood is never overwritten, and neither the counts
//! file nor the lock is ever followed through a symbolic link.
//!
//! This module holds the public API, [`Store`]; its parts are `format` (the file's
//! text), `disk` (the file operations and the atomic write), `lock` (one writer at a
//! time), `stamp` (the fixed time) and `error` (what went wrong, in words).

mod disk;
mod error;
mod format;
mod lock;
mod stamp;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use disk::{Disk, RealDisk};
pub use error::{Doing, StoreError};
pub use format::{parse, render, render_compact, render_with};
pub use stamp::{FIXED_TIME_SECS, fixed_time};

use disk::{read_text, refuse_link};
use error::io_err;
use lock::polls;

/// The counts file's name inside the data folder.
pub const FILE: &str = "completions.toml";
/// The lock file's name inside the data folder.
pub const LOCK: &str = "completions.lock";
/// The temporary file a write goes to before it is renamed over [`FILE`].
pub const TMP: &str = "completions.toml.tmp";
/// The largest counts file steady reads; anything bigger is reported as corrupt. steady
/// never writes a file larger than this either, so it can always read back its own.
pub const MAX_BYTES: u64 = 1024 * 1024;
/// How large a file `forget NAME` still reads: forgetting only shrinks the file, so one
/// a little past [`MAX_BYTES`] (as versions before the write limit could leave) can
/// still be trimmed by name rather than erased whole.
const TRIM_BYTES: u64 = 2 * MAX_BYTES;
/// The longest steady waits for another steady's lock before giving up on a write:
/// long enough for any write to finish, short enough that nobody is kept waiting.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);
/// How often a held lock is tried again while waiting for it.
pub const LOCK_POLL: Duration = Duration::from_millis(50);

/// Exercise id to the number of times it was completed, sorted by id.
pub type Counts = BTreeMap<String, u32>;

/// Exercise id to how many of its counted practices made its eye-contact look longer,
/// kept only where that is fewer than its count: the person chose, in the preview, to
/// stay at a look. Today's look grows from this number, not the count.
pub type Grown = BTreeMap<String, u32>;

/// Everything in the counts file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub counts: Counts,
    pub grown: Grown,
}

impl Tally {
    /// How many times `id` was completed, if it ever was.
    pub fn count(&self, id: &str) -> Option<u32> {
        self.counts.get(id).copied()
    }

    /// How many of `id`'s counted practices made its look longer: its count, unless
    /// the person stayed at a look (never more than the count).
    pub fn grown(&self, id: &str) -> u32 {
        let count = self.count(id).unwrap_or(0);
        self.grown.get(id).map_or(count, |&g| g.min(count))
    }
}

pub use crate::exercise::Growth;

/// The counts in one folder.
#[derive(Debug, Clone)]
pub struct Store<D: Disk = RealDisk> {
    dir: PathBuf,
    disk: D,
}

/// What [`Store::forget`] erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forgot {
    /// There was nothing to erase.
    Nothing,
    /// One exercise's count, which was this.
    Entry(u32),
    /// The whole file.
    All,
}

impl Store {
    /// The counts in `dir`.
    pub fn new(dir: PathBuf) -> Self {
        Self::with_disk(dir, RealDisk)
    }

    /// The counts in [`paths::data_dir`](crate::paths::data_dir), when there is one.
    pub fn from_env() -> Option<Self> {
        crate::paths::data_dir().map(Self::new)
    }
}

impl<D: Disk> Store<D> {
    pub fn with_disk(dir: PathBuf, disk: D) -> Self {
        Self { dir, disk }
    }

    /// The folder holding the counts.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The counts file: `dir/completions.toml`.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join(LOCK)
    }

    fn tmp_path(&self) -> PathBuf {
        self.dir.join(TMP)
    }

    /// Every count. A missing file or folder means no counts yet. Takes no lock: the file
    /// is only ever replaced whole, by a rename.
    pub fn read(&self) -> Result<Counts, StoreError> {
        Ok(self.read_tally()?.counts)
    }

    /// Every count, with how many practices grew each look.
    pub fn read_tally(&self) -> Result<Tally, StoreError> {
        self.read_up_to(MAX_BYTES)
    }

    fn read_up_to(&self, limit: u64) -> Result<Tally, StoreError> {
        let path = self.path();
        let Some(src) = read_text(&path, limit)? else {
            return Ok(Tally::default());
        };
        parse(&src).map_err(|(at, problem)| StoreError::Corrupt { path, at, problem })
    }

    /// How many times `id` was completed: 0 when it never was.
    pub fn count(&self, id: &str) -> Result<u32, StoreError> {
        Ok(self.read()?.get(id).copied().unwrap_or(0))
    }

    /// Adds one completion of `id` and returns its new count. A file that cannot be read
    /// or understood is left exactly as it is, and the error returned. Waits at most
    /// [`LOCK_WAIT`] for another steady's lock, then gives up with [`StoreError::Busy`].
    pub fn record(&self, id: &str) -> Result<u32, StoreError> {
        self.record_within(id, Growth::Grows, polls(LOCK_WAIT))
    }

    /// [`record`](Self::record) without waiting: [`StoreError::Busy`] at once when the
    /// lock is held, so a player can keep its keys alive and try again. `growth`: whether
    /// this practice makes the look longer next time.
    pub fn try_record(&self, id: &str, growth: Growth) -> Result<u32, StoreError> {
        self.record_within(id, growth, 0)
    }

    fn record_within(&self, id: &str, growth: Growth, polls: u32) -> Result<u32, StoreError> {
        self.create_dir()?;
        self.locked(polls, || {
            let mut tally = self.read_tally()?;
            let grown = tally.grown(id);
            let n = tally.count(id).unwrap_or(0).saturating_add(1);
            tally.counts.insert(id.to_owned(), n);
            let grown = match growth {
                Growth::Grows => grown.saturating_add(1),
                Growth::Stays => grown,
            };
            // Only a look held back is kept: otherwise the count says it.
            if grown < n {
                tally.grown.insert(id.to_owned(), grown);
            } else {
                tally.grown.remove(id);
            }
            self.replace(&self.fitting(&tally)?)?;
            Ok(n)
        })
    }

    /// The file's text for `tally`, within [`MAX_BYTES`]: spaced as usual, or without
    /// spaces where only that fits (a hand-written file near the limit, trimmed by
    /// `forget NAME`, could otherwise come out larger than steady reads). Written past
    /// the limit it could never be read back, and every count would be lost to `stats`.
    fn fitting(&self, tally: &Tally) -> Result<String, StoreError> {
        [render_with, render_compact]
            .into_iter()
            .map(|render| render(&tally.counts, &tally.grown))
            .find(|text| text.len() as u64 <= MAX_BYTES)
            .ok_or_else(|| StoreError::Full { path: self.path() })
    }

    /// Erases one exercise's count (`Some(id)`), or the whole file (`None`).
    pub fn forget(&self, id: Option<&str>) -> Result<Forgot, StoreError> {
        match fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Forgot::Nothing),
            Err(e) => return Err(io_err(&self.dir, Doing::Read, e)),
            Ok(_) => {}
        }
        match id {
            Some(id) => self.locked(polls(LOCK_WAIT), || {
                let mut tally = self.read_up_to(TRIM_BYTES)?;
                tally.grown.remove(id);
                match tally.counts.remove(id) {
                    None => Ok(Forgot::Nothing),
                    Some(n) => {
                        self.replace(&self.fitting(&tally)?)?;
                        Ok(Forgot::Entry(n))
                    }
                }
            }),
            None => self.forget_all(),
        }
    }

    fn forget_all(&self) -> Result<Forgot, StoreError> {
        let path = self.path();
        // Deleting a link would be harmless, but the counts it points to would live on.
        refuse_link(&path)?;
        let lock_path = self.lock_path();
        // A lock that is not a plain file (a link, a pipe, a folder) can never be taken, so
        // nothing can be holding it: clear it, or forget could never start afresh.
        match fs::symlink_metadata(&lock_path) {
            Ok(m) if !m.file_type().is_file() => {
                self.remove_if_present(&lock_path)?;
            }
            _ => {}
        }
        let lock = self.lock(polls(LOCK_WAIT))?;
        let result = (|| {
            let had = self.remove_if_present(&path)?;
            self.remove_if_present(&self.tmp_path())?;
            // The lock file goes while it is still held: a process waiting on it then
            // finds it gone from the folder and starts again with a new one (see `lock`).
            self.remove_if_present(&lock_path)?;
            Ok(had)
        })();
        drop(lock);
        let stamped = self.stamp_dir();
        let had = result?;
        stamped?;
        Ok(if had { Forgot::All } else { Forgot::Nothing })
    }

    /// Creates the folder (and any missing parents), private to the user where the
    /// platform has permissions.
    fn create_dir(&self) -> Result<(), StoreError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&self.dir) {
            Ok(()) => Ok(()),
            Err(e) => Err(io_err(&self.dir, Doing::CreateFolder, e)),
        }
    }
}
