//! Turning a played session into a journal record and keeping it: saved to
//! the journal, or held in memory with the reason when saving fails, so it
//! can be tried again.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::journal::{self, EndReason, Journal, Outcome, Rating, Record, RoutineRef, Session};
use crate::routine::RoutineSource;
use crate::session::{self, Summary};

/// How the person felt, and what they noted; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ratings {
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    pub note: Option<String>,
}

/// Why a session that ended early ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The person ended it (q, Ctrl-C).
    Chosen,
    /// SIGTERM, SIGHUP, or the terminal went away.
    Signal,
}

/// The journal record of a session of `source` that started at `started`.
pub fn session_record(
    source: &RoutineSource,
    title: &str,
    started: DateTime<FixedOffset>,
    summary: &Summary,
    ending: Ending,
    ratings: Ratings,
    audio: bool,
) -> Record {
    let outcome = match (summary.outcome, ending) {
        (session::Outcome::Completed, _) => Outcome::Completed,
        (session::Outcome::EndedEarly, Ending::Chosen) => Outcome::EndedEarly {
            reason: EndReason::Quit,
        },
        (session::Outcome::EndedEarly, Ending::Signal) => Outcome::EndedEarly {
            reason: EndReason::Signal,
        },
    };
    let seconds = |d: std::time::Duration| u32::try_from(d.as_secs()).unwrap_or(u32::MAX);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let routine = RoutineRef::new(title, Some(source.name.clone()), &source.text);
    Session {
        planned_seconds: seconds(summary.planned),
        active_seconds: seconds(summary.position),
        paused_seconds: seconds(summary.paused),
        steps_done: count(summary.steps_done),
        steps_total: count(summary.steps_total),
        pain_before: ratings.pain_before.and_then(Rating::new),
        pain_after: ratings.pain_after.and_then(Rating::new),
        note: ratings.note.filter(|n| !n.trim().is_empty()),
        audio,
        ..Session::new(routine, started, journal::now(), outcome)
    }
    .into()
}

/// Keeps records: saves them, and holds on to one that could not be saved.
#[derive(Debug)]
pub struct Keeper {
    journal: Option<Journal>,
    /// A record that could not be saved.
    unsaved: Option<Record>,
}

impl Keeper {
    /// A keeper for the journal in the data folder.
    pub fn open() -> Self {
        Self::new(Journal::default_location().ok())
    }

    /// A keeper for `journal` (none: every save fails, and is kept).
    pub fn new(journal: Option<Journal>) -> Self {
        Self {
            journal,
            unsaved: None,
        }
    }

    /// Saves `record`; on failure keeps it and returns the reason in plain words.
    pub fn save(&mut self, record: Record) -> Result<PathBuf, String> {
        let Some(journal) = &self.journal else {
            let reason =
                "could not save the session: no data folder (set STILLPOINT_DATA_DIR)".to_owned();
            self.unsaved = Some(record);
            return Err(reason);
        };
        match journal.append(record) {
            Ok(()) => {
                self.unsaved = None;
                Ok(journal.path().to_path_buf())
            }
            Err(failed) => {
                let reason = failed.to_string();
                self.unsaved = Some(failed.into_record());
                Err(reason)
            }
        }
    }

    /// Tries the unsaved record again.
    pub fn retry(&mut self) -> Option<Result<PathBuf, String>> {
        let record = self.unsaved.take()?;
        Some(self.save(record))
    }

    /// The journal, for the history screen.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::CheckIn;

    #[test]
    fn a_failed_save_keeps_the_record_until_a_retry_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        std::os::unix::fs::symlink("/dev/full", &path).unwrap();
        let mut keeper = Keeper::new(Some(Journal::at(&path)));
        let record: Record = CheckIn::new(journal::now()).into();
        let reason = keeper.save(record.clone()).unwrap_err();
        assert!(reason.contains("full"), "{reason}");
        assert!(matches!(keeper.retry(), Some(Err(_))), "still full");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(keeper.retry(), Some(Ok(path.clone())));
        assert_eq!(keeper.retry(), None, "nothing left to save");
        let saved = std::fs::read_to_string(&path).unwrap();
        assert_eq!(saved.trim_end(), record.to_line());
    }
}
