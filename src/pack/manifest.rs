//! `manifest.json`, the list inside a `.stillpoint` file: which file is
//! the routine, and every file's path, size and SHA-256 hash, so that
//! `import` installs exactly what `pack` wrote, or nothing.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's own name in the archive.
pub const NAME: &str = "manifest.json";

/// The version of this layout; `import` reads only this one.
pub const FORMAT_VERSION: u32 = 1;

/// The largest manifest `import` reads: 50 entries need far less.
pub const MAX_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format_version: u32,
    /// The routine's file name, e.g. `calm-tone.toml`; it is one of `files`.
    pub routine: String,
    pub title: String,
    /// Every file but the manifest: the routine, then its sounds.
    pub files: Vec<Entry>,
}

/// One file in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Relative, `/`-separated, as the routine names it.
    pub path: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

impl Entry {
    /// The entry for `bytes` at `path`.
    pub fn of(path: &str, bytes: &[u8]) -> Self {
        Self {
            path: path.to_owned(),
            size: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
        }
    }
}

impl Manifest {
    /// The manifest as written into the archive: pretty, one key a line.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The entry listed at `path`.
    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.files.iter().find(|e| e.path == path)
    }

    /// The sum of every listed size; saturates rather than wraps, so a
    /// manifest that declares absurd sizes is simply too large.
    pub fn declared_bytes(&self) -> u64 {
        self.files
            .iter()
            .fold(0u64, |sum, e| sum.saturating_add(e.size))
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_has_the_size_and_the_sha256_of_its_bytes() {
        let entry = Entry::of("sounds/a.wav", b"abc");
        assert_eq!(entry.size, 3);
        assert_eq!(
            entry.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_json_reads_back_as_written_and_unknown_keys_are_refused() {
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            routine: "r.toml".into(),
            title: "R".into(),
            files: vec![Entry::of("r.toml", b"x")],
        };
        let back: Manifest = serde_json::from_str(&manifest.to_json()).unwrap();
        assert_eq!(back, manifest);
        let extra = manifest.to_json().replacen('{', "{\"more\": 1,", 1);
        assert!(serde_json::from_str::<Manifest>(&extra).is_err());
    }
}
