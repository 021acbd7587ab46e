//! What Stillpoint remembers between runs on its own: the volume and mute
//! the person last chose (`remembered.toml` in the data folder).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Our own volume (0–100) and whether it is muted; the last chosen ones
/// are remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Levels {
    pub volume: u8,
    pub muted: bool,
}

fn path() -> Option<PathBuf> {
    crate::paths::data_dir().map(|d| d.join("remembered.toml"))
}

/// The remembered levels; none when never saved or unreadable.
pub fn load() -> Option<Levels> {
    let text = std::fs::read_to_string(path()?).ok()?;
    let remembered: Levels = toml::from_str(&text).ok()?;
    Some(Levels {
        volume: remembered.volume.min(100),
        ..remembered
    })
}

/// Remembers `levels`, replacing the file whole (write, then rename).
pub fn save(levels: Levels) -> std::io::Result<()> {
    let Some(path) = path() else {
        return Ok(());
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = toml::to_string(&levels).map_err(std::io::Error::other)?;
    let temporary = path.with_extension("toml.new");
    std::fs::write(&temporary, text)?;
    std::fs::rename(temporary, path)
}
