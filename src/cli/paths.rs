//! `stillpoint paths`: where each kind of file is read and written, and
//! whether it is there.

use std::path::Path;

use super::exit;
use super::journal::print;
use super::text::columns;
use crate::config::Config;
use crate::paths::{self, Origin};

/// Prints one line per place: what, where, whether it exists, and why there.
pub fn run() -> Result<u8, u8> {
    let data = paths::data_dir_with_origin();
    let data_origin = data.as_ref().map(|(_, origin)| *origin);
    let config = paths::config_path_with_origin();
    let mut rows = vec![
        ["What", "Where", "State", "Set by"]
            .map(str::to_owned)
            .to_vec(),
    ];
    rows.push(vec![
        "routines".into(),
        "built in".into(),
        format!("{} routines", crate::library::BUNDLED.len()),
        String::new(),
    ]);
    rows.push(place(
        "routines",
        paths::routines_dir().as_deref(),
        data_origin,
    ));
    for folder in folders_from_config(config.as_ref().map(|(p, _)| p.as_path())) {
        let mut row = place("routines", Some(&folder), None);
        row[3] = "config file".into();
        rows.push(row);
    }
    rows.push(place("sounds", paths::sounds_dir().as_deref(), data_origin));
    rows.push(place(
        "config",
        config.as_ref().map(|(p, _)| p.as_path()),
        config.as_ref().map(|(_, o)| *o),
    ));
    rows.push(place(
        "journal",
        paths::journal_path().as_deref(),
        data_origin,
    ));
    print(&columns(&rows, &[]))?;
    Ok(exit::OK)
}

fn place(what: &str, path: Option<&Path>, origin: Option<Origin>) -> Vec<String> {
    let Some(path) = path else {
        return vec![
            what.into(),
            "(no home folder)".into(),
            "unknown".into(),
            String::new(),
        ];
    };
    let state = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => "exists (folder)",
        Ok(_) => "exists",
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "not yet",
        Err(_) => "cannot be read",
    };
    vec![
        what.into(),
        path.display().to_string(),
        state.into(),
        origin.map(|o| o.to_string()).unwrap_or_default(),
    ]
}

/// The config's routine folders; a config with mistakes gives none and a
/// warning, since this command is how a person finds the file to fix.
fn folders_from_config(path: Option<&Path>) -> Vec<std::path::PathBuf> {
    let Some(path) = path else {
        return Vec::new();
    };
    match Config::load_from(path) {
        Ok(config) => config.routine_folders,
        Err(e) => {
            eprint!("{e}");
            eprintln!(
                "warning: the config file above has mistakes; its routine folders are not listed"
            );
            Vec::new()
        }
    }
}
