//! What can go wrong saving or reading the journal, in plain words.

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::Record;

/// A record could not be saved. The record comes back untouched, so the
/// caller can try again or save it elsewhere; nothing that was already in
/// the journal was changed.
#[derive(Debug, Error)]
#[error("could not save the {} to {}: {}", kind_words(record), path.display(), plain_words(source, Access::Write))]
pub struct SaveError {
    pub record: Box<Record>,
    /// The journal file it was meant for.
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl SaveError {
    /// The record that was not saved.
    pub fn into_record(self) -> Record {
        *self.record
    }
}

/// Why [`super::Journal::append_checked`] wrote nothing.
#[derive(Debug, Error)]
pub enum Checked<E> {
    /// The record was refused, for this reason.
    #[error("{0}")]
    Refused(E),
    /// The journal could not be read (or opened to write), so nothing could
    /// be checked.
    #[error(transparent)]
    Unreadable(LoadError),
    /// The record was made but could not be written; it comes back.
    #[error(transparent)]
    Unsaved(SaveError),
}

/// The journal exists but could not be read at all. (A missing journal is
/// not an error: it is empty. Damaged lines are not errors either: see
/// [`super::Loaded::problems`].)
#[derive(Debug, Error)]
#[error("could not read the journal at {}: {}", path.display(), plain_words(source, Access::Read))]
pub struct LoadError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// The records kept in the recovery file could not be moved into the
/// journal. Nothing is lost: the recovery file stays where it is and the
/// next recovery tries again, without adding any record twice.
#[derive(Debug, Error)]
pub enum RecoverError {
    #[error("could not move the records kept in {} into the journal at {}: {}", unsaved.display(), journal.display(), plain_words(source, *access))]
    Move {
        /// The recovery file.
        unsaved: PathBuf,
        journal: PathBuf,
        /// Whether reading or writing failed.
        access: Access,
        #[source]
        source: io::Error,
    },
    #[error("the records kept in {} are in the journal at {} now, but that file could not be removed: {}", unsaved.display(), journal.display(), plain_words(source, Access::Write))]
    Remove {
        unsaved: PathBuf,
        journal: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl RecoverError {
    /// The recovery file, which is still there.
    pub fn unsaved(&self) -> &Path {
        match self {
            RecoverError::Move { unsaved, .. } | RecoverError::Remove { unsaved, .. } => unsaved,
        }
    }
}

/// No data folder: no `--data-dir`, no `STILLPOINT_DATA_DIR` and no home
/// folder to put `.local/share/stillpoint` in.
#[derive(Debug, Error)]
#[error(
    "there is no data folder for the journal: set STILLPOINT_DATA_DIR or XDG_DATA_HOME, or pass --data-dir"
)]
pub struct NoDataDir;

fn kind_words(record: &Record) -> &'static str {
    match record {
        Record::Session(_) => "session",
        Record::Checkin(_) => "check-in",
        Record::Attack(_) => "attack",
        Record::Medication(_) => "medication intake",
        Record::Midas(_) => "set of MIDAS answers",
    }
}

/// What was being done when an I/O error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// An I/O error as a person would say it: "the disk is full".
pub fn plain_words(error: &io::Error, access: Access) -> String {
    use io::ErrorKind as K;
    match error.kind() {
        K::StorageFull => "the disk is full".into(),
        K::QuotaExceeded => "your disk quota is used up".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        K::PermissionDenied => match access {
            Access::Read => "you are not allowed to read it".into(),
            Access::Write => "you are not allowed to write there".into(),
        },
        K::NotFound => "the folder does not exist".into(),
        K::NotADirectory => "part of the path is a file, not a folder".into(),
        K::IsADirectory => "it is a folder, not a file".into(),
        _ => lower_first(&strip_os_code(&error.to_string())),
    }
}

/// "Broken pipe (os error 32)" → "Broken pipe".
fn strip_os_code(text: &str) -> String {
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_owned(),
        _ => text.to_owned(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_plain_words() {
        let full = io::Error::from_raw_os_error(28);
        assert_eq!(plain_words(&full, Access::Write), "the disk is full");
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        assert_eq!(
            plain_words(&denied, Access::Read),
            "you are not allowed to read it"
        );
        let other = io::Error::from_raw_os_error(32);
        assert_eq!(plain_words(&other, Access::Write), "broken pipe");
        let odd = io::Error::other("Odd thing");
        assert_eq!(plain_words(&odd, Access::Read), "odd thing");
    }
}
