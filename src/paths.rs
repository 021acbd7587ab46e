//! Where Stillpoint reads and writes its files: the data folder (journal,
//! user routines, user sounds) and the config folder.
//!
//! The data folder is chosen as everywhere else: the `--data-dir` flag, then
//! `STILLPOINT_DATA_DIR`, then `$XDG_DATA_HOME/stillpoint`. The config file:
//! `STILLPOINT_CONFIG`, then `$XDG_CONFIG_HOME/stillpoint/config.toml`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use etcetera::BaseStrategy;

const APP: &str = "stillpoint";

/// The environment variable that moves the data folder.
pub const DATA_DIR_VAR: &str = "STILLPOINT_DATA_DIR";

/// The environment variable that names the config file.
pub const CONFIG_VAR: &str = "STILLPOINT_CONFIG";

/// The data folder given on the command line, set once at start-up.
static DATA_DIR_FLAG: OnceLock<PathBuf> = OnceLock::new();

/// Where a path came from, for `stillpoint paths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag,
    /// An environment variable (named).
    Environment(&'static str),
    /// The XDG base directories (or the platform's equivalent).
    Standard,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("--data-dir"),
            Origin::Environment(var) => f.write_str(var),
            Origin::Standard => f.write_str("XDG base directories"),
        }
    }
}

/// Makes `--data-dir` win over the environment for the rest of the run.
/// Only the first call counts; the command line sets it before anything
/// reads a path.
pub fn set_data_dir_flag(dir: PathBuf) {
    // A second call would be a programming error with no harm done: the
    // first value stays, so every part of the program sees the same folder.
    let _ = DATA_DIR_FLAG.set(dir);
}

/// The data folder and where that choice came from.
pub fn data_dir_with_origin() -> Option<(PathBuf, Origin)> {
    if let Some(dir) = DATA_DIR_FLAG.get() {
        return Some((dir.clone(), Origin::Flag));
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_VAR).filter(|d| !d.is_empty()) {
        return Some((PathBuf::from(dir), Origin::Environment(DATA_DIR_VAR)));
    }
    etcetera::choose_base_strategy()
        .ok()
        .map(|base| (base.data_dir().join(APP), Origin::Standard))
}

/// The data folder: `--data-dir`, else `STILLPOINT_DATA_DIR`, else
/// `$XDG_DATA_HOME/stillpoint`.
pub fn data_dir() -> Option<PathBuf> {
    data_dir_with_origin().map(|(dir, _)| dir)
}

/// The folder below which Stillpoint may create the data folder and the
/// missing folders above it; `None` means any (the person named the data
/// folder with `--data-dir` or `STILLPOINT_DATA_DIR`: it is made as asked).
/// The standard data folder is made only inside the home folder, which
/// must exist (with `HOME=/nonexistent`, nothing is created at the top of
/// the file system), or, when `XDG_DATA_HOME` is outside the home folder,
/// only inside `XDG_DATA_HOME`, which must exist.
pub fn creation_root() -> Option<PathBuf> {
    let (dir, origin) = data_dir_with_origin()?;
    if origin != Origin::Standard {
        return None;
    }
    Some(standard_root(&dir))
}

/// Where a standard folder of ours (`dir`) may be made: inside the home
/// folder when it is there, else only inside the folder above it.
pub fn standard_root(dir: &Path) -> PathBuf {
    let base = dir.parent().unwrap_or(dir).to_path_buf();
    let home = etcetera::choose_base_strategy()
        .ok()
        .map(|b| b.home_dir().to_path_buf());
    match home {
        Some(home) if base.starts_with(&home) => home,
        _ => base,
    }
}

/// A warning when the data folder exists and other users may write in it
/// (or it is theirs): they could redirect or replace the journal.
pub fn data_dir_warning() -> Option<String> {
    let dir = data_dir()?;
    let why = crate::private_file::open_to_others(&dir)?;
    Some(format!(
        "warning: the data folder {} is not private: {why}",
        dir.display()
    ))
}

/// The user's own routines.
pub fn routines_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("routines"))
}

/// The user's own sound files, which any routine may name.
pub fn sounds_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("sounds"))
}

/// The journal of sessions and check-ins: `journal.jsonl` in the data folder.
pub fn journal_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("journal.jsonl"))
}

/// Files Stillpoint can make again, such as spoken phrases:
/// `$XDG_CACHE_HOME/stillpoint`.
pub fn cache_dir() -> Option<PathBuf> {
    etcetera::choose_base_strategy()
        .ok()
        .map(|base| base.cache_dir().join(APP))
}

/// The config folder: `$XDG_CONFIG_HOME/stillpoint`.
pub fn config_dir() -> Option<PathBuf> {
    etcetera::choose_base_strategy()
        .ok()
        .map(|base| base.config_dir().join(APP))
}

/// The config file and where that choice came from: `STILLPOINT_CONFIG`,
/// else `config.toml` in the config folder.
pub fn config_path_with_origin() -> Option<(PathBuf, Origin)> {
    if let Some(file) = std::env::var_os(CONFIG_VAR).filter(|f| !f.is_empty()) {
        return Some((PathBuf::from(file), Origin::Environment(CONFIG_VAR)));
    }
    config_dir().map(|d| (d.join("config.toml"), Origin::Standard))
}

/// The config file: `STILLPOINT_CONFIG`, else
/// `$XDG_CONFIG_HOME/stillpoint/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    config_path_with_origin().map(|(file, _)| file)
}
