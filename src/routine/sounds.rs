//! Sounds a routine names: our built-in ones, or files beside the routine
//! (or in the user's sounds folder), checked so that a routine can never
//! reach outside its folder and a bad file only falls back to the chime.

use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Component, Path};

use super::Sound;
use super::keys::suggest;
use crate::diagnostic::Diagnostic;

/// The built-in step-start sounds.
pub const CHIMES: &[&str] = &["bowl", "bell", "wood"];
/// The built-in ambient beds.
pub const AMBIENTS: &[&str] = &["brown-noise", "pink-noise"];
/// The largest sound file a routine may name.
pub const MAX_SOUND_BYTES: u64 = 20 * 1024 * 1024;
const EXTENSIONS: &[&str] = &["wav", "ogg", "flac", "mp3"];

/// What a sound reference turned out to be.
pub struct Resolved {
    /// The sound to use; `None` means "fall back to the default".
    pub sound: Option<Sound>,
    pub diagnostic: Option<Diagnostic>,
}

/// Resolves `text` against the built-in `names` and the folders a routine may
/// read sounds from. `key` names the setting in messages.
pub fn resolve(
    text: &str,
    names: &[&'static str],
    key: &str,
    folders: &[&Path],
    span: Range<usize>,
) -> Resolved {
    if let Some(name) = names.iter().find(|n| **n == text) {
        return ok(Sound::Builtin(name));
    }
    let fallback = |message: String, help: String| Resolved {
        sound: None,
        diagnostic: Some(Diagnostic::warning(message).at(span.clone()).help(help)),
    };
    let path = Path::new(text);
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let Some(extension) = extension else {
        let help = match suggest(text, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? the default sound plays instead"),
            None => format!(
                "built-in sounds: {}; a file needs an extension such as .wav",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return fallback(format!("`{text}` is not a built-in sound (`{key}`)"), help);
    };
    if !path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Resolved {
            sound: None,
            diagnostic: Some(
                Diagnostic::error(format!("the sound `{text}` is outside the routine's folder"))
                    .at(span)
                    .help("name a sound file by a relative path inside the routine's folder, e.g. \"sounds/bell.wav\""),
            ),
        };
    }
    if !EXTENSIONS.contains(&extension.as_str()) {
        return fallback(
            format!("`{text}` is not a sound format Stillpoint plays"),
            "use a WAV, OGG Vorbis, FLAC or MP3 file; the default sound plays instead".into(),
        );
    }
    let Some((folder, found)) = folders.iter().find_map(|f| {
        let candidate = f.join(path);
        std::fs::metadata(&candidate)
            .ok()
            .map(|m| (f, (candidate, m)))
    }) else {
        return fallback(
            format!("the sound file `{text}` was not found"),
            "put it beside the routine file; the default sound plays instead".into(),
        );
    };
    let (file, meta) = found;
    let inside = match (file.canonicalize(), folder.canonicalize()) {
        (Ok(f), Ok(dir)) => f.starts_with(dir),
        _ => false,
    };
    if !inside {
        return Resolved {
            sound: None,
            diagnostic: Some(
                Diagnostic::error(format!(
                    "the sound `{text}` links outside the routine's folder"
                ))
                .at(span)
                .help("copy the sound file into the routine's folder"),
            ),
        };
    }
    if !meta.is_file() {
        return fallback(
            format!("the sound `{text}` is not a regular file"),
            "name a sound file; the default sound plays instead".into(),
        );
    }
    if meta.len() > MAX_SOUND_BYTES {
        return fallback(
            format!("the sound file `{text}` is larger than 20 MiB"),
            "use a shorter or compressed file; the default sound plays instead".into(),
        );
    }
    let mut start = Vec::with_capacity(12);
    let read = File::open(&file).and_then(|f| f.take(12).read_to_end(&mut start));
    if read.is_err() || !is_recording(&start) {
        return fallback(
            format!("the sound file `{text}` is not a WAV, OGG Vorbis, FLAC or MP3 recording"),
            "use a WAV, OGG Vorbis, FLAC or MP3 file; the default sound plays instead".into(),
        );
    }
    ok(Sound::File(file))
}

/// Whether a file that starts with `start` is a WAV, OGG, FLAC or MP3 file.
fn is_recording(start: &[u8]) -> bool {
    let wave = start.starts_with(b"RIFF") && start.get(8..12) == Some(b"WAVE".as_slice());
    let tagged = [b"OggS".as_slice(), b"fLaC", b"ID3"]
        .iter()
        .any(|magic| start.starts_with(magic));
    // An MPEG audio frame starts with eleven set bits.
    let mpeg_frame = matches!(start, [0xFF, second, ..] if second & 0xE0 == 0xE0);
    wave || tagged || mpeg_frame
}

fn ok(sound: Sound) -> Resolved {
    Resolved {
        sound: Some(sound),
        diagnostic: None,
    }
}

#[cfg(test)]
mod tests {
    use super::is_recording;

    #[test]
    fn recognises_recordings_by_their_first_bytes() {
        assert!(is_recording(b"RIFF\x24\0\0\0WAVEfmt "));
        assert!(is_recording(b"OggS\0\x02"));
        assert!(is_recording(b"fLaC\0\0\0\x22"));
        assert!(is_recording(b"ID3\x04\0"));
        assert!(is_recording(&[0xFF, 0xFB, 0x90, 0x64]));
        assert!(!is_recording(b"RIFF\x24\0\0\0AVI "));
        assert!(!is_recording(b"RIFF"));
        assert!(!is_recording(b"This is a note, not a recording."));
        assert!(!is_recording(&[0xFF, 0x10]));
        assert!(!is_recording(b""));
    }
}
