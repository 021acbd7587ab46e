//! `manifest.json`, the list inside a `.stillpoint` file: which file is
//! the routine (or the program), and every file's path, size and SHA-256
//! hash, so that `import` installs exactly what `pack` wrote, or nothing.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::program_manifest::ProgramManifest;
use super::refusal::Refusal;

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
}

/// What a `.stillpoint` file holds, as its manifest says: a routine (a
/// manifest with no `kind`, as every file before programs travelled) or
/// a program with its routines (`"kind": "program"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Routine(Manifest),
    Program(ProgramManifest),
}

impl Contents {
    /// Reads a manifest: its version first, so that a newer layout is
    /// refused as newer rather than as unreadable, then its kind.
    pub fn from_json(bytes: &[u8]) -> Result<Self, Refusal> {
        let bad = |e: serde_json::Error| Refusal::BadManifest(e.to_string());
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(bad)?;
        let version = value
            .get("format_version")
            .and_then(serde_json::Value::as_u64);
        if let Some(version) = version.filter(|v| *v != u64::from(FORMAT_VERSION)) {
            return Err(Refusal::Version(u32::try_from(version).unwrap_or(u32::MAX)));
        }
        match value.get("kind") {
            None => serde_json::from_value(value)
                .map(Self::Routine)
                .map_err(bad),
            Some(kind) if kind == "program" => serde_json::from_value(value)
                .map(Self::Program)
                .map_err(bad),
            Some(kind) => Err(Refusal::BadManifest(format!(
                "it holds a {kind}, which this Stillpoint does not install (update Stillpoint)"
            ))),
        }
    }

    pub fn to_json(&self) -> String {
        match self {
            Self::Routine(manifest) => manifest.to_json(),
            Self::Program(manifest) => manifest.to_json(),
        }
    }

    /// Every file but the manifest.
    pub fn files(&self) -> &[Entry] {
        match self {
            Self::Routine(manifest) => &manifest.files,
            Self::Program(manifest) => &manifest.files,
        }
    }

    /// The sum of every listed size; saturates rather than wraps, so a
    /// manifest that declares absurd sizes is simply too large.
    pub fn declared_bytes(&self) -> u64 {
        self.files()
            .iter()
            .fold(0u64, |sum, e| sum.saturating_add(e.size))
    }

    /// The entry listed at `path`.
    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.files().iter().find(|e| e.path == path)
    }
}

/// Whether `stem` can name an installed routine or program: a file and a
/// folder of that name stay in their own folder and are not hidden.
pub fn is_plain_name(stem: &str) -> bool {
    !stem.is_empty()
        && !stem.starts_with('.')
        && !stem.contains(['/', '\\'])
        && !stem.chars().any(char::is_control)
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

    #[test]
    fn a_manifest_without_a_kind_is_a_routine_and_a_newer_version_is_refused_as_newer() {
        let routine = Manifest {
            format_version: FORMAT_VERSION,
            routine: "r.toml".into(),
            title: "R".into(),
            files: vec![Entry::of("r.toml", b"x")],
        };
        let json = routine.to_json();
        assert!(!json.contains("kind"));
        assert_eq!(
            Contents::from_json(json.as_bytes()),
            Ok(Contents::Routine(routine))
        );
        let newer = json.replace(
            "\"format_version\": 1",
            "\"format_version\": 2, \"shape\": 1",
        );
        assert_eq!(
            Contents::from_json(newer.as_bytes()),
            Err(Refusal::Version(2))
        );
        let odd = json.replacen('{', "{\"kind\": \"playlist\",", 1);
        assert_eq!(
            Contents::from_json(odd.as_bytes()),
            Err(Refusal::BadManifest(
                "it holds a \"playlist\", which this Stillpoint does not install (update Stillpoint)"
                    .into()
            ))
        );
    }

    #[test]
    fn a_program_manifest_reads_back_as_a_program() {
        let mut program = ProgramManifest::new(
            "p.toml".into(),
            "P".into(),
            vec!["calm".into()],
            vec!["desk-reset".into()],
        );
        program.files = vec![Entry::of("p.toml", b"p")];
        let json = program.to_json();
        assert!(json.contains("\"kind\": \"program\""), "{json}");
        assert_eq!(
            Contents::from_json(json.as_bytes()),
            Ok(Contents::Program(program))
        );
    }
}
