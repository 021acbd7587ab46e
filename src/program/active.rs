//! The program a person follows: `program.json` in the data folder, with
//! the program's text as it was when they started it (a file edited later
//! does not rewrite what was planned) and the day they started. When it
//! ends, it is kept among the programs ended ([`super::ended`]) before
//! `program.json` goes.

use std::io;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ended::{self, Ended};
use super::schedule::Following;
use super::{Program, parse};

const FILE_NAME: &str = "program.json";
/// A program file is at most 256 KiB; with its wrapping, this much.
const MAX_BYTES: u64 = 300 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Active {
    /// What the person named to start it: a path or a name.
    pub source: String,
    pub started: NaiveDate,
    pub text: String,
}

impl Active {
    /// The program as it was started. Its routines are not looked for
    /// again: one removed since is named, and not found, when played.
    pub fn program(&self) -> Option<Program> {
        parse(&self.text, &|_| Ok(())).program
    }

    /// Its title, or the name it was started by if its text can no
    /// longer be read.
    pub fn title(&self) -> String {
        self.program()
            .map_or_else(|| self.source.clone(), |p| p.title)
    }

    /// The program as it is followed, from the day it was started.
    pub fn following(&self) -> Option<Following> {
        Some(Following {
            program: self.program()?,
            started: self.started,
            ended: None,
        })
    }
}

/// The program followed, if there is one; `Err` says why the file that
/// holds it cannot be read.
pub fn load() -> Result<Option<Active>, String> {
    match crate::paths::data_dir() {
        Some(dir) => load_from(&dir),
        None => Ok(None),
    }
}

pub fn load_from(dir: &Path) -> Result<Option<Active>, String> {
    let path = dir.join(FILE_NAME);
    let Some(bytes) = crate::private_file::read_own(&path, MAX_BYTES)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
    else {
        return Ok(None);
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        format!(
            "{} is damaged ({e}); `stillpoint program stop` clears it",
            path.display()
        )
    })
}

/// Follows `active` from `now` on, instead of the program followed
/// before, which is kept among the programs ended; that one, if there
/// was one.
pub fn follow(active: &Active, now: DateTime<FixedOffset>) -> Result<Option<Ended>, String> {
    let Some(dir) = crate::paths::data_dir() else {
        return Err("there is no data folder".to_owned());
    };
    follow_in(&dir, active, now, crate::paths::creation_root().as_deref())
}

pub fn follow_in(
    dir: &Path,
    active: &Active,
    now: DateTime<FixedOffset>,
    root: Option<&Path>,
) -> Result<Option<Ended>, String> {
    let before = match load_from(dir) {
        Ok(Some(followed)) => Some(keep(dir, followed, now, root)?),
        _ => None,
    };
    let text = serde_json::to_vec_pretty(active).map_err(|e| e.to_string())?;
    let path = dir.join(FILE_NAME);
    crate::private_file::replace(&path, &text, root)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(before)
}

/// What stopping did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// No program was followed.
    Nothing,
    /// This one ended, and is kept among the programs ended.
    Ended(Ended),
    /// The file of the program followed could not be read, for this
    /// reason; it is gone, and nothing of it could be kept.
    Unreadable(String),
}

/// Follows no program from `now` on; the one followed is kept among the
/// programs ended first, so that a failure leaves it followed.
pub fn stop(now: DateTime<FixedOffset>) -> Result<Stopped, String> {
    let Some(dir) = crate::paths::data_dir() else {
        return Ok(Stopped::Nothing);
    };
    stop_in(&dir, now, crate::paths::creation_root().as_deref())
}

pub fn stop_in(
    dir: &Path,
    now: DateTime<FixedOffset>,
    root: Option<&Path>,
) -> Result<Stopped, String> {
    let stopped = match load_from(dir) {
        Ok(None) => return Ok(Stopped::Nothing),
        Ok(Some(followed)) => Stopped::Ended(keep(dir, followed, now, root)?),
        Err(why) => Stopped::Unreadable(why),
    };
    let path = dir.join(FILE_NAME);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(stopped),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(stopped),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    }
}

/// Keeps `followed`, the program followed in `dir`, among the programs
/// ended, as ended `now`.
fn keep(
    dir: &Path,
    followed: Active,
    now: DateTime<FixedOffset>,
    root: Option<&Path>,
) -> Result<Ended, String> {
    let ended = Ended {
        followed,
        ended: now,
    };
    ended::add_in(dir, ended.clone(), root)?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn active(source: &str) -> Active {
        Active {
            source: source.into(),
            started: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            text: "stillpoint_program = 1\ntitle = \"T\"\n[[week]]\nsessions = [{ routine = \"desk-reset\", times = 2 }]\n".into(),
        }
    }

    fn at(time: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(time).unwrap()
    }

    #[test]
    fn the_program_followed_is_kept_privately_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("stillpoint");
        assert_eq!(load_from(&data), Ok(None));
        let active = active("desk-tension");
        let now = at("2026-12-03T09:00:00+01:00");
        assert_eq!(follow_in(&data, &active, now, None), Ok(None));
        assert_eq!(load_from(&data), Ok(Some(active.clone())));
        let mode = std::fs::metadata(data.join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(active.program().unwrap().weeks[0].planned(), 2);
    }

    #[test]
    fn a_program_replaced_or_stopped_is_kept_among_those_ended() {
        let dir = tempfile::tempdir().unwrap();
        let first = active("desk-tension");
        let second = active("migraine-prone-days");
        let replaced = at("2026-12-10T09:00:00+01:00");
        let stopped = at("2026-12-20T18:00:00+01:00");
        follow_in(dir.path(), &first, replaced, None).unwrap();
        let before = follow_in(dir.path(), &second, replaced, None).unwrap();
        assert_eq!(before.map(|e| e.followed), Some(first.clone()));
        assert_eq!(load_from(dir.path()), Ok(Some(second.clone())));
        let Stopped::Ended(ended) = stop_in(dir.path(), stopped, None).unwrap() else {
            panic!("a program was followed");
        };
        assert_eq!((ended.followed, ended.ended), (second.clone(), stopped));
        assert_eq!(load_from(dir.path()), Ok(None));
        let kept = ended::load_from(dir.path()).unwrap();
        let kept: Vec<_> = kept.iter().map(|e| (&e.followed, e.ended)).collect();
        assert_eq!(kept, [(&first, replaced), (&second, stopped)]);
        assert_eq!(stop_in(dir.path(), stopped, None), Ok(Stopped::Nothing));
    }

    #[test]
    fn a_program_that_cannot_be_kept_among_those_ended_stays_followed() {
        let dir = tempfile::tempdir().unwrap();
        let now = at("2026-12-10T09:00:00+01:00");
        follow_in(dir.path(), &active("desk-tension"), now, None).unwrap();
        let damaged = dir.path().join("programs-ended.json");
        std::fs::write(&damaged, "[ damaged").unwrap();
        std::fs::set_permissions(&damaged, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = stop_in(dir.path(), now, None).unwrap_err();
        assert!(err.contains("is damaged"), "{err}");
        let err = follow_in(dir.path(), &active("migraine-prone-days"), now, None).unwrap_err();
        assert!(err.contains("is damaged"), "{err}");
        assert_eq!(load_from(dir.path()), Ok(Some(active("desk-tension"))));
        assert_eq!(std::fs::read_to_string(&damaged).unwrap(), "[ damaged");
    }

    #[test]
    fn a_damaged_file_is_named_not_taken_for_no_program() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "{ not json").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load_from(dir.path()).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
        let now = DateTime::parse_from_rfc3339("2026-12-10T09:00:00+01:00").unwrap();
        let Ok(Stopped::Unreadable(why)) = stop_in(dir.path(), now, None) else {
            panic!("a damaged file is cleared by stop");
        };
        assert!(why.contains("damaged"), "{why}");
        assert!(!path.exists());
        assert_eq!(ended::load_from(dir.path()), Ok(Vec::new()));
    }
}
