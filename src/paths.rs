//! Where Stillpoint reads and writes its files: the data folder (journal,
//! user routines, user sounds) and the config folder.

use std::path::PathBuf;

use etcetera::BaseStrategy;

const APP: &str = "stillpoint";

/// The data folder: `STILLPOINT_DATA_DIR`, else `$XDG_DATA_HOME/stillpoint`.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STILLPOINT_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    etcetera::choose_base_strategy()
        .ok()
        .map(|base| base.data_dir().join(APP))
}

/// The user's own routines.
pub fn routines_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("routines"))
}

/// The user's own sound files, which any routine may name.
pub fn sounds_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("sounds"))
}
