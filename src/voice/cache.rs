//! Spoken phrases kept on disk, so a second session speaks at once:
//! `$XDG_CACHE_HOME/stillpoint/voice/`, one WAV per phrase exactly as the
//! engine wrote it (so a phrase from the cache is the phrase), named by a hash
//! of the engine, its voice and the words, with the whole key beside it so
//! that a hash shared by two phrases is never taken for the other. A file
//! that cannot be read is made again; the cache is never the only copy of
//! anything.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use super::wav_in::{self, Speech};
use crate::private_file;

/// The largest phrase file read back.
const MAX_FILE_BYTES: u64 = 32 << 20;

/// The folder of spoken phrases.
#[derive(Debug, Clone)]
pub struct Cache {
    folder: PathBuf,
    /// Folders are made only below this one.
    root: Option<PathBuf>,
}

impl Cache {
    /// The cache under the user's cache folder, if there is one.
    pub fn standard() -> Option<Cache> {
        let base = crate::paths::cache_dir()?;
        Some(Cache {
            root: Some(crate::paths::standard_root(&base)),
            folder: base.join("voice"),
        })
    }

    /// A cache in `folder`, made with its parents when missing.
    pub fn at(folder: PathBuf) -> Cache {
        Cache { root: None, folder }
    }

    /// The phrase `text` as `engine` speaks it, if it was kept and reads.
    pub fn get(&self, engine: &str, text: &str) -> Option<Speech> {
        let (wav_path, key_path) = self.paths(engine, text);
        let key = private_file::open_own_to_read(&key_path).ok()?;
        if private_file::read_at_most(&key, 64 << 10).ok()? != key_of(engine, text).as_bytes() {
            return None;
        }
        let file = private_file::open_own_to_read(&wav_path).ok()?;
        let bytes = private_file::read_at_most(&file, MAX_FILE_BYTES).ok()?;
        wav_in::read(&bytes).ok()
    }

    /// Keeps `wav`, what `engine` wrote for `text`. A cache that cannot be
    /// written is only slower, so failures are not reported.
    pub fn put(&self, engine: &str, text: &str, wav: &[u8]) {
        let (wav_path, key_path) = self.paths(engine, text);
        let root = self.root.as_deref();
        if private_file::replace(&wav_path, wav, root).is_ok() {
            let _ = private_file::replace(&key_path, key_of(engine, text).as_bytes(), root);
        }
    }

    fn paths(&self, engine: &str, text: &str) -> (PathBuf, PathBuf) {
        let mut hasher = DefaultHasher::new();
        key_of(engine, text).hash(&mut hasher);
        let name = format!("{:016x}", hasher.finish());
        (
            self.folder.join(format!("{name}.wav")),
            self.folder.join(format!("{name}.key")),
        )
    }
}

fn key_of(engine: &str, text: &str) -> String {
    format!("{engine}\n{text}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::wav;

    fn speech() -> Vec<u8> {
        wav::mono_file(22_050, &[0.0, 0.5, -0.25]).unwrap()
    }

    #[test]
    fn a_phrase_kept_is_found_again_only_for_the_same_words_and_engine() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("stillpoint").join("voice"));
        assert_eq!(cache.get("espeak-ng -v en", "Rest."), None);
        cache.put("espeak-ng -v en", "Rest.", &speech());
        let back = cache.get("espeak-ng -v en", "Rest.").expect("kept");
        assert_eq!(back.rate, 22_050);
        assert_eq!(back.samples.len(), 3);
        assert_eq!(cache.get("espeak-ng -v de", "Rest."), None);
        assert_eq!(cache.get("espeak-ng -v en", "Rest"), None);
    }

    #[test]
    fn a_damaged_or_foreign_file_is_not_spoken() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("voice"));
        cache.put("e", "Rest.", &speech());
        let (wav_path, key_path) = cache.paths("e", "Rest.");
        std::fs::write(&wav_path, b"RIFF junk").unwrap();
        assert_eq!(cache.get("e", "Rest."), None, "damaged sound");
        cache.put("e", "Rest.", &speech());
        std::fs::write(&key_path, "e\nSomething else.").unwrap();
        assert_eq!(cache.get("e", "Rest."), None, "another phrase's key");
    }
}
