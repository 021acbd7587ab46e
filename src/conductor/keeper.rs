//! Keeping records: saved to the journal, or held in memory with the
//! reason when saving fails so it can be tried again, and never dropped:
//! a record still unsaved when the program leaves goes to the recovery
//! file beside the journal and to stderr.

use std::path::PathBuf;

use crate::journal::{Journal, Record};

/// Keeps records: saves them, and holds on to one that could not be saved.
#[derive(Debug)]
pub struct Keeper {
    journal: Option<Journal>,
    /// Records that could not be saved, oldest first.
    unsaved: Vec<Record>,
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
            unsaved: Vec::new(),
        }
    }

    /// Saves `record`; on failure keeps it and returns the reason in plain words.
    pub fn save(&mut self, record: Record) -> Result<PathBuf, String> {
        let Some(journal) = &self.journal else {
            self.unsaved.push(record);
            return Err(
                "could not save the session: no data folder (set STILLPOINT_DATA_DIR)".to_owned(),
            );
        };
        match journal.append(record) {
            Ok(()) => Ok(journal.path().to_path_buf()),
            Err(failed) => {
                let reason = failed.to_string();
                self.unsaved.push(failed.into_record());
                Err(reason)
            }
        }
    }

    /// Tries every unsaved record again, oldest first; the result of the
    /// last try, or None when nothing was waiting.
    pub fn retry(&mut self) -> Option<Result<PathBuf, String>> {
        let waiting = std::mem::take(&mut self.unsaved);
        let mut last = None;
        for record in waiting {
            last = Some(self.save(record));
        }
        last
    }

    /// Whether a record is waiting to be saved.
    pub fn has_unsaved(&self) -> bool {
        !self.unsaved.is_empty()
    }

    /// The program is leaving: every record still unsaved is tried once
    /// more, then kept in the recovery file beside the journal and given
    /// as lines to print on stderr (each record as a JSON line, with where
    /// it was meant to go), so none is ever lost silently.
    pub fn abandon(&mut self) -> Vec<String> {
        self.retry();
        let mut lines = Vec::new();
        for record in std::mem::take(&mut self.unsaved) {
            let meant = self.journal.as_ref().map_or_else(
                || "the journal (no data folder)".to_owned(),
                |j| j.path().display().to_string(),
            );
            lines.push(format!(
                "error: this session could not be saved to {meant}:"
            ));
            lines.push(record.to_line());
            match self.journal.as_ref().map(|j| j.keep_unsaved(&record)) {
                Some(Ok(kept)) => lines.push(format!(
                    "  = it is kept in {}, and the next run adds it to the journal",
                    kept.display()
                )),
                Some(Err(e)) => lines.push(format!(
                    "  = it could not be kept for later either ({}): copy the line above to keep it",
                    crate::journal::plain_words(&e, crate::journal::Access::Write)
                )),
                None => lines.push("  = copy the line above to keep it".to_owned()),
            }
        }
        lines
    }

    /// The journal, for the history screen.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{self, CheckIn};

    #[test]
    fn a_failed_save_keeps_the_record_until_a_retry_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the data folder should be: nothing can be saved.
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, "").unwrap();
        let path = blocker.join("journal.jsonl");
        let mut keeper = Keeper::new(Some(Journal::at(&path)));
        let record: Record = CheckIn::new(journal::now()).into();
        let reason = keeper.save(record.clone()).unwrap_err();
        assert!(keeper.has_unsaved());
        assert!(reason.contains("part of the path is a file"), "{reason}");
        assert!(matches!(keeper.retry(), Some(Err(_))), "still blocked");
        std::fs::remove_file(&blocker).unwrap();
        assert_eq!(keeper.retry(), Some(Ok(path.clone())));
        assert_eq!(keeper.retry(), None, "nothing left to save");
        assert!(keeper.abandon().is_empty());
        let saved = std::fs::read_to_string(&path).unwrap();
        assert_eq!(saved.trim_end(), record.to_line());
    }
}
