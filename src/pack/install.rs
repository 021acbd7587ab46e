//! Installing a `.stillpoint` file: a routine goes into a folder of its
//! own in the routines folder, `NAME/NAME.toml` with its sounds under the
//! paths the routine names them by, so two routines' sounds never meet and
//! the library finds it by name. Whole or not at all: everything is
//! unpacked into a hidden folder beside where it goes, checked, then
//! renamed into place; on any refusal that folder, and any folder made for
//! it, is removed again.

use std::fs;
use std::path::{Path, PathBuf};

use super::archive::Archive;
use super::manifest::{Contents, Manifest};
use super::place::{self, Move};
use super::refusal::Refusal;
use crate::private_file;
use crate::routine::{self, source};

/// Where things are installed.
#[derive(Debug, Clone, Copy)]
pub struct Places<'a> {
    /// The user's routines folder.
    pub routines: &'a Path,
    /// The user's programs folder.
    pub programs: &'a Path,
    /// Folders are made only inside this one, when it is given.
    pub root: Option<&'a Path>,
}

/// What a file installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    Routine(InstalledRoutine),
    Program(super::install_program::InstalledProgram),
}

/// A routine that was installed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledRoutine {
    /// The routine's file stem, which it plays by.
    pub name: String,
    pub title: String,
    /// The routine's own folder.
    pub folder: PathBuf,
    /// The routine file in it.
    pub routine: PathBuf,
    /// How many sound files came with it.
    pub sounds: usize,
    /// Whether a routine of that name was replaced (`--force`).
    pub replaced: bool,
}

/// Checks the archive at `file` and installs the routine or the program
/// it holds. Anything installed of the same name, as a folder or a file,
/// is replaced only with `force`.
pub fn install(file: &Path, places: Places, force: bool) -> Result<Installed, Refusal> {
    let mut archive = Archive::open(file)?;
    match archive.manifest().clone() {
        Contents::Routine(manifest) => {
            install_routine(&mut archive, &manifest, places, force).map(Installed::Routine)
        }
        Contents::Program(manifest) => {
            super::install_program::install(&mut archive, &manifest, places, force)
                .map(Installed::Program)
        }
    }
}

fn install_routine(
    archive: &mut Archive,
    manifest: &Manifest,
    places: Places,
    force: bool,
) -> Result<InstalledRoutine, Refusal> {
    let name = manifest
        .routine
        .strip_suffix(".toml")
        .unwrap_or(&manifest.routine);
    let target = RoutineTarget::new(places.routines, name);
    let existing = target.existing();
    if let (false, Some(first)) = (force, &existing) {
        return Err(Refusal::Exists {
            name: name.to_owned(),
            path: first.display().to_string(),
        });
    }
    let moves = [(PathBuf::from(name), target.folder.clone())];
    let title = unpack_and_place(
        archive,
        places,
        name,
        Path::new(name),
        &moves,
        &[places.routines],
        |hidden| check(&hidden.join(name), &manifest.routine),
    )?;
    target.remove_loose();
    let _ = private_file::sync_folder(places.routines);
    Ok(target.installed(title, manifest.files.len() - 1, existing.is_some()))
}

/// Where a routine goes in the routines folder: its own folder, and a
/// loose file of the same name beside it that counts as installed too.
pub(super) struct RoutineTarget {
    name: String,
    pub folder: PathBuf,
    loose: PathBuf,
}

impl RoutineTarget {
    pub fn new(routines: &Path, name: &str) -> Self {
        Self {
            name: name.to_owned(),
            folder: routines.join(name),
            loose: routines.join(format!("{name}.toml")),
        }
    }

    /// What of that name is installed already: the folder, else the file.
    pub fn existing(&self) -> Option<PathBuf> {
        [&self.folder, &self.loose]
            .into_iter()
            .find(|p| fs::symlink_metadata(p).is_ok())
            .cloned()
    }

    /// Its folder now holds the routine of that name; a loose file of the
    /// same name beside it would only be listed twice.
    pub fn remove_loose(&self) {
        let _ = fs::remove_file(&self.loose);
    }

    pub fn installed(&self, title: String, sounds: usize, replaced: bool) -> InstalledRoutine {
        InstalledRoutine {
            name: self.name.clone(),
            title,
            routine: self.folder.join(format!("{}.toml", self.name)),
            folder: self.folder.clone(),
            sounds,
            replaced,
        }
    }
}

/// Unpacks the archive into `into` inside a new hidden folder in the
/// routines folder (made, with `folders`, if missing), checks it with
/// `check`, then renames each of `moves` (from inside the hidden folder)
/// into place. Whatever happens, the hidden folder is removed; on a
/// refusal, so are the folders made for it.
pub(super) fn unpack_and_place<T>(
    archive: &mut Archive,
    places: Places,
    name: &str,
    into: &Path,
    moves: &[(PathBuf, PathBuf)],
    folders: &[&Path],
    check: impl FnOnce(&Path) -> Result<T, Refusal>,
) -> Result<T, Refusal> {
    let made = place::make_folders(folders, places.root)?;
    let done = place::hidden_folder(places.routines, name).and_then(|hidden| {
        let target = hidden.join(into);
        let moves: Vec<Move> = moves
            .iter()
            .map(|(from, to)| Move {
                from: hidden.join(from),
                to: to.clone(),
            })
            .collect();
        let placed = private_file::create_folder(&target)
            .map_err(|e| place::cannot_write(&target, &e))
            .and_then(|()| archive.extract_into(&target))
            .and_then(|()| check(&hidden))
            .and_then(|value| place::put_in_place(&moves, &hidden).map(|()| value));
        let _ = fs::remove_dir_all(&hidden);
        placed
    });
    if done.is_err() {
        place::remove_folders(&made);
    }
    done
}

/// Refuses the unpacked routine `file_name` in `folder` if `check` would
/// find errors in it, with its sounds where they will be; gives its title.
pub(super) fn check(folder: &Path, file_name: &str) -> Result<String, Refusal> {
    let broken = |line, message| Refusal::Broken {
        name: file_name.to_owned(),
        line,
        message,
    };
    let source =
        source::read(&folder.join(file_name)).map_err(|f| broken(1, f.diagnostic.message))?;
    let parsed = routine::parse(&source);
    match parsed.diagnostics.iter().find(|d| d.is_error()) {
        None => Ok(parsed.routine.map(|r| r.title).unwrap_or_default()),
        Some(first) => {
            let at = first.span.as_ref().map_or(0, |s| s.start);
            let line = crate::diagnostic::position(&source.text, at).line;
            Err(broken(line, first.message.clone()))
        }
    }
}
