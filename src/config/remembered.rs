//! What Stillpoint remembers between runs on its own: the volume and mute
//! the person last chose (`remembered.toml` in the data folder).

use std::path::Path;

use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "remembered.toml";

/// Our own volume (0–100), whether it is muted, and whether the voice
/// speaks; the last chosen ones are remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Levels {
    pub volume: u8,
    pub muted: bool,
    /// Files saved before the voice existed speak.
    #[serde(default = "speaks")]
    pub voice: bool,
}

fn speaks() -> bool {
    true
}

/// The remembered levels; none when never saved or unreadable.
pub fn load() -> Option<Levels> {
    load_from(&crate::paths::data_dir()?)
}

/// Remembers `levels` in a private file (0600, in a 0700 folder), replaced
/// whole.
pub fn save(levels: Levels) -> std::io::Result<()> {
    match crate::paths::data_dir() {
        Some(dir) => save_in(&dir, levels, crate::paths::creation_root().as_deref()),
        None => Ok(()),
    }
}

/// The largest remembered file read: two short lines are all it holds.
const MAX_BYTES: u64 = 4 * 1024;

fn load_from(dir: &Path) -> Option<Levels> {
    // Never through a link, never a pipe or a device, never more than a
    // few lines: anything else is as good as never saved.
    let file = crate::private_file::open_own_to_read(&dir.join(FILE_NAME)).ok()?;
    let bytes = crate::private_file::read_at_most(&file, MAX_BYTES).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let remembered: Levels = toml::from_str(&text).ok()?;
    Some(Levels {
        volume: remembered.volume.min(100),
        ..remembered
    })
}

fn save_in(dir: &Path, levels: Levels, root: Option<&Path>) -> std::io::Result<()> {
    let text = toml::to_string(&levels).map_err(std::io::Error::other)?;
    crate::private_file::replace(&dir.join(FILE_NAME), text.as_bytes(), root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn levels_are_remembered_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("stillpoint");
        let levels = Levels {
            volume: 35,
            muted: true,
            voice: false,
        };
        save_in(&data, levels, None).unwrap();
        assert_eq!(load_from(&data), Some(levels));
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(FILE_NAME)), 0o600);
    }

    #[test]
    fn a_file_from_before_the_voice_leaves_the_voice_on() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), "volume = 40\nmuted = false\n").unwrap();
        fs::set_permissions(
            dir.path().join(FILE_NAME),
            fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        let levels = load_from(dir.path()).expect("read");
        assert_eq!((levels.volume, levels.voice), (40, true));
    }

    #[test]
    fn a_link_at_the_old_temporary_name_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("remembered.toml.new")).unwrap();
        let levels = Levels {
            volume: 80,
            muted: false,
            voice: true,
        };
        save_in(dir.path(), levels, None).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(load_from(dir.path()), Some(levels));
    }

    #[test]
    fn a_remembered_file_that_is_a_link_or_a_pipe_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.toml");
        fs::write(&elsewhere, "volume = 10\nmuted = true\n").unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(load_from(dir.path()), None);
        fs::remove_file(dir.path().join(FILE_NAME)).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join(FILE_NAME))
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(load_from(dir.path()), None, "and it does not wait");
    }
}
