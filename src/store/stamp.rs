//! The one fixed instant, 2000-01-01, that the counts file, the lock and steady's own
//! folder are stamped with after every change, so no file time says when someone last
//! practised.

#[cfg(windows)]
use std::fs::OpenOptions;
use std::fs::{self, File, FileTimes};
use std::io;
use std::time::{Duration, SystemTime};

use super::error::io_err;
use super::{Disk, Doing, FILE, LOCK, Store, StoreError, TMP};

/// [`fixed_time`] in seconds since the Unix epoch.
pub const FIXED_TIME_SECS: u64 = 946_684_800;

/// 2000-01-01T00:00:00Z: the one instant every file and the folder are stamped with.
/// (A function because `SystemTime` arithmetic is not `const`.)
pub fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(FIXED_TIME_SECS)
}

impl<D: Disk> Store<D> {
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
    pub(super) fn stamp_dir(&self) -> Result<(), StoreError> {
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

/// Sets the file's (or folder's) times to the fixed instant: its access and
/// modification times, and its creation time where the platform keeps one that can be
/// set (Windows and macOS show it, and each write creates the file anew).
pub(super) fn stamp(file: &File) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_time_is_the_first_moment_of_two_thousand() {
        assert_eq!(
            fixed_time().duration_since(SystemTime::UNIX_EPOCH).ok(),
            Some(Duration::from_secs(30 * 365 * 86_400 + 7 * 86_400))
        );
    }
}
