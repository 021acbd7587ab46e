//! Installing a `.stillpoint` file: a folder of its own in the routines
//! folder, `NAME/NAME.toml` with its sounds under the paths the routine
//! names them by, so two routines' sounds never meet and the library finds
//! it by name. Whole or not at all: everything is unpacked into a hidden
//! folder beside where it goes, checked, then renamed into place; on any
//! refusal that folder, and any folder made for it, is removed again.

use std::fs::{self, DirBuilder};
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::archive::Archive;
use super::manifest::Manifest;
use super::refusal::Refusal;
use crate::journal::{Access, plain_words};
use crate::private_file;
use crate::routine::{self, source};

/// How many names a hidden folder tries before giving up.
const TRIES: u32 = 16;

/// What was installed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
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

/// Checks the archive at `file` and installs it in `routines` (made, only
/// inside `root` when one is given, if it is not there). An installed
/// routine of the same name, as a folder or a file, is replaced only with
/// `force`.
pub fn install(
    file: &Path,
    routines: &Path,
    root: Option<&Path>,
    force: bool,
) -> Result<Installed, Refusal> {
    let mut archive = Archive::open(file)?;
    let manifest = archive.manifest().clone();
    let name = manifest
        .routine
        .strip_suffix(".toml")
        .unwrap_or(&manifest.routine)
        .to_owned();
    let folder = routines.join(&name);
    let loose = routines.join(&manifest.routine);
    let existing: Vec<&PathBuf> = [&folder, &loose]
        .into_iter()
        .filter(|p| fs::symlink_metadata(p).is_ok())
        .collect();
    if let (false, Some(first)) = (force, existing.first()) {
        return Err(Refusal::Exists {
            name,
            path: first.display().to_string(),
        });
    }
    let made = missing_folders(routines);
    let unpacked = private_file::create_folder_within(routines, root)
        .map_err(|e| cannot_write(routines, &e))
        .and_then(|()| hidden_folder(routines, &name, "new"));
    let done = unpacked.and_then(|temporary| {
        let placed = archive
            .extract_into(&temporary)
            .and_then(|()| check(&temporary, &manifest))
            .and_then(|title| put_in_place(&temporary, &folder, routines, &name).map(|()| title));
        if placed.is_err() {
            let _ = fs::remove_dir_all(&temporary);
        }
        placed
    });
    let title = match done {
        Ok(title) => title,
        Err(refusal) => {
            for made in &made {
                let _ = fs::remove_dir(made);
            }
            return Err(refusal);
        }
    };
    if existing.contains(&&loose) {
        // Its folder now holds the routine of that name; a loose file of
        // the same name beside it would only be listed twice.
        let _ = fs::remove_file(&loose);
    }
    let _ = private_file::sync_folder(routines);
    let replaced = !existing.is_empty();
    Ok(Installed {
        routine: folder.join(&manifest.routine),
        folder,
        title,
        sounds: manifest.files.len() - 1,
        replaced,
        name,
    })
}

/// `folder` and those above it that do not exist yet, the deepest first.
fn missing_folders(folder: &Path) -> Vec<PathBuf> {
    folder
        .ancestors()
        .take_while(|f| !f.as_os_str().is_empty() && fs::symlink_metadata(f).is_err())
        .map(Path::to_path_buf)
        .collect()
}

/// Makes a new, empty, hidden folder in `routines`, private to its owner:
/// `.calm-tone.new-12345-0`.
fn hidden_folder(routines: &Path, name: &str, what: &str) -> Result<PathBuf, Refusal> {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for _ in 0..TRIES {
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let candidate = routines.join(format!(".{name}.{what}-{}-{n}", std::process::id()));
        match DirBuilder::new().mode(0o700).create(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(cannot_write(routines, &e)),
        }
    }
    Err(cannot_write(routines, &last))
}

/// Refuses the unpacked routine if `check` would find errors in it, with
/// its sounds where they will be; gives its title.
fn check(folder: &Path, manifest: &Manifest) -> Result<String, Refusal> {
    let broken = |line, message| Refusal::Broken {
        name: manifest.routine.clone(),
        line,
        message,
    };
    let source = source::read(&folder.join(&manifest.routine))
        .map_err(|f| broken(1, f.diagnostic.message))?;
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

/// Renames `unpacked` to `folder`; whatever was at `folder` is moved aside
/// first and removed only once the new one is in place (and put back if
/// it could not be).
fn put_in_place(
    unpacked: &Path,
    folder: &Path,
    routines: &Path,
    name: &str,
) -> Result<(), Refusal> {
    let failed = |e: io::Error| cannot_write(folder, &e);
    if fs::symlink_metadata(folder).is_err() {
        return fs::rename(unpacked, folder).map_err(failed);
    }
    let aside = hidden_folder(routines, name, "old")?;
    let old = aside.join(name);
    fs::rename(folder, &old).map_err(failed)?;
    if let Err(e) = fs::rename(unpacked, folder) {
        let _ = fs::rename(&old, folder);
        let _ = fs::remove_dir(&aside);
        return Err(failed(e));
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

fn cannot_write(place: &Path, e: &io::Error) -> Refusal {
    Refusal::Write {
        what: place.display().to_string(),
        why: plain_words(e, Access::Write),
    }
}
