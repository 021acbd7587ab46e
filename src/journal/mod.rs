//! The journal: every session, check-in, attack and medication intake,
//! one JSON record a line, in a private file in the data folder
//! (`journal.jsonl`, mode 0600).
//!
//! Writing never loses or mixes records (see [`Journal::append`]); reading
//! never fails on a damaged file (see [`Journal::load`]); the file is never
//! rewritten. The stats in [`stats`] are pure functions of the records.
//!
//! Recording a session when it ends:
//!
//! ```no_run
//! use stillpoint::journal::{self, Journal, Outcome, Rating, RoutineRef, Session};
//!
//! let start = journal::now();
//! // … the session plays …
//! let routine = RoutineRef::new("Desk reset", Some("bundled:desk-reset.toml".into()), "…text…");
//! let session = Session {
//!     planned_seconds: 600,
//!     active_seconds: 598,
//!     steps_done: 6,
//!     steps_total: 6,
//!     pain_before: Rating::new(6),
//!     pain_after: Rating::new(3),
//!     audio: true,
//!     ..Session::new(routine, start, journal::now(), Outcome::Completed)
//! };
//! let journal = Journal::default_location()?;
//! if let Err(failed) = journal.append(session.into()) {
//!     eprintln!("{failed}"); // "could not save the session to …: the disk is full"
//!     // Keep it beside the journal (or retry, or save elsewhere):
//!     let kept = journal.keep_unsaved(&failed.into_record())?;
//!     eprintln!("kept in {}", kept.display());
//! }
//! // The next run moves what was kept into the journal, each record once:
//! if let Some(recovered) = journal.recover()? {
//!     eprintln!("recovered {} records", recovered.moved());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod checkin;
mod content_hash;
pub mod diary;
mod error;
mod export;
mod filter;
mod id;
mod rating;
mod read;
mod record;
mod session;
pub mod stats;
pub mod tail;
mod time_format;
mod unsaved;
mod write;

use std::path::{Path, PathBuf};

pub use checkin::{CheckIn, Symptom};
pub use content_hash::content_hash;
pub use error::{Access, Checked, LoadError, NoDataDir, RecoverError, SaveError, plain_words};
pub use export::ExportRow;
pub use filter::Filter;
pub use id::RecordId;
pub use rating::{Rating, RatingOutOfRange};
pub use read::{LineProblem, Loaded, MAX_LINE_BYTES, NewerRecord, read_from};
pub use record::{FORMAT_VERSION, Record, SESSION_FORMAT, now};
pub use session::{EndReason, Outcome, RoutineRef, Session};
pub use time_format::rfc3339;
pub use unsaved::Recovered;

/// The journal file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    path: PathBuf,
    /// The only folder below which the journal's missing folders may be
    /// created (see [`crate::paths::creation_root`]); `None`: anywhere.
    create_within: Option<PathBuf>,
}

impl Journal {
    /// The journal in the data folder: `--data-dir`, `STILLPOINT_DATA_DIR`
    /// or `$XDG_DATA_HOME/stillpoint`, then `journal.jsonl`.
    /// Its folder is created when the first record is saved, but the
    /// standard one only inside the home folder.
    pub fn default_location() -> Result<Self, NoDataDir> {
        let path = crate::paths::journal_path().ok_or(NoDataDir)?;
        Ok(Self {
            path,
            create_within: crate::paths::creation_root(),
        })
    }

    /// The journal file at `path`, whose folders are created as needed.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            create_within: None,
        }
    }

    /// Where the journal file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds `record` at the end of the journal, creating the file (mode
    /// 0600) and its folder (mode 0700) the first time. The record is on
    /// disk when this returns `Ok`. On failure nothing in the file changed
    /// and the error gives the record back.
    pub fn append(&self, record: Record) -> Result<(), SaveError> {
        let mut line = record.to_line();
        line.push('\n');
        let written = write::fits(&line)
            .and_then(|()| write::append_line(&self.path, line.as_bytes(), self.root()));
        written.map_err(|source| SaveError {
            record: Box::new(record),
            path: self.path.clone(),
            source,
        })
    }

    /// Reads the journal and appends the record `decide` makes of what it
    /// holds, with the journal's lock held from that read to the write, so
    /// no other running copy adds a record in between (two copies cannot
    /// both open an attack, or both close one). `decide` may refuse; then
    /// nothing is written, and a journal that did not exist is not created
    /// (it is then asked first about the empty journal, and again once the
    /// file is made and locked).
    pub fn append_checked<E>(
        &self,
        mut decide: impl FnMut(&Loaded) -> Result<Record, E>,
    ) -> Result<Record, Checked<E>> {
        let unreadable = |source| {
            Checked::Unreadable(LoadError {
                path: self.path.clone(),
                source,
            })
        };
        match std::fs::symlink_metadata(&self.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                decide(&Loaded::default()).map_err(Checked::Refused)?;
            }
            _ => {}
        }
        let appender = write::Appender::open(&self.path, self.root()).map_err(unreadable)?;
        let loaded = appender.load().map_err(unreadable)?;
        let record = decide(&loaded).map_err(Checked::Refused)?;
        let mut line = record.to_line();
        line.push('\n');
        match write::fits(&line).and_then(|()| appender.append(line.as_bytes())) {
            Ok(()) => Ok(record),
            Err(source) => Err(Checked::Unsaved(SaveError {
                record: Box::new(record),
                path: self.path.clone(),
                source,
            })),
        }
    }

    fn root(&self) -> Option<&Path> {
        self.create_within.as_deref()
    }

    /// Adds `record` to the journal at `path` instead: for saving elsewhere
    /// after [`Journal::append`] failed.
    pub fn save_to(path: impl Into<PathBuf>, record: Record) -> Result<(), SaveError> {
        Self::at(path).append(record)
    }

    /// Reads every record. Damaged lines are skipped and listed in
    /// [`Loaded::problems`] with their line numbers; records from a newer
    /// format are kept aside in [`Loaded::newer`]. A missing journal is
    /// empty. Only a file that cannot be read at all is an error: a link
    /// (never followed), a named pipe or a device (never waited on or read),
    /// a folder, one not allowed to be read. The file is read a line at a
    /// time, each at most [`MAX_LINE_BYTES`], however large it is.
    pub fn load(&self) -> Result<Loaded, LoadError> {
        read::load(&self.path).map_err(|source| LoadError {
            path: self.path.clone(),
            source,
        })
    }
}
