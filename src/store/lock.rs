//! One writer at a time: the lock file beside the counts, taken without ever waiting
//! forever, never through a link, and only while it is the file at its path.

use std::fs::{self, File};
use std::io;
use std::time::Duration;

use super::disk::{check_regular, create_private};
use super::error::io_err;
use super::stamp::stamp;
use super::{Disk, Doing, LOCK_POLL, Store, StoreError};
use crate::files::same_file;

impl<D: Disk> Store<D> {
    /// Runs `f` holding the lock, then stamps the lock and the folder with the fixed
    /// time and flushes the folder, whether or not `f` succeeded.
    pub(super) fn locked<T>(
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
    pub(super) fn lock(&self, mut polls: u32) -> Result<File, StoreError> {
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
}

/// How many tries of a held lock fit in `wait`.
pub(super) fn polls(wait: Duration) -> u32 {
    (wait.as_millis() / LOCK_POLL.as_millis()) as u32
}
