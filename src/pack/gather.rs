//! What goes into a `.stillpoint` file: the routine as written, and every
//! sound file it names (the chime, the ambient bed, each step's cue and
//! recorded voice) at the path the routine names it by, so that beside
//! the unpacked routine each is found again.

use std::io::Read;
use std::path::{Component, Path};

use thiserror::Error;

use super::archive::Packed;
use super::manifest::{Entry, FORMAT_VERSION, Manifest};
use super::{MAX_FILES, MAX_UNPACKED, MAX_UNPACKED_MIB};
use crate::routine::{Routine, RoutineSource, Sound, SoundFile};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum GatherError {
    #[error("the sound file `{text}` ({place}) cannot be used (see the warning above)")]
    Unusable { text: String, place: String },
    #[error("cannot read the sound file `{text}`: {why}")]
    Unreadable { text: String, why: String },
    #[error("the routine's text cannot be read again for its sound files")]
    Reread,
    #[error(
        "the routine uses {0} sound files; a Stillpoint file holds at most {max} besides the routine",
        max = MAX_FILES - 2
    )]
    TooManyFiles(usize),
    #[error(
        "the routine and its sounds come to {0}; a Stillpoint file holds at most {MAX_UNPACKED_MIB} MiB"
    )]
    TooLarge(String),
    #[error(
        "the program names the routine `{query}` by its path; name it `{stem}`, as routines are played by name"
    )]
    ByPath { query: String, stem: String },
    #[error("the program names two different routines called `{0}`; rename one of them")]
    SameName(String),
    #[error("in the routine `{routine}`, {why}")]
    In {
        routine: String,
        why: Box<GatherError>,
    },
    #[error(
        "the program and its routines come to {0} files; a Stillpoint file holds at most {max}",
        max = MAX_FILES - 1
    )]
    ProgramTooManyFiles(usize),
    #[error(
        "the program, its routines and their sounds come to {0}; a Stillpoint file holds at most {MAX_UNPACKED_MIB} MiB"
    )]
    ProgramTooLarge(String),
}

/// What `pack` puts into the archive of `source`: its manifest, then the
/// routine's file and each sound file.
pub fn contents(
    source: &RoutineSource,
    routine: &Routine,
) -> Result<(Manifest, Vec<Packed>), GatherError> {
    let file_name = format!("{}.toml", crate::library::stem(source));
    let packed = files(source, routine, &file_name)?;
    if packed.len() + 1 > MAX_FILES {
        return Err(GatherError::TooManyFiles(packed.len() - 1));
    }
    let total: u64 = packed.iter().map(|p| p.bytes.len() as u64).sum();
    if total > MAX_UNPACKED {
        return Err(GatherError::TooLarge(super::size_text(total)));
    }
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        routine: file_name,
        title: routine.title.clone(),
        files: packed
            .iter()
            .map(|p| Entry::of(&p.path, &p.bytes))
            .collect(),
    };
    Ok((manifest, packed))
}

/// The routine's own file (as `file_name`) first, then each sound file it
/// uses, once each.
fn files(
    source: &RoutineSource,
    routine: &Routine,
    file_name: &str,
) -> Result<Vec<Packed>, GatherError> {
    let mut packed = vec![Packed {
        path: file_name.to_owned(),
        bytes: source.text.as_bytes().to_vec(),
    }];
    for (text, place, file) in sound_slots(&source.text, routine).ok_or(GatherError::Reread)? {
        let meant_a_file = Path::new(&text).extension().is_some();
        let path = archive_path(&text);
        match file {
            None if meant_a_file => return Err(GatherError::Unusable { text, place }),
            None => {}
            Some(_) if packed.iter().any(|p| p.path == path) => {}
            Some(file) => {
                let mut bytes = Vec::new();
                file.reader()
                    .read_to_end(&mut bytes)
                    .map_err(|e| GatherError::Unreadable {
                        text: text.clone(),
                        why: e.to_string(),
                    })?;
                packed.push(Packed { path, bytes });
            }
        }
    }
    Ok(packed)
}

/// `./sounds/bell.wav` → `sounds/bell.wav`: the routine's path with only
/// its names (a checked routine's sound paths have nothing else).
fn archive_path(text: &str) -> String {
    Path::new(text)
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every sound setting the routine's text gives, as written, where it is
/// (for messages), and the file the checked routine holds for it, if any.
fn sound_slots<'r>(
    text: &str,
    routine: &'r Routine,
) -> Option<Vec<(String, String, Option<&'r SoundFile>)>> {
    fn as_file(sound: Option<&Sound>) -> Option<&SoundFile> {
        match sound {
            Some(Sound::File(file)) => Some(file),
            _ => None,
        }
    }
    let table = text.parse::<toml::Table>().ok()?;
    let written = |table: Option<&toml::Value>, key: &str| {
        table
            .and_then(|t| t.get(key))
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
    };
    let mut slots = Vec::new();
    let sound = table.get("sound");
    if let Some(text) = written(sound, "ambient") {
        slots.push((
            text,
            "`ambient` in `[sound]`".into(),
            as_file(Some(&routine.sound.ambient)),
        ));
    }
    if let Some(text) = written(sound, "chime") {
        slots.push((
            text,
            "`chime` in `[sound]`".into(),
            as_file(Some(&routine.sound.chime)),
        ));
    }
    let steps = table.get("step").and_then(toml::Value::as_array);
    for (i, step) in steps.into_iter().flatten().enumerate() {
        let model = routine.steps.get(i);
        if let Some(text) = written(Some(step), "sound") {
            let file = as_file(model.and_then(|s| s.sound.as_ref()));
            slots.push((text, format!("`sound` in step {}", i + 1), file));
        }
        if let Some(text) = written(Some(step), "voice") {
            let file = model.and_then(|s| s.voice.as_ref());
            slots.push((text, format!("`voice` in step {}", i + 1), file));
        }
    }
    Some(slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_paths_keep_only_the_names() {
        assert_eq!(archive_path("./sounds/./bell.wav"), "sounds/bell.wav");
        assert_eq!(archive_path("tone.wav"), "tone.wav");
    }

    #[test]
    fn a_routine_of_built_in_sounds_packs_as_its_file_alone() {
        let source = RoutineSource::bundled("desk-reset.toml", crate::library::BUNDLED[0].1);
        let routine = crate::routine::parse(&source).routine.unwrap();
        let packed = files(&source, &routine, "desk-reset.toml").unwrap();
        assert_eq!(packed.len(), 1);
        assert_eq!(packed[0].bytes, source.text.as_bytes());
    }

    #[test]
    fn a_missing_sound_file_is_refused_and_a_missing_built_in_is_not() {
        let text = "stillpoint = 1\ntitle = \"T\"\n[sound]\nchime = \"bel\"\n\
                    [[step]]\ntitle = \"S\"\nkind = \"rest\"\nduration = \"10s\"\n\
                    instructions = \"Rest.\"\nsound = \"sounds/gone.wav\"\n";
        let dir = std::env::temp_dir().join(format!("stillpoint-gather-{}", std::process::id()));
        let source = RoutineSource {
            name: "t.toml".into(),
            text: text.into(),
            folder: Some(dir),
        };
        let routine = crate::routine::parse(&source).routine.unwrap();
        assert_eq!(
            files(&source, &routine, "t.toml"),
            Err(GatherError::Unusable {
                text: "sounds/gone.wav".into(),
                place: "`sound` in step 1".into()
            })
        );
    }
}
