//! The routines a person can play: those built into the program, those in
//! their routines folder, and any file they name. Finds one by path, file
//! stem or title.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::routine::source::{self, ReadFailure};
use crate::routine::{self, RoutineSource};

/// The routines built into the binary, by file name.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "desk-reset.toml",
        include_str!("../routines/desk-reset.toml"),
    ),
    (
        "neck-shoulders-temples.toml",
        include_str!("../routines/neck-shoulders-temples.toml"),
    ),
    (
        "still-point.toml",
        include_str!("../routines/still-point.toml"),
    ),
    (
        "box-breathing.toml",
        include_str!("../routines/box-breathing.toml"),
    ),
    (
        "breathing-4-7-8.toml",
        include_str!("../routines/breathing-4-7-8.toml"),
    ),
    (
        "resonance-breathing.toml",
        include_str!("../routines/resonance-breathing.toml"),
    ),
    ("jaw-scalp.toml", include_str!("../routines/jaw-scalp.toml")),
];

/// Why no routine was found for what the person asked.
#[derive(Debug, Error)]
pub enum FindError {
    #[error("no routine called `{query}`{}", .suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    NotFound {
        query: String,
        suggestion: Option<String>,
    },
    #[error("`{query}` matches several routines: {}; name one by its path", .candidates.join(", "))]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    #[error("{}", .0.diagnostic.message)]
    Unreadable(ReadFailure),
}

/// Where a routine in the library comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Built into the program.
    Bundled,
    /// The user's routines folder in the data folder.
    User,
    /// A folder named in the config's `routine_folders`.
    Config,
}

impl Origin {
    /// `bundled`, `user` or `config`.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::User => "user",
            Origin::Config => "config",
        }
    }
}

/// Every routine the library shows: bundled ones, then the user's own
/// routines folder, then `folders` (from the config). Files that cannot be
/// read are left out.
pub fn all(folders: &[PathBuf]) -> Vec<RoutineSource> {
    let mut sources: Vec<RoutineSource> = BUNDLED
        .iter()
        .map(|(name, text)| RoutineSource::bundled(name, text))
        .collect();
    for (_, dir) in user_folders(folders) {
        sources.extend(user_files(&dir).iter().filter_map(|p| source::read(p).ok()));
    }
    sources
}

/// The folders user routines are read from, in the order [`all`] reads
/// them: the user's routines folder, then `folders` (from the config).
pub fn user_folders(folders: &[PathBuf]) -> Vec<(Origin, PathBuf)> {
    let own = crate::paths::routines_dir().map(|dir| (Origin::User, dir));
    own.into_iter()
        .chain(folders.iter().map(|dir| (Origin::Config, dir.clone())))
        .collect()
}

/// The routines in `dir`, sorted by path: its `.toml` files, and each
/// `NAME/NAME.toml`, a routine in a folder of its own with its sounds (as
/// `stillpoint import` installs one); none if it does not exist.
pub fn user_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            if !p.is_dir() {
                return Some(p);
            }
            let name = p.file_name()?.to_str()?;
            (!name.starts_with('.')).then(|| p.join(format!("{name}.toml")))
        })
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    files.sort();
    files
}

/// The file stem a source is known by: `desk-reset` for `…/desk-reset.toml`.
pub fn stem(source: &RoutineSource) -> &str {
    let name = source.name.strip_prefix("bundled:").unwrap_or(&source.name);
    let file = name.rsplit('/').next().unwrap_or(name);
    file.strip_suffix(".toml").unwrap_or(file)
}

/// Finds a routine by path, by file stem, or by title (ignoring case),
/// among every routine [`all`] lists.
pub fn find(query: &str, folders: &[PathBuf]) -> Result<RoutineSource, FindError> {
    let as_path = Path::new(query);
    if query.contains(std::path::MAIN_SEPARATOR) || query.ends_with(".toml") || as_path.exists() {
        return source::read(as_path).map_err(FindError::Unreadable);
    }
    find_in(query, all(folders))
}

/// Whether `query` names a routine whose file stem or title is `name`, as
/// routines are found by name: in any case, the spaces around it aside.
pub fn names(query: &str, name: &str) -> bool {
    query.trim().to_lowercase() == name.to_lowercase()
}

fn find_in(query: &str, sources: Vec<RoutineSource>) -> Result<RoutineSource, FindError> {
    let wanted = query.trim().to_lowercase();
    // The user's own routine of the same stem comes later and wins.
    if let Some(found) = sources.iter().rev().find(|s| names(query, stem(s))) {
        return Ok(found.clone());
    }
    let titled: Vec<(RoutineSource, String)> = sources
        .iter()
        .filter_map(|s| routine::parse(s).routine.map(|r| (s.clone(), r.title)))
        .collect();
    let matches: Vec<&(RoutineSource, String)> =
        titled.iter().filter(|(_, t)| names(query, t)).collect();
    match matches.as_slice() {
        [(one, _)] => Ok(one.clone()),
        [] => {
            let stems: Vec<&str> = sources.iter().map(stem).collect();
            Err(FindError::NotFound {
                query: query.to_owned(),
                suggestion: crate::routine::suggest_word(&wanted, stems).map(str::to_owned),
            })
        }
        many => Err(FindError::Ambiguous {
            query: query.to_owned(),
            candidates: many.iter().map(|(s, _)| s.name.clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Vec<RoutineSource> {
        BUNDLED
            .iter()
            .map(|(n, t)| RoutineSource::bundled(n, t))
            .collect()
    }

    #[test]
    fn every_bundled_routine_is_valid() {
        for source in bundled() {
            let parsed = routine::parse(&source);
            assert!(
                parsed.diagnostics.is_empty(),
                "{}: {:?}",
                source.name,
                parsed.diagnostics
            );
        }
    }

    #[test]
    fn finds_by_stem_and_title_ignoring_case() {
        assert_eq!(
            find_in("desk-reset", bundled()).unwrap().name,
            "bundled:desk-reset.toml"
        );
        let by_stem = find_in("Box-Breathing", bundled()).unwrap();
        let title = routine::parse(&by_stem).routine.unwrap().title;
        let by_title = find_in(&title.to_uppercase(), bundled()).unwrap();
        assert_eq!(by_title.name, by_stem.name);
    }

    #[test]
    fn suggests_a_close_name_when_none_matches() {
        match find_in("desk-rest", bundled()) {
            Err(FindError::NotFound { suggestion, .. }) => {
                assert_eq!(suggestion.as_deref(), Some("desk-reset"))
            }
            other => panic!("expected not found, got {other:?}"),
        }
    }
}
