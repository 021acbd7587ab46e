//! The recovery file: a record that could not be appended to the journal
//! waits in `journal.unsaved.jsonl` beside it, and the next run moves it
//! into the journal.
//!
//! Two locks keep this safe with any number of copies running: keeping a
//! record and recovering both hold the recovery file's lock, and
//! recovering also holds the journal's while it compares and appends. So a
//! record kept during a recovery is never removed unread, two recoveries at
//! once move each record once, and a recovery cut short (a crash, a full
//! disk) is finished by the next without adding any record twice.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::read::read_lines;
use super::write::{self, Appender, LOCK_TRIES, kept_changing, lock_in_place};
use super::{Access, Journal, LineProblem, Loaded, Record, RecoverError};
use crate::private_file;

/// What a recovery moved into the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Sessions added to the journal.
    pub sessions: usize,
    /// Check-ins added to the journal.
    pub checkins: usize,
    /// Attacks added to the journal (revisions of one too).
    pub attacks: usize,
    /// Medication intakes added to the journal (revisions of one too).
    pub medication: usize,
    /// MIDAS answers added to the journal.
    pub midas: usize,
    /// Records from a newer Stillpoint, added as they were.
    pub newer: usize,
    /// Records the journal had already (from a recovery cut short), not
    /// added again.
    pub already_saved: usize,
    /// Lines of the recovery file that were not records; they went with it.
    pub damaged: Vec<LineProblem>,
}

impl Recovered {
    /// How many records were added to the journal.
    pub fn moved(&self) -> usize {
        self.sessions + self.checkins + self.attacks + self.medication + self.midas + self.newer
    }
}

impl Journal {
    /// The recovery file beside the journal: `journal.unsaved.jsonl` for
    /// `journal.jsonl`.
    pub fn unsaved_path(&self) -> PathBuf {
        let mut name = self
            .path
            .file_stem()
            .unwrap_or(OsStr::new("journal"))
            .to_os_string();
        name.push(".unsaved.jsonl");
        self.path.with_file_name(name)
    }

    /// Keeps `record`, which could not be appended to the journal, in the
    /// recovery file (mode 0600), in the same way as the journal: locked,
    /// one write, synced. Gives the recovery file's path.
    pub fn keep_unsaved(&self, record: &Record) -> io::Result<PathBuf> {
        let path = self.unsaved_path();
        let mut line = record.to_line();
        line.push('\n');
        write::fits(&line)?;
        write::append_line(&path, line.as_bytes(), self.root())?;
        Ok(path)
    }

    /// Moves the records in the recovery file into the journal: each one
    /// whose id the journal does not have yet, in one append, and then
    /// removes the recovery file (that one file and nothing else). `None`
    /// when there is no recovery file. On any failure the recovery file
    /// stays as it was, to be tried again.
    pub fn recover(&self) -> Result<Option<Recovered>, RecoverError> {
        let unsaved = self.unsaved_path();
        let failed = |access| {
            let unsaved = unsaved.clone();
            move |source| RecoverError::Move {
                unsaved,
                journal: self.path.clone(),
                access,
                source,
            }
        };
        let Some(held) = lock_existing(&unsaved).map_err(failed(Access::Read))? else {
            return Ok(None);
        };
        // Every line as it is, revisions too: each is a record to move.
        let found = read_lines(BufReader::new(&held)).map_err(failed(Access::Read))?;
        let mut recovered = Recovered {
            damaged: found.problems.clone(),
            ..Recovered::default()
        };
        if !found.records.is_empty() || !found.newer.is_empty() {
            let journal = Appender::open(&self.path, self.root()).map_err(failed(Access::Write))?;
            let saved = journal.load().map_err(failed(Access::Read))?;
            let lines = missing_lines(&found, &saved, &mut recovered);
            if !lines.is_empty() {
                journal
                    .append(lines.as_bytes())
                    .map_err(failed(Access::Write))?;
            }
        }
        fs::remove_file(&unsaved).map_err(|source| RecoverError::Remove {
            unsaved: unsaved.clone(),
            journal: self.path.clone(),
            source,
        })?;
        drop(held);
        Ok(Some(recovered))
    }
}

/// The recovery file at `path`, opened and locked; `None` when there is
/// none (any more: another copy may have recovered it while we waited).
fn lock_existing(path: &Path) -> io::Result<Option<File>> {
    for _ in 0..LOCK_TRIES {
        let file = match private_file::open_in_place(path, File::options().read(true)) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if lock_in_place(&file, path)? {
            return Ok(Some(file));
        }
    }
    Err(kept_changing())
}

/// The lines to append: every record `found` has that `saved` has not, in
/// order, each once; counted in `recovered`.
fn missing_lines(found: &Loaded, saved: &Loaded, recovered: &mut Recovered) -> String {
    let mut known: HashSet<String> = saved
        .records
        .iter()
        .map(|r| r.id().as_str().to_owned())
        .chain(saved.superseded.iter().map(|id| id.as_str().to_owned()))
        .chain(saved.newer.iter().map(|n| key(&n.raw)))
        .collect();
    let mut lines = String::new();
    for record in &found.records {
        if !known.insert(record.id().as_str().to_owned()) {
            recovered.already_saved += 1;
            continue;
        }
        match record {
            Record::Session(_) => recovered.sessions += 1,
            Record::Checkin(_) => recovered.checkins += 1,
            Record::Attack(_) => recovered.attacks += 1,
            Record::Medication(_) => recovered.medication += 1,
            Record::Midas(_) => recovered.midas += 1,
        }
        lines.push_str(&record.to_line());
        lines.push('\n');
    }
    for newer in &found.newer {
        if !known.insert(key(&newer.raw)) {
            recovered.already_saved += 1;
            continue;
        }
        recovered.newer += 1;
        lines.push_str(&newer.raw.to_string());
        lines.push('\n');
    }
    lines
}

/// What tells a newer record apart: its id, or all of it if it has none.
fn key(raw: &Value) -> String {
    raw.get("id")
        .and_then(Value::as_str)
        .map_or_else(|| raw.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{CheckIn, now};

    fn checkin(pain: u8) -> Record {
        CheckIn {
            pain: crate::journal::Rating::new(pain),
            ..CheckIn::new(now())
        }
        .into()
    }

    #[test]
    fn the_recovery_file_is_named_after_the_journal() {
        let journal = Journal::at("/data/journal.jsonl");
        assert_eq!(
            journal.unsaved_path(),
            Path::new("/data/journal.unsaved.jsonl")
        );
        let other = Journal::at("/data/old.jsonl");
        assert_eq!(other.unsaved_path(), Path::new("/data/old.unsaved.jsonl"));
    }

    #[test]
    fn kept_records_move_into_the_journal_once() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        assert_eq!(journal.recover().unwrap(), None, "nothing to recover");
        let (first, second) = (checkin(3), checkin(5));
        journal.append(first.clone()).unwrap();
        for record in [&first, &second, &second] {
            journal.keep_unsaved(record).unwrap();
        }
        let recovered = journal.recover().unwrap().unwrap();
        assert_eq!((recovered.checkins, recovered.already_saved), (1, 2));
        assert_eq!(journal.load().unwrap().records, [first, second]);
        assert!(!journal.unsaved_path().exists());
        assert_eq!(journal.recover().unwrap(), None);
    }

    #[test]
    fn newer_records_move_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        let newer = r#"{"type":"medication","version":9,"id":"abc","mg":400}"#;
        fs::write(journal.unsaved_path(), format!("{newer}\n")).unwrap();
        assert_eq!(journal.recover().unwrap().unwrap().newer, 1);
        let loaded = journal.load().unwrap();
        assert_eq!(loaded.newer.len(), 1);
        assert_eq!(loaded.newer[0].raw["mg"], 400);
    }

    #[test]
    fn a_failed_append_keeps_the_recovery_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the journal should be: nothing can be appended.
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        fs::create_dir(journal.path()).unwrap();
        journal.keep_unsaved(&checkin(4)).unwrap();
        let before = fs::read(journal.unsaved_path()).unwrap();
        match journal.recover() {
            Err(RecoverError::Move { access, .. }) => assert_eq!(access, Access::Write),
            other => panic!("expected a failed move, got {other:?}"),
        }
        assert_eq!(fs::read(journal.unsaved_path()).unwrap(), before);
    }
}
