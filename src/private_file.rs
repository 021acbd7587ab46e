//! Stillpoint's own files in the data folder, kept private: folders are
//! made 0700 and files 0600 whatever the umask, a small file is replaced
//! whole or not at all, and nothing is written through a symbolic link or
//! into anything but a regular file.

use std::fs::{self, DirBuilder, File, FileType, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use thiserror::Error;

const FOLDER_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// How many temporary names [`replace`] tries before giving up.
const TEMPORARY_TRIES: u32 = 16;

/// The path names something that is not a regular file, so it is not
/// written (or, for a named pipe, waited on).
#[derive(Debug, Error)]
#[error("{0}")]
struct NotARegularFile(&'static str);

/// Replaces the file at `path` with `contents`, whole or not at all: they
/// go to a new private temporary file beside it (never through a link
/// planted there), which is synced and renamed over `path`. Creates the
/// folders on the way with mode 0700. On failure the temporary file is
/// removed and `path` is as it was.
pub fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    replace_via(path, contents, temporary_names(path))
}

fn replace_via(
    path: &Path,
    contents: &[u8],
    names: impl IntoIterator<Item = PathBuf>,
) -> io::Result<()> {
    let folder = folder_of(path);
    create_folder(folder)?;
    let (temporary, mut file) = create_temporary(names)?;
    let written = file
        .write_all(contents)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(e) = written {
        // Only the file made above: a name that was taken was never opened.
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    sync_folder(folder)
}

/// Names for a temporary file beside `path`, hidden and different in each
/// process and each call: `.remembered.toml.4242-7-1712345678901234567.tmp`.
fn temporary_names(path: &Path) -> impl Iterator<Item = PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let owned = path.to_path_buf();
    (0..TEMPORARY_TRIES).map(move |_| {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        owned.with_file_name(format!(
            ".{name}.{}-{count}-{nanos}.tmp",
            std::process::id()
        ))
    })
}

/// Creates the first of `names` that does not exist yet.
fn create_temporary(names: impl IntoIterator<Item = PathBuf>) -> io::Result<(PathBuf, File)> {
    for name in names {
        match create_new(&name, OpenOptions::new().write(true)) {
            Ok(file) => return Ok((name, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "every name tried for a temporary file was taken",
    ))
}

/// Creates the file at `path`, which must not exist yet (not even as a
/// link: the open is exclusive), with mode 0600, and opens it with
/// `options`. Its folder must exist.
pub fn create_new(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    let file = options.create_new(true).mode(FILE_MODE).open(path)?;
    // The umask can only take bits away; this puts back any it took.
    if let Err(e) = file.set_permissions(Permissions::from_mode(FILE_MODE)) {
        let _ = fs::remove_file(path);
        return Err(e);
    }
    Ok(file)
}

/// Opens the existing file at `path` itself with `options`: never through
/// a symbolic link, never blocking on a named pipe, and only if it is a
/// regular file. For the files that are written to or removed.
pub fn open_in_place(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    let opened = options
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    opened.map_err(|e| why_not(path, e)).and_then(regular)
}

/// Opens the existing file at `path` to read it, without blocking on a
/// named pipe, and only if it is a regular file (links are followed).
pub fn open_to_read(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| why_not(path, e))
        .and_then(regular)
}

/// `file` if it is a regular file; an error saying what it is otherwise.
fn regular(file: File) -> io::Result<File> {
    match not_regular(file.metadata()?.file_type()) {
        None => Ok(file),
        Some(e) => Err(e),
    }
}

/// An open of `path` that failed with `error`, said plainly when the
/// reason is what is there: a link, a named pipe with no reader, a socket.
fn why_not(path: &Path, error: io::Error) -> io::Error {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            if error.raw_os_error() == Some(libc::ELOOP) {
                io::Error::other(NotARegularFile(
                    "it is a symbolic link, which is not written through; put the file itself there",
                ))
            } else {
                error
            }
        }
        Ok(meta) => not_regular(meta.file_type()).unwrap_or(error),
        Err(_) => error,
    }
}

/// What is wrong with a file of this type, unless it is a regular file.
fn not_regular(kind: FileType) -> Option<io::Error> {
    let what = if kind.is_file() {
        return None;
    } else if kind.is_dir() {
        return Some(io::ErrorKind::IsADirectory.into());
    } else if kind.is_fifo() {
        "it is a named pipe, not a regular file"
    } else if kind.is_socket() {
        "it is a socket, not a regular file"
    } else if kind.is_char_device() || kind.is_block_device() {
        "it is a device, not a regular file"
    } else {
        "it is not a regular file"
    };
    Some(io::Error::other(NotARegularFile(what)))
}

/// Creates `folder` and any missing parents with mode 0700, syncing the
/// parent of each new folder so the new entries survive a power cut.
/// Folders that exist are left as they are.
pub fn create_folder(folder: &Path) -> io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    if let Some(parent) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_folder(parent)?;
    }
    match DirBuilder::new().mode(FOLDER_MODE).create(folder) {
        Ok(()) => {
            // As for files: whatever the umask took away comes back.
            fs::set_permissions(folder, Permissions::from_mode(FOLDER_MODE))?;
            sync_folder(folder_of(folder))
        }
        // Another copy of the program made it first.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The folder `path` is in: its parent, or `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Flushes `folder`'s entries to disk, so a file created or renamed in it
/// is there after a power cut.
pub fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_replaced_file_is_private_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("data").join("remembered.toml");
        replace(&path, b"volume = 40\n").unwrap();
        replace(&path, b"volume = 55\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"volume = 55\n");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        let left: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_link_planted_at_the_temporary_name_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep me").unwrap();
        let path = dir.path().join("remembered.toml");
        let planted = dir.path().join("planted.tmp");
        symlink(&victim, &planted).unwrap();
        let fresh = dir.path().join("fresh.tmp");
        replace_via(&path, b"volume = 40\n", [planted.clone(), fresh.clone()]).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(fs::read(&path).unwrap(), b"volume = 40\n");
        assert!(
            fs::symlink_metadata(&planted).unwrap().is_symlink(),
            "left alone"
        );
        assert!(!fresh.exists(), "renamed over the file");
    }

    #[test]
    fn a_failed_replace_leaves_the_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming a file over a folder fails.
        let path = dir.path().join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), "x").unwrap();
        let temporary = dir.path().join("t.tmp");
        assert!(replace_via(&path, b"new", [temporary.clone()]).is_err());
        assert!(!temporary.exists());
        assert_eq!(fs::read_to_string(path.join("inside")).unwrap(), "x");
    }

    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, "x").unwrap();
        let link = dir.path().join("link");
        symlink(&target, &link).unwrap();
        let message = |r: io::Result<File>| r.unwrap_err().to_string();
        let append = || OpenOptions::new().append(true).to_owned();
        assert!(message(open_in_place(&link, &mut append())).starts_with("it is a symbolic link"));
        assert!(open_in_place(&target, &mut append()).is_ok());
        assert!(open_to_read(&link).is_ok(), "reading follows links");

        let pipe = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            message(open_to_read(&pipe)),
            "it is a named pipe, not a regular file"
        );
        assert_eq!(
            message(open_in_place(&pipe, &mut append())),
            "it is a named pipe, not a regular file"
        );
        assert_eq!(
            message(open_to_read(Path::new("/dev/null"))),
            "it is a device, not a regular file"
        );
        assert_eq!(
            open_to_read(dir.path()).unwrap_err().kind(),
            io::ErrorKind::IsADirectory
        );
    }
}
