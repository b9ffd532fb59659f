//! Completion counts: the only data steady keeps.
//!
//! One small TOML file, `completions.toml`, maps each exercise id to how many times it
//! was completed, and nothing else: no dates, no durations, no partial runs. A sidecar
//! `completions.lock` serialises writers. Every write goes to a temporary file in the
//! same folder, is synced and renamed into place, so a crash never leaves half a file;
//! and afterwards the counts file, the lock and the folder (when it holds nothing else,
//! so it is steady's own) are stamped with one fixed instant, so not even `ls -l` says
//! when someone last practised.
//!
//! A file that cannot be read or understood is never overwritten, and neither the counts
//! file nor the lock is ever followed through a symbolic link.

use std::collections::BTreeMap;
use std::fs::{self, File, FileTimes, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use toml::de::{DeTable, DeValue};

use crate::files::{self, Why, same_file};
use crate::text::{self, line_col};

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
/// [`fixed_time`] in seconds since the Unix epoch.
pub const FIXED_TIME_SECS: u64 = 946_684_800;

/// 2000-01-01T00:00:00Z: the one instant every file and the folder are stamped with.
/// (A function because `SystemTime` arithmetic is not `const`.)
pub fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(FIXED_TIME_SECS)
}

/// Exercise id to the number of times it was completed, sorted by id.
pub type Counts = BTreeMap<String, u32>;

/// What the file says about itself. No digits: nothing in the file looks like a date.
const HEADER: &str = "\
# steady: how many times each exercise was completed.
# Nothing else is kept: no dates, no times, no durations.
# Delete this file, or run `steady forget`, to erase the counts.
";

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

/// What steady was doing when the file system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Read,
    CreateFolder,
    Lock,
    Write,
    Sync,
    Rename,
    SyncFolder,
    Stamp,
    Remove,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The counts file is not a list of `"id" = count` lines. `at` is the 1-based line
    /// and column (in characters) of the problem, when there is one place to point to.
    #[error("{}", self.sentence())]
    Corrupt {
        path: PathBuf,
        at: Option<(usize, usize)>,
        problem: String,
    },
    /// The counts file or the lock is a symbolic link, which steady never follows.
    #[error("{}", self.sentence())]
    Link { path: PathBuf },
    /// Another steady held the lock for longer than [`LOCK_WAIT`] (it may be stopped
    /// mid-write): nothing was read or written.
    #[error("{}", self.sentence())]
    Busy { path: PathBuf },
    /// One more count would take the file past [`MAX_BYTES`], which steady could not read
    /// back: nothing was written.
    #[error("{}", self.sentence())]
    Full { path: PathBuf },
    /// The file system refused.
    #[error("{}", self.sentence())]
    Io {
        path: PathBuf,
        doing: Doing,
        #[source]
        source: io::Error,
    },
}

impl StoreError {
    /// The file this is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Corrupt { path, .. }
            | Self::Link { path }
            | Self::Full { path }
            | Self::Busy { path }
            | Self::Io { path, .. } => path,
        }
    }

    /// What the person can do about it, for `stats` and `forget`: only what will work.
    pub fn remedy(&self) -> &'static str {
        match self {
            // `forget --yes` refuses a linked counts file: the counts it points to would
            // live on while steady said they were erased.
            Self::Link { path } if path.file_name().is_some_and(|n| n == FILE) => {
                "steady leaves the link as it is; remove it yourself to start afresh."
            }
            Self::Full { .. } => {
                "`steady forget NAME` makes room; `steady forget --yes` starts afresh."
            }
            Self::Busy { .. } => "Nothing was changed; try again in a moment.",
            _ => "steady leaves the file as it is; `steady forget --yes` starts afresh.",
        }
    }

    /// One plain sentence for a person, naming the file (escaped) and what is wrong, with
    /// no OS error numbers.
    pub fn sentence(&self) -> String {
        match self {
            Self::Corrupt { path, at, problem } => {
                let p = text::path(path);
                match at {
                    Some((line, col)) => format!(
                        "the counts file {p} could not be read: line {line}, column {col}: {problem}"
                    ),
                    None => format!("the counts file {p} could not be read: {problem}"),
                }
            }
            Self::Link { path } => {
                let what = if path.file_name().is_some_and(|n| n == LOCK) {
                    "the lock file"
                } else {
                    "the counts file"
                };
                format!(
                    "{what} {} is a symbolic link, and steady never follows links for its counts; \
                     nothing was read or written through it",
                    text::path(path)
                )
            }
            Self::Busy { .. } => "another steady is saving its counts".into(),
            Self::Full { path } => format!(
                "the counts file {} is full: one more name would take it past 1 MiB, the most \
                 steady reads, so it was left as it is (`steady forget NAME` makes room)",
                text::path(path)
            ),
            Self::Io {
                path,
                doing,
                source,
            } => {
                let p = text::path(path);
                let why = io_words(source, *doing);
                match doing {
                    Doing::Read => format!("the counts file {p} could not be read: {why}"),
                    Doing::CreateFolder => {
                        format!("the folder {p} for the counts could not be created: {why}")
                    }
                    Doing::Lock => format!("the lock file {p} could not be used: {why}"),
                    Doing::Write | Doing::Sync => {
                        format!("the new counts could not be written to {p}: {why}")
                    }
                    Doing::Rename => {
                        format!("the new counts could not be put in place as {p}: {why}")
                    }
                    Doing::SyncFolder => format!(
                        "the counts were saved, but the folder {p} could not be flushed to disk: {why}"
                    ),
                    Doing::Stamp => format!(
                        "the counts were saved, but the time on {p} could not be reset: {why}"
                    ),
                    Doing::Remove => format!("{p} could not be deleted: {why}"),
                }
            }
        }
    }
}

/// Words for an I/O error: every step but the read changes the counts.
fn io_words(e: &io::Error, doing: Doing) -> String {
    let doing = match doing {
        Doing::Read => files::Doing::ReadCounts,
        _ => files::Doing::WriteCounts,
    };
    files::io_words(e, doing)
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
        self.read_up_to(MAX_BYTES)
    }

    fn read_up_to(&self, limit: u64) -> Result<Counts, StoreError> {
        let path = self.path();
        let Some(src) = read_text(&path, limit)? else {
            return Ok(Counts::new());
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
        self.record_within(id, polls(LOCK_WAIT))
    }

    /// [`record`](Self::record) without waiting: [`StoreError::Busy`] at once when the
    /// lock is held, so a player can keep its keys alive and try again.
    pub fn try_record(&self, id: &str) -> Result<u32, StoreError> {
        self.record_within(id, 0)
    }

    fn record_within(&self, id: &str, polls: u32) -> Result<u32, StoreError> {
        self.create_dir()?;
        self.locked(polls, || {
            let mut counts = self.read()?;
            let n = counts.entry(id.to_owned()).or_insert(0);
            *n = n.saturating_add(1);
            let n = *n;
            let text = render(&counts);
            // Written, it could never be read back: every count would be lost to `stats`.
            if text.len() as u64 > MAX_BYTES {
                return Err(StoreError::Full { path: self.path() });
            }
            self.replace(&text)?;
            Ok(n)
        })
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
                let mut counts = self.read_up_to(TRIM_BYTES)?;
                match counts.remove(id) {
                    None => Ok(Forgot::Nothing),
                    Some(n) => {
                        // Always smaller than what was read, so never a new way past the limit.
                        self.replace(&render(&counts))?;
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

    /// Runs `f` holding the lock, then stamps the lock and the folder with the fixed
    /// time and flushes the folder, whether or not `f` succeeded.
    fn locked<T>(
        &self,
        polls: u32,
        f: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let lock = self.lock(polls)?;
        let result = f();
        let stamped = stamp(&lock).map_err(|e| io_err(&self.lock_path(), Doing::Stamp, e));
        let dir = self.stamp_dir();
        drop(lock);
        let value = result?;
        stamped?;
        dir?;
        Ok(value)
    }

    /// Opens the lock file, never through a link, and takes it exclusively, trying again
    /// at most `polls` times, [`LOCK_POLL`] apart, while someone else holds it.
    fn lock(&self, mut polls: u32) -> Result<File, StoreError> {
        let path = self.lock_path();
        let fail = |doing, e| io_err(&path, doing, e);
        loop {
            let file = match create_private(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let before = fs::symlink_metadata(&path);
                    let before = match before {
                        Ok(m) => m,
                        Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(fail(Doing::Lock, e)),
                    };
                    check_regular(&path, &before, Doing::Lock)?;
                    match File::open(&path) {
                        Ok(f) => f,
                        Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(fail(Doing::Lock, e)),
                    }
                }
                Err(e) => return Err(fail(Doing::Lock, e)),
            };
            while !self
                .disk
                .try_lock(&file)
                .map_err(|e| fail(Doing::Lock, e))?
            {
                if polls == 0 {
                    return Err(StoreError::Busy { path });
                }
                polls -= 1;
                self.disk.pause(LOCK_POLL);
            }
            // Whoever held it may have deleted it (forget) or swapped in a link: only the
            // file that is at the path now counts as the lock.
            let held = file.metadata().map_err(|e| fail(Doing::Lock, e))?;
            match fs::symlink_metadata(&path) {
                Ok(now) if now.file_type().is_symlink() => {
                    return Err(StoreError::Link { path });
                }
                Ok(now) if same_file(&now, &held) => return Ok(file),
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(fail(Doing::Lock, e)),
            }
        }
    }

    /// Writes `text` (rendered counts) atomically over the counts file. Call only holding
    /// the lock: the temporary file's name is fixed.
    fn replace(&self, text: &str) -> Result<(), StoreError> {
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
    fn remove_if_present(&self, path: &Path) -> Result<bool, StoreError> {
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

    /// Whether the folder holds nothing but steady's files (as SPEC §8 has it), so it is
    /// steady's to stamp. Stops at the first other entry, so a large folder costs little.
    fn holds_only_counts(&self) -> bool {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return false;
        };
        for entry in entries {
            match entry {
                Ok(e) if [FILE, LOCK, TMP].iter().any(|n| e.file_name() == *n) => {}
                _ => return false,
            }
        }
        true
    }

    /// Stamps the folder with the fixed time and flushes it, which also makes a rename or
    /// deletion in it durable.
    fn stamp_dir(&self) -> Result<(), StoreError> {
        let fail = |doing, e| io_err(&self.dir, doing, e);
        #[cfg(not(windows))]
        let dir = File::open(&self.dir);
        // Windows opens a folder only with FILE_FLAG_BACKUP_SEMANTICS, and needs write
        // access to set its times.
        #[cfg(windows)]
        let dir = {
            use std::os::windows::fs::OpenOptionsExt;
            OpenOptions::new()
                .write(true)
                .custom_flags(0x0200_0000)
                .open(&self.dir)
        };
        let dir = dir.map_err(|e| fail(Doing::Stamp, e))?;
        // Only a folder that is steady's own: with STEADY_DATA_DIR=~/Documents the folder's
        // time is the person's, and stamping it would erase it on every practice.
        if self.holds_only_counts() {
            stamp(&dir).map_err(|e| fail(Doing::Stamp, e))?;
        }
        // Only Unix can flush a folder.
        #[cfg(unix)]
        dir.sync_all().map_err(|e| fail(Doing::SyncFolder, e))?;
        Ok(())
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

/// How many tries of a held lock fit in `wait`.
fn polls(wait: Duration) -> u32 {
    (wait.as_millis() / LOCK_POLL.as_millis()) as u32
}

fn io_err(path: &Path, doing: Doing, source: io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        doing,
        source,
    }
}

/// Sets the file's (or folder's) times to the fixed instant: its access and
/// modification times, and its creation time where the platform keeps one that can be
/// set (Windows and macOS show it, and each write creates the file anew).
fn stamp(file: &File) -> io::Result<()> {
    file.set_times(fixed_times())
}

fn fixed_times() -> FileTimes {
    let t = fixed_time();
    let times = FileTimes::new().set_accessed(t).set_modified(t);
    #[cfg(windows)]
    let times = std::os::windows::fs::FileTimesExt::set_created(times, t);
    #[cfg(target_os = "macos")]
    let times = std::os::macos::fs::FileTimesExt::set_created(times, t);
    times
}

/// Creates a new file, readable only by the user where the platform has permissions.
/// Fails if anything (a link included) is already at `path`.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// `Link` when `path` is a symbolic link; what is there otherwise, if anything.
fn refuse_link(path: &Path) -> Result<Option<fs::Metadata>, StoreError> {
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
fn check_regular(path: &Path, meta: &fs::Metadata, doing: Doing) -> Result<(), StoreError> {
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
fn read_text(path: &Path, limit: u64) -> Result<Option<String>, StoreError> {
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

    #[test]
    fn sentences_name_the_file_and_no_os_error_number() {
        let path = PathBuf::from("/data/steady/completions.toml");
        let corrupt = StoreError::Corrupt {
            path: path.clone(),
            at: Some((2, 5)),
            problem: "expected a whole number".into(),
        };
        assert_eq!(
            corrupt.sentence(),
            "the counts file /data/steady/completions.toml could not be read: line 2, column 5: expected a whole number"
        );
        assert_eq!(corrupt.to_string(), corrupt.sentence());
        let io = StoreError::Io {
            path: path.clone(),
            doing: Doing::Read,
            source: io::Error::from_raw_os_error(5),
        };
        assert!(!io.sentence().contains("os error"), "{}", io.sentence());
        assert!(io.sentence().contains("/data/steady/completions.toml"));
        let link = StoreError::Link {
            path: PathBuf::from("/d/completions.lock"),
        };
        assert!(
            link.sentence()
                .starts_with("the lock file /d/completions.lock is a symbolic link")
        );
    }

    #[test]
    fn fixed_time_is_the_first_moment_of_two_thousand() {
        assert_eq!(
            fixed_time().duration_since(SystemTime::UNIX_EPOCH).ok(),
            Some(Duration::from_secs(30 * 365 * 86_400 + 7 * 86_400))
        );
    }
}
