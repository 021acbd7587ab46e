//! Watching a routine file for `play --watch`: its folder is watched, not
//! the file, so a save by writing a new file and renaming it over the old
//! one (vim, VS Code, `sed -i`) is seen like any other. A burst of changes
//! becomes one wake-up once the file has been quiet for [`QUIET`]; then
//! [`saved::WatchedFile`] reads it again.

pub mod saved;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the file must be left alone after a change before it is read:
/// long enough for an editor's save in several writes to be seen as one.
pub const QUIET: Duration = Duration::from_millis(250);

/// Why a file cannot be watched.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch `{}` for changes: {}", .folder.display(), plain_words(.source))]
pub struct WatchError {
    folder: PathBuf,
    source: notify::Error,
}

fn plain_words(error: &notify::Error) -> String {
    match &error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit of watched folders is reached (fs.inotify.max_user_watches)"
                .to_owned()
        }
        notify::ErrorKind::PathNotFound => "there is no such folder".to_owned(),
        notify::ErrorKind::Io(e) => crate::journal::plain_words(e, crate::journal::Access::Read),
        _ => error.to_string(),
    }
}

type Raw = notify::Result<notify::Event>;

/// A routine file being watched; [`RoutineWatch::forward`] says when it
/// has changed.
pub struct RoutineWatch {
    watcher: RecommendedWatcher,
    changes: Receiver<Raw>,
    /// The names the file goes by in the folders watched: as given, and
    /// where a link to it leads.
    names: Vec<(PathBuf, OsString)>,
}

impl RoutineWatch {
    /// Starts watching the folder of `file` (and of the file a link there
    /// leads to).
    pub fn start(file: &Path) -> Result<Self, WatchError> {
        let (sent, changes) = mpsc::channel();
        let mut names = Vec::new();
        for path in [Some(file.to_path_buf()), file.canonicalize().ok()]
            .into_iter()
            .flatten()
        {
            let folder = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if let Some(name) = path.file_name()
                && !names.iter().any(|(f, n)| *f == folder && n == name)
            {
                names.push((folder, name.to_owned()));
            }
        }
        let fail = |folder: &Path, source| WatchError {
            folder: folder.to_path_buf(),
            source,
        };
        let here = Path::new(".");
        let mut watcher = notify::recommended_watcher(sent).map_err(|e| fail(here, e))?;
        for (folder, _) in &names {
            watcher
                .watch(folder, RecursiveMode::NonRecursive)
                .map_err(|e| fail(folder, e))?;
        }
        Ok(Self {
            watcher,
            changes,
            names,
        })
    }

    /// From now on calls `wake` once after each burst of changes to the
    /// file, on a thread of its own, until `wake` returns false (no one is
    /// listening any more).
    pub fn forward(self, wake: impl Fn() -> bool + Send + 'static) -> std::io::Result<()> {
        thread::Builder::new()
            .name("routine-watch".into())
            .spawn(move || {
                // Watching stops when the watcher is dropped: it lives here.
                let Self {
                    watcher: _watcher,
                    changes,
                    names,
                } = self;
                let concerns = |raw: &Raw| concerns_file(raw, &names);
                while wait_for(&changes, concerns) && settle(&changes, concerns) && wake() {}
            })?;
        Ok(())
    }
}

/// Waits for a change to the file; false once the watcher is gone.
fn wait_for(changes: &Receiver<Raw>, concerns: impl Fn(&Raw) -> bool) -> bool {
    loop {
        match changes.recv() {
            Ok(raw) if concerns(&raw) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// Waits until the file has been left alone for [`QUIET`]; false once the
/// watcher is gone.
fn settle(changes: &Receiver<Raw>, concerns: impl Fn(&Raw) -> bool) -> bool {
    loop {
        match changes.recv_timeout(QUIET) {
            Ok(raw) if concerns(&raw) => {}
            // Other files of the folder do not hold the reading back.
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// Whether `raw` may have changed the file: written, created, renamed
/// into place or away, or removed (reading it, as the player does, is
/// not). An error from the watcher may hide a change, so it counts.
fn concerns_file(raw: &Raw, names: &[(PathBuf, OsString)]) -> bool {
    let Ok(event) = raw else {
        return true;
    };
    let changes = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    changes
        && event.paths.iter().any(|path| {
            path.file_name()
                .is_some_and(|name| names.iter().any(|(_, n)| n == name))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Waits (bounded) for the next wake-up.
    fn woken(wakes: &Receiver<()>) -> bool {
        wakes.recv_timeout(Duration::from_secs(30)).is_ok()
    }

    fn watched(file: &Path) -> Receiver<()> {
        let (sent, wakes) = mpsc::channel();
        RoutineWatch::start(file)
            .unwrap()
            .forward(move || sent.send(()).is_ok())
            .unwrap();
        wakes
    }

    #[test]
    fn a_write_in_place_and_a_save_by_rename_each_wake_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        fs::write(&file, "one").unwrap();
        let wakes = watched(&file);
        fs::write(&file, "two").unwrap();
        assert!(woken(&wakes));
        let temporary = dir.path().join(".r.toml.swp");
        fs::write(&temporary, "five").unwrap();
        fs::rename(&temporary, &file).unwrap();
        assert!(woken(&wakes));
    }

    #[test]
    fn other_files_in_the_folder_do_not_wake_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        fs::write(&file, "one").unwrap();
        let wakes = watched(&file);
        fs::write(dir.path().join("other.toml"), "x").unwrap();
        assert!(wakes.recv_timeout(QUIET * 4).is_err());
        let _ = fs::read_to_string(&file).unwrap();
        assert!(wakes.recv_timeout(QUIET * 4).is_err(), "reading woke it");
        fs::write(&file, "two").unwrap();
        assert!(woken(&wakes));
    }
}
