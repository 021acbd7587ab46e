//! The programs followed before: each time one ends (`program stop`, or
//! another started with `--replace`), the program as it was followed and
//! when it ended are added to `programs-ended.json` beside `program.json`,
//! so that the therapist's report still shows the weeks it was followed.
//! The earlier entries are never dropped, and a damaged file is said to be
//! damaged, never written over.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::active::Active;
use super::schedule::Following;

const FILE_NAME: &str = "programs-ended.json";
/// Room for a few hundred programs of the usual size, and for fifty of
/// the largest a program file may be.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// A program followed no more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ended {
    /// As it was followed: what was named, the day it was started, its text.
    #[serde(flatten)]
    pub followed: Active,
    /// When it ended.
    pub ended: DateTime<FixedOffset>,
}

impl Ended {
    /// The program as it was followed, until it ended; `None` if its text
    /// can no longer be read.
    pub fn following(&self) -> Option<Following> {
        Some(Following {
            ended: Some(self.ended),
            ..self.followed.following()?
        })
    }

    /// Whether `self` and `other` are one program followed from one day:
    /// a stop done again after the first could not clear `program.json`,
    /// or the same program started again on the day it was stopped.
    fn same_as(&self, other: &Ended) -> bool {
        self.followed == other.followed
    }
}

/// The programs ended, in the order they ended; none when none has.
pub fn load() -> Result<Vec<Ended>, String> {
    match crate::paths::data_dir() {
        Some(dir) => load_from(&dir),
        None => Ok(Vec::new()),
    }
}

pub fn load_from(dir: &Path) -> Result<Vec<Ended>, String> {
    let path = dir.join(FILE_NAME);
    let Some(bytes) = crate::private_file::read_own(&path, MAX_BYTES)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
    else {
        return Ok(Vec::new());
    };
    serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{} is damaged ({e}); it holds the programs you followed before, so it is left as it is: move it aside to start afresh",
            path.display()
        )
    })
}

/// Adds `ended` to the programs ended in `dir`, after the others; the
/// same program from the same day ends once, at the later end.
pub fn add_in(dir: &Path, ended: Ended, root: Option<&Path>) -> Result<(), String> {
    let mut all = load_from(dir)?;
    match all.iter_mut().find(|e| e.same_as(&ended)) {
        Some(earlier) => earlier.ended = earlier.ended.max(ended.ended),
        None => all.push(ended),
    }
    let path = dir.join(FILE_NAME);
    let text = serde_json::to_vec_pretty(&all).map_err(|e| e.to_string())?;
    if text.len() as u64 > MAX_BYTES {
        return Err(format!(
            "{} would be over {}; move it aside to keep it, and stop again",
            path.display(),
            crate::private_file::size_words(MAX_BYTES)
        ));
    }
    crate::private_file::replace(&path, &text, root)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::os::unix::fs::PermissionsExt;

    fn ended(source: &str, at: &str) -> Ended {
        Ended {
            followed: Active {
                source: source.into(),
                started: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
                text: "stillpoint_program = 1\ntitle = \"T\"\n[[week]]\nsessions = [{ routine = \"desk-reset\", times = 2 }]\n".into(),
            },
            ended: DateTime::parse_from_rfc3339(at).unwrap(),
        }
    }

    #[test]
    fn each_program_ended_is_added_privately_after_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("stillpoint");
        assert_eq!(load_from(&data), Ok(Vec::new()));
        let first = ended("desk-tension", "2026-12-10T09:00:00+01:00");
        let second = ended("migraine-prone-days", "2026-12-20T18:30:00+01:00");
        add_in(&data, first.clone(), None).unwrap();
        add_in(&data, second.clone(), None).unwrap();
        assert_eq!(load_from(&data), Ok(vec![first.clone(), second.clone()]));
        let mode = std::fs::metadata(data.join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let following = first.following().unwrap();
        assert_eq!(following.ended, Some(first.ended));
        assert_eq!(following.program.title, "T");
    }

    #[test]
    fn the_same_program_from_the_same_day_ends_once_at_the_later_end() {
        let dir = tempfile::tempdir().unwrap();
        let later = ended("desk-tension", "2026-12-12T09:00:00+01:00");
        add_in(dir.path(), later.clone(), None).unwrap();
        add_in(
            dir.path(),
            ended("desk-tension", "2026-12-10T09:00:00+01:00"),
            None,
        )
        .unwrap();
        assert_eq!(load_from(dir.path()), Ok(vec![later]));
    }

    #[test]
    fn a_damaged_file_is_named_and_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "[{ not json").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load_from(dir.path()).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
        let err = add_in(
            dir.path(),
            ended("desk-tension", "2026-12-10T09:00:00+01:00"),
            None,
        )
        .unwrap_err();
        assert!(err.contains("damaged"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[{ not json");
    }
}
