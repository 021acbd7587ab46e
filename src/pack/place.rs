//! Putting what was unpacked in place, all of it or none: a routine's
//! folder, or a program and each of its routines. Each is renamed into
//! place from the hidden folder it was unpacked into; whatever was there
//! is moved aside into that folder first, and is gone only once everything
//! is in place. If one cannot be put in place, those already are taken
//! out again and what was there is put back.

use std::fs::{self, DirBuilder};
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::refusal::Refusal;
use crate::journal::{Access, plain_words};
use crate::private_file;

/// How many names a hidden folder tries before giving up.
const TRIES: u32 = 16;

/// Where, inside the hidden folder, what was replaced waits until the end.
const ASIDE: &str = ".replaced";

/// One thing to put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Where it was unpacked, inside the hidden folder.
    pub from: PathBuf,
    /// Where it goes.
    pub to: PathBuf,
}

/// Makes `folders` (only inside `root`, when one is given) where they are
/// missing; gives every folder made, the deepest first, to remove again if
/// the install fails.
pub fn make_folders(folders: &[&Path], root: Option<&Path>) -> Result<Vec<PathBuf>, Refusal> {
    let mut made: Vec<PathBuf> = Vec::new();
    for folder in folders {
        let missing: Vec<PathBuf> = folder
            .ancestors()
            .take_while(|f| !f.as_os_str().is_empty() && fs::symlink_metadata(f).is_err())
            .map(Path::to_path_buf)
            .collect();
        made.extend(missing);
        if let Err(e) = private_file::create_folder_within(folder, root) {
            remove_folders(&made);
            return Err(cannot_write(folder, &e));
        }
    }
    made.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    Ok(made)
}

/// Removes the folders [`make_folders`] made, as far as they are empty.
pub fn remove_folders(made: &[PathBuf]) {
    for folder in made {
        let _ = fs::remove_dir(folder);
    }
}

/// Makes a new, empty, hidden folder in `folder`, private to its owner:
/// `.calm-tone.new-12345-0`.
pub fn hidden_folder(folder: &Path, name: &str) -> Result<PathBuf, Refusal> {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for _ in 0..TRIES {
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let candidate = folder.join(format!(".{name}.new-{}-{n}", std::process::id()));
        match DirBuilder::new().mode(0o700).create(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(cannot_write(folder, &e)),
        }
    }
    Err(cannot_write(folder, &last))
}

/// Renames each move's `from` to its `to`, all or none. What was at a
/// `to` goes into `hidden`, the folder they were unpacked into, which the
/// caller removes afterwards either way.
pub fn put_in_place(moves: &[Move], hidden: &Path) -> Result<(), Refusal> {
    let aside = hidden.join(ASIDE);
    let mut done: Vec<(&Move, Option<PathBuf>)> = Vec::new();
    for (n, next) in moves.iter().enumerate() {
        let placed = place(next, &aside, n);
        match placed {
            Ok(old) => done.push((next, old)),
            Err(refusal) => {
                for (taken, old) in done.iter().rev() {
                    let _ = fs::rename(&taken.to, &taken.from);
                    if let Some(old) = old {
                        let _ = fs::rename(old, &taken.to);
                    }
                }
                return Err(refusal);
            }
        }
    }
    Ok(())
}

/// Puts one in place; gives where what was there went, if anything was.
fn place(next: &Move, aside: &Path, n: usize) -> Result<Option<PathBuf>, Refusal> {
    let failed = |e: &io::Error| cannot_write(&next.to, e);
    let old = if fs::symlink_metadata(&next.to).is_ok() {
        private_file::create_folder(aside).map_err(|e| failed(&e))?;
        let old = aside.join(n.to_string());
        fs::rename(&next.to, &old).map_err(|e| failed(&e))?;
        Some(old)
    } else {
        None
    };
    if let Err(e) = fs::rename(&next.from, &next.to) {
        if let Some(old) = &old {
            let _ = fs::rename(old, &next.to);
        }
        return Err(failed(&e));
    }
    Ok(old)
}

pub fn cannot_write(place: &Path, e: &io::Error) -> Refusal {
    Refusal::Write {
        what: place.display().to_string(),
        why: plain_words(e, Access::Write),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_one_cannot_be_put_in_place_the_others_are_taken_out_and_the_old_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let hidden = dir.path().join(".new");
        fs::create_dir_all(hidden.join("a")).unwrap();
        fs::write(hidden.join("a/new.txt"), "new").unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        fs::write(dir.path().join("a/old.txt"), "old").unwrap();
        let moves = [
            Move {
                from: hidden.join("a"),
                to: dir.path().join("a"),
            },
            Move {
                from: hidden.join("not-unpacked"),
                to: dir.path().join("b"),
            },
        ];
        assert!(matches!(
            put_in_place(&moves, &hidden),
            Err(Refusal::Write { .. })
        ));
        assert_eq!(
            fs::read_to_string(dir.path().join("a/old.txt")).unwrap(),
            "old"
        );
        assert!(!dir.path().join("a/new.txt").exists());
        assert!(!dir.path().join("b").exists());
        assert!(
            hidden.join("a/new.txt").exists(),
            "back where it was unpacked"
        );
    }

    #[test]
    fn what_was_replaced_waits_in_the_hidden_folder() {
        let dir = tempfile::tempdir().unwrap();
        let hidden = dir.path().join(".new");
        fs::create_dir(&hidden).unwrap();
        fs::write(hidden.join("p.toml"), "new").unwrap();
        fs::write(dir.path().join("p.toml"), "old").unwrap();
        let moves = [Move {
            from: hidden.join("p.toml"),
            to: dir.path().join("p.toml"),
        }];
        put_in_place(&moves, &hidden).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("p.toml")).unwrap(),
            "new"
        );
        assert_eq!(
            fs::read_to_string(hidden.join(ASIDE).join("0")).unwrap(),
            "old"
        );
    }
}
