//! Sounds a routine names: our built-in ones, or files beside the routine
//! (or in the user's sounds folder), checked so that a routine can never
//! reach outside its folder and a bad file only falls back to the chime.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use super::Sound;
use super::keys::suggest;
use crate::diagnostic::Diagnostic;
use crate::private_file;
pub use crate::sound_file::MAX_SOUND_BYTES;
use crate::sound_file::{SoundFile, Unusable};

/// The built-in step-start sounds.
pub const CHIMES: &[&str] = &["bowl", "bell", "wood"];
/// The built-in ambient beds.
pub const AMBIENTS: &[&str] = &["brown-noise", "pink-noise"];
const EXTENSIONS: &[&str] = &["wav", "ogg", "flac", "mp3"];

/// Where a routine's sound files are looked for: its own folder first
/// (bundled routines have none), then the user's sounds folder, the one
/// `stillpoint paths` lists.
pub struct Folders {
    pub routine: Option<PathBuf>,
    pub user: Option<PathBuf>,
}

impl Folders {
    /// The folder of the routine read from `routine`, and the user's
    /// sounds folder.
    pub fn of(routine: Option<&Path>) -> Self {
        Self {
            routine: routine.map(Path::to_path_buf),
            user: crate::paths::sounds_dir(),
        }
    }

    /// The folders and the files in them that may be `path`, in the order
    /// they are tried: the path as written in the routine's folder, then
    /// in the user's sounds folder, then (so that a patient may put a
    /// routine's sounds straight into that folder) its file name alone
    /// there.
    fn candidates(&self, path: &Path) -> Vec<(&Path, PathBuf)> {
        let mut found: Vec<(&Path, PathBuf)> = Vec::new();
        found.extend(self.routine.as_deref().map(|f| (f, f.join(path))));
        if let Some(user) = self.user.as_deref() {
            found.push((user, user.join(path)));
            if let Some(name) = path.file_name().filter(|n| Path::new(n) != path) {
                found.push((user, user.join(name)));
            }
        }
        found
    }

    /// Where a missing `text` was looked for, in words.
    fn missing(&self, text: &str, instead: &str) -> (String, String) {
        let name = Path::new(text)
            .file_name()
            .map_or_else(|| text.to_owned(), |n| n.to_string_lossy().into_owned());
        let mut places = Vec::new();
        let mut puts = Vec::new();
        if self.routine.is_some() {
            places.push("beside the routine");
            puts.push(format!("put it in the routine's folder as `{text}`"));
        }
        if self.user.is_some() {
            places.push("in your sounds folder");
            puts.push(format!(
                "in your sounds folder (`stillpoint paths` shows where) as `{name}`"
            ));
        }
        let (places, puts) = (places.join(" or "), puts.join(", or "));
        (
            format!("the sound file `{text}` was not found {places}"),
            format!("{puts}; {instead}"),
        )
    }
}

/// What a sound reference turned out to be.
pub struct Resolved {
    /// The sound to use; `None` means "fall back to the default".
    pub sound: Option<Sound>,
    pub diagnostic: Option<Diagnostic>,
}

/// Resolves `text` against the built-in `names` and the folders a routine may
/// read sounds from. `key` names the setting in messages; `instead` says
/// what is heard when the sound cannot be used ("the default sound plays
/// instead").
pub fn resolve(
    text: &str,
    names: &[&'static str],
    key: &str,
    folders: &Folders,
    span: Range<usize>,
    instead: &str,
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
        if names.is_empty() {
            return fallback(
                format!("`{text}` is not a sound file (`{key}`)"),
                format!(
                    "name a WAV, OGG Vorbis, FLAC or MP3 file, e.g. \"voice/step2.ogg\"; {instead}"
                ),
            );
        }
        let help = match suggest(text, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? {instead}"),
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
            format!("use a WAV, OGG Vorbis, FLAC or MP3 file; {instead}"),
        );
    }
    // Each folder in turn; the first that has the file is the one. The
    // file is opened once, here, and what was opened is what is checked
    // and, later, played: never the path again.
    let found = folders
        .candidates(path)
        .into_iter()
        .find_map(
            |(folder, candidate)| match private_file::open_to_read(&candidate) {
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                    ) =>
                {
                    None
                }
                opened => Some((folder, candidate, opened)),
            },
        );
    let Some((folder, file, opened)) = found else {
        let (message, help) = folders.missing(text, instead);
        return fallback(message, help);
    };
    if let Err(e) = &opened
        && e.kind() == io::ErrorKind::PermissionDenied
    {
        return fallback(
            format!("the sound file `{text}` cannot be read: you are not allowed to read it"),
            format!("check the file's permissions; {instead}"),
        );
    }
    if !inside(&file, folder, opened.as_ref().ok()) {
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
    let opened = match opened {
        Ok(opened) => opened,
        Err(e) if e.kind() == io::ErrorKind::IsADirectory || private_file::is_not_regular(&e) => {
            return fallback(
                format!("the sound `{text}` is not a regular file"),
                format!("name a sound file; {instead}"),
            );
        }
        Err(e) => {
            return fallback(
                format!(
                    "the sound file `{text}` cannot be read: {}",
                    crate::journal::plain_words(&e, crate::journal::Access::Read)
                ),
                format!("check the file; {instead}"),
            );
        }
    };
    if opened
        .metadata()
        .map_or(true, |m| m.len() > MAX_SOUND_BYTES)
    {
        return fallback(
            format!("the sound file `{text}` is larger than 20 MiB"),
            format!("use a shorter or compressed file; {instead}"),
        );
    }
    match SoundFile::checked(&file, opened) {
        Ok(Ok(sound)) => ok(Sound::File(sound)),
        Ok(Err(Unusable::NotARecording)) | Err(_) => fallback(
            format!("the sound file `{text}` is not a WAV, OGG Vorbis, FLAC or MP3 recording"),
            format!("use a WAV, OGG Vorbis, FLAC or MP3 file; {instead}"),
        ),
        Ok(Err(Unusable::Header(why))) => fallback(
            format!("the sound file `{text}` cannot be played safely: {why}"),
            format!("save it again as an ordinary WAV, OGG Vorbis, FLAC or MP3 file; {instead}"),
        ),
    }
}

/// Whether `file` (as found by its path, opened as `opened`) is inside
/// `folder` once every link is followed, and is the very file opened (a
/// file swapped after the open is not what was checked).
fn inside(file: &Path, folder: &Path, opened: Option<&File>) -> bool {
    let (Ok(real), Ok(dir)) = (file.canonicalize(), folder.canonicalize()) else {
        return false;
    };
    if !real.starts_with(dir) {
        return false;
    }
    let Some(opened) = opened else {
        return true;
    };
    match (opened.metadata(), std::fs::metadata(&real)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

fn ok(sound: Sound) -> Resolved {
    Resolved {
        sound: Some(sound),
        diagnostic: None,
    }
}
