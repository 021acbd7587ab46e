//! The one way Stillpoint opens, reads and writes files, its own and the
//! person's: folders are made 0700 and its own files 0600 whatever the
//! umask; nothing of its own is read or written through a symbolic link;
//! only regular files are opened, checked on the open descriptor (never
//! by a look at the path before), and never waited on (a named pipe); what
//! is read is bounded; a file is replaced whole or not at all, through a
//! new temporary file beside it that nobody else could have planted.
//!
//! | file | open | size |
//! |---|---|---|
//! | journal, recovery file | [`open_in_place`] / [`open_own_to_read`] | 64 KiB a line (see `journal::read`) |
//! | `remembered.toml` | [`open_own_to_read`], [`replace`] | 4 KiB |
//! | config, routines | [`open_to_read`] | 256 KiB |
//! | a routine's sounds | [`open_to_read`], kept open | 20 MiB |
//! | `render` output | [`replace_with`], or written directly when not a regular file | |

use std::fs::{self, DirBuilder, File, FileType, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use thiserror::Error;

const FOLDER_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// How many temporary names [`replace`] tries before giving up.
const TEMPORARY_TRIES: u32 = 16;

/// Flags on every open: a terminal opened by mistake never becomes ours,
/// and a named pipe is never waited on (cleared again once open).
const OPEN_FLAGS: libc::c_int = libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;

/// Why a file was refused for what it is rather than for what the system
/// said: a link, a named pipe, a device. Its words are shown as they are.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct Refused(String);

impl Refused {
    fn error(words: impl Into<String>) -> io::Error {
        io::Error::other(Refused(words.into()))
    }
}

/// Whether `error` says that the path names something other than a
/// regular file (a named pipe, a device, a socket; a folder is
/// [`io::ErrorKind::IsADirectory`]).
pub fn is_not_regular(error: &io::Error) -> bool {
    error
        .get_ref()
        .and_then(|e| e.downcast_ref::<Refused>())
        .is_some_and(|r| r.0.contains("not a regular file"))
}

/// Whether `error` is a symbolic link refused at a path of ours.
pub fn is_refused_link(error: &io::Error) -> bool {
    error
        .get_ref()
        .and_then(|e| e.downcast_ref::<Refused>())
        .is_some_and(|r| r.0.starts_with("it is a symbolic link"))
}

/// What a refused link was going to be used for, for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Read,
    Write,
}

/// Opens the existing file at `path` itself with `options`: never through
/// a symbolic link, never blocking on a named pipe, and only if it is a
/// regular file. For Stillpoint's own files that are written to or removed.
pub fn open_in_place(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    open_own(path, options, Use::Write)
}

fn open_own(path: &Path, options: &mut OpenOptions, wants: Use) -> io::Result<File> {
    refuse_before_opening(path, false)?;
    let opened = options
        .custom_flags(libc::O_NOFOLLOW | OPEN_FLAGS)
        .open(path);
    opened
        .map_err(|e| why_not(path, e, wants))
        .and_then(regular)
        .and_then(blocking)
}

/// Opens one of Stillpoint's own files to read it (the journal, the
/// recovery file, the remembered settings): never through a symbolic link,
/// without blocking, and only if it is a regular file.
pub fn open_own_to_read(path: &Path) -> io::Result<File> {
    open_own(path, OpenOptions::new().read(true), Use::Read)
}

/// All of one of Stillpoint's own files, of at most `most` bytes (opened
/// as [`open_own_to_read`] does); `None` when there is none.
pub fn read_own(path: &Path, most: u64) -> io::Result<Option<Vec<u8>>> {
    match open_own_to_read(path) {
        Ok(file) => read_at_most(&file, most).map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Opens the existing file at `path` to read it, without blocking on a
/// named pipe, and only if it is a regular file (links are followed: the
/// person's own config and routines may be links). For the person's files.
pub fn open_to_read(path: &Path) -> io::Result<File> {
    refuse_before_opening(path, true)?;
    OpenOptions::new()
        .read(true)
        .custom_flags(OPEN_FLAGS)
        .open(path)
        .map_err(|e| why_not(path, e, Use::Read))
        .and_then(regular)
        .and_then(blocking)
}

/// Reads all of `file`, which must be at most `most` bytes: a file that
/// grew past the size it had when it was checked is an error of kind
/// [`io::ErrorKind::FileTooLarge`], and never more than `most + 1` bytes
/// are held.
pub fn read_at_most(file: &File, most: u64) -> io::Result<Vec<u8>> {
    let size = file.metadata()?.len();
    if size > most {
        return Err(too_large(most));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(most + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > most {
        return Err(too_large(most));
    }
    Ok(bytes)
}

fn too_large(most: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("it is larger than {}", size_words(most)),
    )
}

/// "256 KiB", "20 MiB", "100 bytes".
pub fn size_words(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes >= KIB * KIB && bytes.is_multiple_of(KIB * KIB) {
        format!("{} MiB", bytes / (KIB * KIB))
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A cheap first look, so that a device or a pipe is refused without even
/// being opened (opening some devices does something). The open descriptor
/// is checked again: this look alone could be raced.
fn refuse_before_opening(path: &Path, follow: bool) -> io::Result<()> {
    let looked = if follow {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    };
    match looked {
        Ok(meta) if meta.file_type().is_symlink() || meta.is_dir() => Ok(()),
        Ok(meta) => match not_regular(meta.file_type()) {
            Some(e) => Err(e),
            None => Ok(()),
        },
        // The open says it better.
        Err(_) => Ok(()),
    }
}

/// `file` if it is a regular file; an error saying what it is otherwise.
fn regular(file: File) -> io::Result<File> {
    match not_regular(file.metadata()?.file_type()) {
        None => Ok(file),
        Some(e) => Err(e),
    }
}

/// `file` with `O_NONBLOCK` cleared, now that it is known to be a regular
/// file: reads and writes behave as on any file.
fn blocking(file: File) -> io::Result<File> {
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function owns, with plain flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(file)
}

/// An open of `path` that failed with `error`, said plainly when the
/// reason is what is there: a link, a named pipe with no reader, a socket.
fn why_not(path: &Path, error: io::Error, wants: Use) -> io::Error {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            if error.raw_os_error() == Some(libc::ELOOP) {
                let message = match wants {
                    Use::Write => {
                        "it is a symbolic link, which is not written through; put the file itself there"
                    }
                    Use::Read => {
                        "it is a symbolic link, which Stillpoint does not follow for its own files; put the file itself there"
                    }
                };
                Refused::error(message)
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
    Some(Refused::error(what))
}

/// Replaces the file at `path`, one of Stillpoint's own, with `contents`,
/// whole or not at all: see [`replace_with`]; the file is 0600. Creates
/// the missing folders on the way with mode 0700, but only below `root`
/// when one is given (see [`create_folder_within`]).
pub fn replace(path: &Path, contents: &[u8], root: Option<&Path>) -> io::Result<()> {
    create_folder_within(folder_of(path), root)?;
    replace_with(path, Mode::Private, |file| file.write_all(contents))
}

/// The permissions a replaced file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// 0600: only its owner reads it (Stillpoint's own files).
    Private,
    /// The mode of the file it replaces; for a new file, what the umask
    /// allows of 0666, as for any file a program writes.
    AsBefore,
}

/// Replaces the regular file at `path` (or makes it) with what `write`
/// writes, whole or not at all: into a new temporary file beside it,
/// created exclusively under a random name (a link planted at any name is
/// never written through), private while it is written, synced, then given
/// its `mode` and renamed over `path`. If `write` or anything after it
/// fails, the temporary file is removed and `path` is exactly as it was.
/// `path`'s folder must exist.
pub fn replace_with(
    path: &Path,
    mode: Mode,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    replace_via(path, mode, write, temporary_names(path))
}

fn replace_via(
    path: &Path,
    mode: Mode,
    write: impl FnOnce(&mut File) -> io::Result<()>,
    names: impl IntoIterator<Item = PathBuf>,
) -> io::Result<()> {
    let folder = folder_of(path);
    let permissions = match mode {
        Mode::Private => FILE_MODE,
        Mode::AsBefore => match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() => meta.permissions().mode() & 0o777,
            _ => 0o666 & !umask(),
        },
    };
    let (temporary, mut file) = create_temporary(names)?;
    let written = write(&mut file)
        .and_then(|()| file.sync_all())
        .and_then(|()| file.set_permissions(Permissions::from_mode(permissions)))
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(e) = written {
        // Only the file made above: a name that was taken was never opened.
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    sync_folder(folder)
}

/// The process's umask, read without changing it; the usual 022 if the
/// system does not tell.
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Names for a temporary file beside `path`, hidden and random:
/// `.remembered.toml.3f9c0a1b2d4e5f60.tmp`.
fn temporary_names(path: &Path) -> impl Iterator<Item = PathBuf> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let owned = path.to_path_buf();
    (0..TEMPORARY_TRIES)
        .map(move |_| owned.with_file_name(format!(".{name}.{:016x}.tmp", random())))
}

/// 64 random bits from the system; if it cannot give them, a mix of the
/// time, the process and a counter (the exclusive create keeps even a
/// guessed name safe: it only makes the next name be tried).
fn random() -> u64 {
    let mut bytes = [0u8; 8];
    // SAFETY: getrandom writes at most `bytes.len()` bytes into `bytes`.
    let got = unsafe { libc::getrandom(bytes.as_mut_ptr().cast(), bytes.len(), 0) };
    if got == bytes.len() as isize {
        return u64::from_ne_bytes(bytes);
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 40) ^ COUNTER.fetch_add(1, Ordering::Relaxed)
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
    let file = options
        .create_new(true)
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)?;
    // The umask can only take bits away; this puts back any it took.
    if let Err(e) = file.set_permissions(Permissions::from_mode(FILE_MODE)) {
        let _ = fs::remove_file(path);
        return Err(e);
    }
    Ok(file)
}

/// Creates `folder` and any missing parents with mode 0700 (see
/// [`create_folder`]), but with a `root`, only folders inside it: the root
/// itself must exist. Stillpoint's data folder in the home folder is made
/// with its parents (`~/.local/share/stillpoint`), but nothing is created
/// above a home folder that does not exist.
pub fn create_folder_within(folder: &Path, root: Option<&Path>) -> io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    if let Some(root) = root {
        let inside = folder.starts_with(root) && folder != root;
        if !inside || !root.is_dir() {
            let why = if !inside {
                format!(
                    "the folder {} does not exist, and Stillpoint only creates folders inside {}",
                    folder.display(),
                    root.display()
                )
            } else {
                format!(
                    "the folder {} does not exist, and neither does {}, so Stillpoint does not create it",
                    folder.display(),
                    root.display()
                )
            };
            return Err(Refused::error(format!(
                "{why}; set {} or XDG_DATA_HOME, or pass --data-dir, to keep the data elsewhere",
                crate::paths::DATA_DIR_VAR
            )));
        }
    }
    create_folder(folder)
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

/// Why the existing `folder` is not private to the person running
/// Stillpoint, in words: other users may write in it (so they could put a
/// link where a file of ours goes, or replace one), or it belongs to
/// someone else. None when it is private enough, or does not exist.
pub fn open_to_others(folder: &Path) -> Option<String> {
    let meta = fs::metadata(folder).ok()?;
    let mode = meta.permissions().mode() & 0o7777;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Some(format!(
            "it belongs to another user (uid {}), who could change or redirect what is kept there",
            meta.uid()
        ));
    }
    if mode & 0o022 != 0 {
        let who = match (mode & 0o020 != 0, mode & 0o002 != 0) {
            (true, true) => "its group and every other user",
            (true, false) => "its group",
            _ => "every other user",
        };
        return Some(format!(
            "{who} may write in it (mode {mode:04o}), and so could replace or redirect the files kept there; `chmod 700 {}` makes it private",
            folder.display()
        ));
    }
    None
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
mod tests;
