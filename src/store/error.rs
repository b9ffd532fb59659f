//! What went wrong with the counts, as values with the path and the step, and as one
//! plain sentence for a person.

use std::io;
use std::path::{Path, PathBuf};

use super::{FILE, LOCK};
use crate::files;
use crate::text;

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
    /// Another steady held the lock for longer than [`LOCK_WAIT`](super::LOCK_WAIT) (it may be stopped
    /// mid-write): nothing was read or written.
    #[error("{}", self.sentence())]
    Busy { path: PathBuf },
    /// Written again, the file would pass [`MAX_BYTES`](super::MAX_BYTES), which steady
    /// could not read back: nothing was written.
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
                "the counts file {} is full: written again, it would pass 1 MiB, the most \
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

pub(super) fn io_err(path: &Path, doing: Doing, source: io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        doing,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
