//! Finding a program the person names: a file path, one built into
//! Stillpoint, or one in their programs folder (where `import` puts them).

use std::path::{Path, PathBuf};

use crate::routine::source;

/// The programs built into the binary, by file name.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "desk-tension.toml",
        include_str!("../../routines/programs/desk-tension.toml"),
    ),
    (
        "migraine-prone-days.toml",
        include_str!("../../routines/programs/migraine-prone-days.toml"),
    ),
];

/// A program's text and where it came from.
#[derive(Debug, Clone)]
pub struct Found {
    /// As named in messages: the path, or `bundled:NAME.toml`.
    pub name: String,
    pub text: String,
    /// The folder its own routines may be in, beside it.
    pub folder: Option<PathBuf>,
}

/// The user's own programs: `programs` in the data folder.
pub fn programs_dir() -> Option<PathBuf> {
    crate::paths::data_dir().map(|d| d.join("programs"))
}

/// The program named by `query`: a path to a file, or the stem of a
/// bundled program or of one in the programs folder.
pub fn find(query: &str) -> Result<Found, String> {
    let path = Path::new(query);
    if path.extension().is_some_and(|e| e == "toml") || path.components().count() > 1 {
        return read(path);
    }
    if let Some(dir) = programs_dir() {
        let mine = dir.join(format!("{query}.toml"));
        if mine.is_file() {
            return find(&mine.display().to_string());
        }
    }
    if let Some((file, text)) = BUNDLED
        .iter()
        .find(|(f, _)| f.strip_suffix(".toml") == Some(query))
    {
        return Ok(Found {
            name: format!("bundled:{file}"),
            text: (*text).to_owned(),
            folder: None,
        });
    }
    let names: Vec<&str> = BUNDLED
        .iter()
        .filter_map(|(f, _)| f.strip_suffix(".toml"))
        .collect();
    let near = crate::routine::suggest_word(query, names.iter().copied())
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Err(format!(
        "no program called `{query}`{near} (built in: {})",
        names.join(", ")
    ))
}

/// The program file at `path`.
pub fn read(path: &Path) -> Result<Found, String> {
    let read = source::read(path).map_err(|f| f.diagnostic.message)?;
    Ok(Found {
        name: read.name,
        text: read.text,
        folder: read.folder,
    })
}

/// What the routine `name` of a program in `folder` is looked for by: its
/// file beside the program when there is one, else the name, which finds
/// it as `stillpoint play` does.
pub fn routine_query(folder: Option<&Path>, name: &str) -> String {
    folder
        .map(|f| f.join(format!("{name}.toml")))
        .filter(|file| file.is_file())
        .map_or_else(|| name.to_owned(), |file| file.display().to_string())
}

/// Whether the routine a program names can be played: a file beside the
/// program, or a routine found by name as `stillpoint play` finds it. When
/// not, the closest name there is.
pub fn routine_finder(folder: Option<PathBuf>) -> impl Fn(&str) -> Result<(), Option<String>> {
    let folders = crate::config::Config::load()
        .map(|c| c.routine_folders)
        .unwrap_or_default();
    move |name: &str| match crate::library::find(&routine_query(folder.as_deref(), name), &folders)
    {
        Ok(_) => Ok(()),
        Err(crate::library::FindError::NotFound { suggestion, .. }) => Err(suggestion),
        Err(_) => Err(None),
    }
}
