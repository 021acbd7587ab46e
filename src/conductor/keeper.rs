//! Keeping records: saved to the journal, or held in memory with the
//! reason when saving fails so it can be tried again, and never dropped:
//! a record still unsaved when the program leaves goes to the recovery
//! file beside the journal and to stderr.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::thread;

use crate::journal::diary::{Attack, attack_at, open_attack};
use crate::journal::{Checked, Journal, Record};

/// What opening an attack now came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// It is in the journal.
    New(Attack),
    /// One is going on already (this one): no second was opened.
    AlreadyOpen(Attack),
}

/// Keeps records: saves them, and holds on to one that could not be saved.
#[derive(Debug)]
pub struct Keeper {
    journal: Option<Journal>,
    /// Records that could not be saved, oldest first.
    unsaved: Vec<Record>,
    /// The journal's attacks as read when the session playing started,
    /// on their way from a thread of their own.
    attacks: Option<Receiver<Vec<Record>>>,
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
            attacks: None,
        }
    }

    /// A session starts: the journal's attacks are read now, on a thread
    /// of their own, so the reading is done by the time the session is
    /// saved (a large journal read then would hold up the save, a Ctrl-C's
    /// too).
    pub fn session_starts(&mut self) {
        let Some(journal) = self.journal.clone() else {
            return;
        };
        let (sent, arrived) = mpsc::channel();
        let reading = thread::Builder::new()
            .name("attacks".into())
            .spawn(move || {
                let attacks = journal.load().map_or_else(
                    |_| Vec::new(),
                    |loaded| {
                        let attacks = loaded.records.into_iter();
                        attacks.filter(|r| r.as_attack().is_some()).collect()
                    },
                );
                let _ = sent.send(attacks);
            });
        // No thread: the journal is read under its lock as it is saved.
        self.attacks = reading.ok().map(|_| arrived);
    }

    /// Saves `record`; on failure keeps it and returns the reason in plain
    /// words. A session is linked to the attack going on when it started:
    /// from the journal as read when it started (see
    /// [`Keeper::session_starts`]), or else as it is now, under its lock.
    pub fn save(&mut self, record: Record) -> Result<PathBuf, String> {
        let Some(journal) = &self.journal else {
            self.unsaved.push(record);
            return Err(
                "could not save the session: no data folder (set STILLPOINT_DATA_DIR)".to_owned(),
            );
        };
        let unlinked = matches!(&record, Record::Session(s) if s.attack.is_none());
        let read_at_start = self
            .attacks
            .take()
            .filter(|_| unlinked)
            .and_then(|arrived| arrived.recv().ok());
        let written = match read_at_start {
            Some(attacks) => journal.append(linked(&record, &attacks)),
            None if unlinked => {
                let checked = journal
                    .append_checked(|loaded| Ok::<_, Infallible>(linked(&record, &loaded.records)));
                match checked {
                    Ok(_) => Ok(()),
                    Err(Checked::Unsaved(failed)) => Err(failed),
                    Err(Checked::Refused(never)) => match never {},
                    // Nothing to link it with: saved as it is, or kept.
                    Err(Checked::Unreadable(_)) => journal.append(record),
                }
            }
            None => journal.append(record),
        };
        match written {
            Ok(()) => Ok(journal.path().to_path_buf()),
            Err(failed) => {
                let reason = failed.to_string();
                self.unsaved.push(failed.into_record());
                Err(reason)
            }
        }
    }

    /// Opens `attack` (one still going on) in the journal, at once and
    /// under its lock, unless one is going on already. On failure it is
    /// kept like any unsaved record, and the reason is returned.
    pub fn open_attack(&mut self, attack: Attack) -> Result<Opened, String> {
        let Some(journal) = &self.journal else {
            self.unsaved.push(attack.into());
            return Err(
                "could not save the attack: no data folder (set STILLPOINT_DATA_DIR)".to_owned(),
            );
        };
        let checked = journal.append_checked(|loaded| match open_attack(&loaded.records) {
            Some(open) => Err(Box::new(open.clone())),
            None => Ok(attack.clone().into()),
        });
        match checked {
            Ok(_) => Ok(Opened::New(attack)),
            Err(Checked::Refused(open)) => Ok(Opened::AlreadyOpen(*open)),
            Err(Checked::Unsaved(failed)) => {
                let reason = failed.to_string();
                self.unsaved.push(failed.into_record());
                Err(reason)
            }
            Err(Checked::Unreadable(e)) => {
                self.unsaved.push(attack.into());
                Err(format!(
                    "could not save the attack to {}: {}",
                    e.path.display(),
                    crate::journal::plain_words(&e.source, crate::journal::Access::Write)
                ))
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
            let what = match &record {
                Record::Attack(_) => "attack",
                _ => "session",
            };
            lines.push(format!("error: this {what} could not be saved to {meant}:"));
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

/// `record` linked to the attack among `records` that its session
/// started in (an attack still going on lasts until the session's end);
/// anything else as it is.
fn linked(record: &Record, records: &[Record]) -> Record {
    match record {
        Record::Session(session) => {
            let attack = attack_at(records, session.start, session.end);
            Record::Session(crate::journal::Session {
                attack: attack.map(|a| a.key().clone()),
                ..session.clone()
            })
        }
        other => other.clone(),
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

    fn session_at(start: &str, minutes: i64) -> Record {
        let start = chrono::DateTime::parse_from_rfc3339(start).unwrap();
        let routine = journal::RoutineRef::new("Desk reset", None, "");
        let end = start + chrono::Duration::minutes(minutes);
        journal::Session::new(routine, start, end, journal::Outcome::Completed).into()
    }

    #[test]
    fn an_attack_opens_once_and_the_sessions_in_it_are_linked_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut keeper = Keeper::new(Some(Journal::at(&path)));
        let before = session_at("2025-03-01T08:00:00+01:00", 10);
        keeper.save(before).unwrap();
        let start = chrono::DateTime::parse_from_rfc3339("2025-03-01T09:00:00+01:00").unwrap();
        let first = Attack::new(start);
        assert_eq!(
            keeper.open_attack(first.clone()),
            Ok(Opened::New(first.clone()))
        );
        let second = Attack::new(start + chrono::Duration::minutes(5));
        assert_eq!(
            keeper.open_attack(second),
            Ok(Opened::AlreadyOpen(first.clone()))
        );
        keeper
            .save(session_at("2025-03-01T09:10:00+01:00", 10))
            .unwrap();
        // Read as the session starts, the same.
        keeper.session_starts();
        keeper
            .save(session_at("2025-03-01T09:30:00+01:00", 10))
            .unwrap();
        let records = Journal::at(&path).load().unwrap().records;
        let links: Vec<_> = records
            .iter()
            .filter_map(Record::as_session)
            .map(|s| s.attack.clone())
            .collect();
        assert_eq!(
            links,
            [None, Some(first.id.clone()), Some(first.id.clone())]
        );
        assert_eq!(
            records.iter().filter(|r| r.as_attack().is_some()).count(),
            1
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let first_line = text.lines().next().unwrap();
        assert!(
            !first_line.contains("attack"),
            "no link written: {first_line}"
        );
    }
}
