//! What goes into a program's `.stillpoint` file: the program as written;
//! each routine it names that is not built into Stillpoint, with its
//! sounds, as that routine's own file would hold them, under
//! `routines/NAME/`; and the names of the built-in routines it relies on,
//! which every Stillpoint has. A routine in the user's folders with a
//! built-in routine's name is the therapist's own version, and travels.

use super::archive::Packed;
use super::gather::{GatherError, contents};
use super::manifest::Entry;
use super::program_manifest::{ProgramManifest, routine_folder};
use super::{MAX_FILES, MAX_UNPACKED};
use crate::library::names;
use crate::library::stem;
use crate::routine::{Routine, RoutineSource};

/// A routine the program names, found as `program start` finds it.
pub struct Named {
    /// As the program names it.
    pub query: String,
    pub source: RoutineSource,
    pub routine: Routine,
}

/// The manifest and the files of the program `file_name` (`NAME.toml`),
/// whose text is `text`, and of `named`, the routines it names.
pub fn program_contents(
    file_name: &str,
    text: &str,
    title: &str,
    named: &[Named],
) -> Result<(ProgramManifest, Vec<Packed>), GatherError> {
    let mut packed = vec![Packed {
        path: file_name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }];
    let mut carried: Vec<(&str, &str)> = Vec::new();
    let mut bundled: Vec<String> = Vec::new();
    for one in named {
        let stem = stem(&one.source);
        if !(names(&one.query, stem) || names(&one.query, &one.routine.title)) {
            return Err(GatherError::ByPath {
                query: one.query.clone(),
                stem: stem.to_owned(),
            });
        }
        if one.source.name.starts_with("bundled:") {
            if !bundled.iter().any(|b| b == stem) {
                bundled.push(stem.to_owned());
            }
            continue;
        }
        match carried.iter().find(|(s, _)| *s == stem) {
            Some((_, other)) if *other == one.source.name => continue,
            Some(_) => return Err(GatherError::SameName(stem.to_owned())),
            None => {}
        }
        let (_, files) = contents(&one.source, &one.routine).map_err(|e| GatherError::In {
            routine: stem.to_owned(),
            why: Box::new(e),
        })?;
        let folder = routine_folder(stem);
        packed.extend(files.into_iter().map(|f| Packed {
            path: format!("{folder}/{}", f.path),
            bytes: f.bytes,
        }));
        carried.push((stem, &one.source.name));
    }
    if packed.len() + 1 > MAX_FILES {
        return Err(GatherError::ProgramTooManyFiles(packed.len()));
    }
    let total: u64 = packed.iter().map(|p| p.bytes.len() as u64).sum();
    if total > MAX_UNPACKED {
        return Err(GatherError::ProgramTooLarge(super::size_text(total)));
    }
    let routines = carried.iter().map(|(s, _)| (*s).to_owned()).collect();
    let mut manifest =
        ProgramManifest::new(file_name.to_owned(), title.to_owned(), routines, bundled);
    manifest.files = packed
        .iter()
        .map(|p| Entry::of(&p.path, &p.bytes))
        .collect();
    Ok((manifest, packed))
}
