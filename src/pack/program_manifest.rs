//! The manifest of a program that travels with its routines: the program
//! file at the top, each routine it carries in `routines/NAME/` with its
//! sounds beside it as a routine's own file holds them, and the names of
//! the routines it relies on that are built into every Stillpoint.

use serde::{Deserialize, Serialize};

use super::manifest::{Entry, FORMAT_VERSION, is_plain_name};
use super::refusal::Refusal;

/// The folder of the archive the routines are in.
const ROUTINES: &str = "routines";

/// What a program's manifest says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Program,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramManifest {
    pub format_version: u32,
    pub kind: Kind,
    /// The program's file name, e.g. `four-weeks.toml`; it is one of `files`.
    pub program: String,
    pub title: String,
    /// The routines that travel with it, by the names they play by.
    pub routines: Vec<String>,
    /// The routines it names that are built into Stillpoint, and so do not
    /// travel.
    pub bundled: Vec<String>,
    /// Every file but the manifest: the program, then each routine's file
    /// and its sounds.
    pub files: Vec<Entry>,
}

impl ProgramManifest {
    pub fn new(
        program: String,
        title: String,
        routines: Vec<String>,
        bundled: Vec<String>,
    ) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            kind: Kind::Program,
            program,
            title,
            routines,
            bundled,
            files: Vec::new(),
        }
    }

    /// The manifest as written into the archive: pretty, one key a line.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The program's name, which it starts by: its file stem.
    pub fn name(&self) -> &str {
        self.program.strip_suffix(".toml").unwrap_or(&self.program)
    }

    /// Checks that the program and every routine have plain names, that
    /// each is in the archive, that every file belongs to one of them, and
    /// that the routines it relies on are built into this Stillpoint.
    pub fn check(&self) -> Result<(), Refusal> {
        let stem = self.program.strip_suffix(".toml").unwrap_or_default();
        if !is_plain_name(stem) {
            return Err(Refusal::ProgramName(self.program.clone()));
        }
        let listed = |path: &str| self.files.iter().any(|e| e.path == path);
        if !listed(&self.program) {
            return Err(Refusal::NotInArchive(self.program.clone()));
        }
        for (n, name) in self.routines.iter().enumerate() {
            if !is_plain_name(name) {
                return Err(Refusal::NotARoutineName(name.clone()));
            }
            if self.routines[..n].contains(name) || self.bundled.contains(name) {
                return Err(Refusal::Duplicate(name.clone()));
            }
            if !listed(&routine_file(name)) {
                return Err(Refusal::NoRoutineFile {
                    name: name.clone(),
                    file: routine_file(name),
                });
            }
        }
        if let Some(stray) = self.files.iter().find(|e| {
            e.path != self.program
                && !self
                    .routines
                    .iter()
                    .any(|r| e.path.starts_with(&format!("{}/", routine_folder(r))))
        }) {
            return Err(Refusal::Stray(stray.path.clone()));
        }
        for (n, name) in self.bundled.iter().enumerate() {
            if self.bundled[..n].contains(name) {
                return Err(Refusal::Duplicate(name.clone()));
            }
            if !is_bundled(name) {
                return Err(Refusal::NotBundled(name.clone()));
            }
        }
        Ok(())
    }
}

/// Where routine `name`'s files are in the archive: `routines/NAME`.
pub fn routine_folder(name: &str) -> String {
    format!("{ROUTINES}/{name}")
}

/// Where routine `name`'s own file is in the archive.
pub fn routine_file(name: &str) -> String {
    format!("{ROUTINES}/{name}/{name}.toml")
}

/// Whether `name` is the file stem of a routine built into Stillpoint.
pub fn is_bundled(name: &str) -> bool {
    crate::library::BUNDLED
        .iter()
        .any(|(file, _)| file.strip_suffix(".toml") == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ProgramManifest {
        let mut manifest = ProgramManifest::new(
            "weeks.toml".into(),
            "Weeks".into(),
            vec!["calm".into()],
            vec!["desk-reset".into()],
        );
        manifest.files = vec![
            Entry::of("weeks.toml", b"p"),
            Entry::of("routines/calm/calm.toml", b"r"),
            Entry::of("routines/calm/sounds/tone.wav", b"s"),
        ];
        manifest
    }

    #[test]
    fn a_program_with_its_routine_and_a_bundled_one_is_in_order() {
        assert_eq!(good().check(), Ok(()));
    }

    #[test]
    fn names_that_leave_their_folder_or_files_of_no_routine_are_refused() {
        let mut parent = good();
        parent.routines = vec!["..".into()];
        assert_eq!(parent.check(), Err(Refusal::NotARoutineName("..".into())));
        let mut deeper = good();
        deeper.routines = vec!["calm/../../x".into()];
        assert!(matches!(deeper.check(), Err(Refusal::NotARoutineName(_))));
        let mut program = good();
        program.program = "../weeks.toml".into();
        assert_eq!(
            program.check(),
            Err(Refusal::ProgramName("../weeks.toml".into()))
        );
        let mut stray = good();
        stray.files.push(Entry::of("elsewhere/x.wav", b"x"));
        assert_eq!(stray.check(), Err(Refusal::Stray("elsewhere/x.wav".into())));
        let mut without = good();
        without.files.remove(1);
        assert_eq!(
            without.check(),
            Err(Refusal::NoRoutineFile {
                name: "calm".into(),
                file: "routines/calm/calm.toml".into()
            })
        );
    }

    #[test]
    fn a_bundled_routine_this_stillpoint_lacks_is_refused() {
        let mut newer = good();
        newer.bundled.push("from-the-future".into());
        assert_eq!(
            newer.check(),
            Err(Refusal::NotBundled("from-the-future".into()))
        );
        let mut twice = good();
        twice.bundled.push("calm".into());
        assert_eq!(twice.check(), Err(Refusal::Duplicate("calm".into())));
    }
}
