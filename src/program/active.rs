//! The program a person follows: `program.json` in the data folder, with
//! the program's text as it was when they started it (a file edited later
//! does not rewrite what was planned) and the day they started.

use std::io;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    let file = match crate::private_file::open_own_to_read(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let bytes = crate::private_file::read_at_most(&file, MAX_BYTES)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        format!(
            "{} is damaged ({e}); `stillpoint program stop` clears it",
            path.display()
        )
    })
}

/// Follows `active` from now on, instead of any program before.
pub fn save(active: &Active) -> io::Result<()> {
    let Some(dir) = crate::paths::data_dir() else {
        return Err(io::Error::other("there is no data folder"));
    };
    save_in(&dir, active, crate::paths::creation_root().as_deref())
}

pub fn save_in(dir: &Path, active: &Active, root: Option<&Path>) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(active).map_err(io::Error::other)?;
    crate::private_file::replace(&dir.join(FILE_NAME), &text, root)
}

/// Follows no program; true if one was followed.
pub fn clear() -> io::Result<bool> {
    let Some(dir) = crate::paths::data_dir() else {
        return Ok(false);
    };
    match std::fs::remove_file(dir.join(FILE_NAME)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_program_followed_is_kept_privately_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("stillpoint");
        assert_eq!(load_from(&data), Ok(None));
        let active = Active {
            source: "desk-tension".into(),
            started: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            text: "stillpoint_program = 1\ntitle = \"T\"\n[[week]]\nsessions = [{ routine = \"desk-reset\", times = 2 }]\n".into(),
        };
        save_in(&data, &active, None).unwrap();
        assert_eq!(load_from(&data), Ok(Some(active.clone())));
        let mode = std::fs::metadata(data.join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(active.program().unwrap().weeks[0].planned(), 2);
    }

    #[test]
    fn a_damaged_file_is_named_not_taken_for_no_program() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "{ not json").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load_from(dir.path()).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
    }
}
