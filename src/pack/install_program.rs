//! Installing a program that travels with its routines: the program into
//! the programs folder, where `program start NAME` finds it, and each
//! routine it carries as a routine's own file is installed, in a folder of
//! its own in the routines folder. All of them or none: the program must
//! name only routines the file carries or Stillpoint has built in, every
//! routine must be free of errors, and nothing of the same name is
//! replaced without `--force`.

use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};

use super::archive::Archive;
use super::install::{InstalledRoutine, Places, RoutineTarget, check, unpack_and_place};
use super::program_manifest::{ProgramManifest, routine_file, routine_folder};
use super::refusal::Refusal;
use crate::library::names;
use crate::private_file;
use crate::routine::{self, RoutineSource, source};

/// A program that was installed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledProgram {
    /// The program's file stem, which it starts by.
    pub name: String,
    pub title: String,
    /// The program file in the programs folder.
    pub file: PathBuf,
    /// Whether a program of that name was replaced (`--force`).
    pub replaced: bool,
    /// The routines that came with it, in the order it names them.
    pub routines: Vec<InstalledRoutine>,
    /// The routines it uses that are built into Stillpoint.
    pub bundled: Vec<String>,
}

pub(super) fn install(
    archive: &mut Archive,
    manifest: &ProgramManifest,
    places: Places,
    force: bool,
) -> Result<InstalledProgram, Refusal> {
    let name = manifest.name();
    let file = places.programs.join(&manifest.program);
    let targets: Vec<RoutineTarget> = manifest
        .routines
        .iter()
        .map(|r| RoutineTarget::new(places.routines, r))
        .collect();
    let had_program = fs::symlink_metadata(&file).is_ok();
    let mut existing = Vec::new();
    if had_program {
        existing.push(format!("the program `{name}` at {}", file.display()));
    }
    let mut replaced = Vec::new();
    for (routine, target) in manifest.routines.iter().zip(&targets) {
        let found = target.existing();
        if let Some(path) = &found {
            existing.push(format!("the routine `{routine}` at {}", path.display()));
        }
        replaced.push(found.is_some());
    }
    if !force && !existing.is_empty() {
        return Err(Refusal::AlreadyInstalled(existing.join(", ")));
    }
    let mut moves: Vec<(PathBuf, PathBuf)> = manifest
        .routines
        .iter()
        .zip(&targets)
        .map(|(routine, target)| {
            (
                PathBuf::from(routine_folder(routine)),
                target.folder.clone(),
            )
        })
        .collect();
    moves.push((PathBuf::from(&manifest.program), file.clone()));
    let (title, titles) = unpack_and_place(
        archive,
        places,
        name,
        Path::new(""),
        &moves,
        &[places.routines, places.programs],
        |hidden| check_all(hidden, manifest),
    )?;
    for target in &targets {
        target.remove_loose();
    }
    let _ = private_file::sync_folder(places.routines);
    let _ = private_file::sync_folder(places.programs);
    let routines = manifest
        .routines
        .iter()
        .zip(&targets)
        .zip(titles.into_iter().zip(replaced))
        .map(|((routine, target), (title, replaced))| {
            let prefix = format!("{}/", routine_folder(routine));
            let sounds = manifest
                .files
                .iter()
                .filter(|e| e.path.starts_with(&prefix) && e.path != routine_file(routine))
                .count();
            target.installed(title, sounds, replaced)
        })
        .collect();
    Ok(InstalledProgram {
        name: name.to_owned(),
        title,
        file,
        replaced: had_program,
        routines,
        bundled: manifest.bundled.clone(),
    })
}

/// Checks every routine unpacked in `hidden`, then the program: each
/// routine it names must be one the file carries or one built into
/// Stillpoint. Gives the program's title and each routine's.
fn check_all(hidden: &Path, manifest: &ProgramManifest) -> Result<(String, Vec<String>), Refusal> {
    let mut titles = Vec::new();
    for name in &manifest.routines {
        let folder = hidden.join(routine_folder(name));
        titles.push(check(&folder, &format!("{name}.toml"))?);
    }
    let broken = |line, message| Refusal::ProgramBroken {
        name: manifest.program.clone(),
        line,
        message,
    };
    let text = source::read(&hidden.join(&manifest.program))
        .map_err(|f| broken(1, f.diagnostic.message))?
        .text;
    let bundled: Vec<(String, String)> = crate::library::BUNDLED
        .iter()
        .filter_map(|(file, text)| {
            let title = routine::parse(&RoutineSource::bundled(file, text))
                .routine?
                .title;
            Some((file.strip_suffix(".toml")?.to_owned(), title))
        })
        .collect();
    let known: Vec<(&str, &str)> = manifest
        .routines
        .iter()
        .map(String::as_str)
        .zip(titles.iter().map(String::as_str))
        .chain(bundled.iter().map(|(s, t)| (s.as_str(), t.as_str())))
        .collect();
    let missing = RefCell::new(Vec::new());
    let finds = |query: &str| {
        if known
            .iter()
            .any(|(stem, title)| names(query, stem) || names(query, title))
        {
            Ok(())
        } else {
            missing.borrow_mut().push(query.to_owned());
            Err(None)
        }
    };
    let parsed = crate::program::parse(&text, &finds);
    if let Some(first) = missing.borrow().first() {
        return Err(Refusal::NotCarried(first.clone()));
    }
    match (
        parsed.program,
        parsed.diagnostics.iter().find(|d| d.is_error()),
    ) {
        (Some(program), None) => Ok((program.title, titles)),
        (_, first) => {
            let at = first.and_then(|d| d.span.as_ref()).map_or(0, |s| s.start);
            let message = first.map(|d| d.message.clone()).unwrap_or_default();
            Err(broken(crate::diagnostic::position(&text, at).line, message))
        }
    }
}
