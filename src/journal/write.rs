//! Appending a record so that it is either wholly in the journal or not at
//! all: under a lock, in one write, then fsync.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use super::Loaded;
use super::read::{MAX_LINE_BYTES, read_from};
use crate::private_file::{self, create_folder_within, folder_of, sync_folder};

/// Appends `line` (one record and its newline) to the journal at `path`,
/// creating the file (mode 0600) and its folder (mode 0700, only inside
/// `root` when there is one) if needed. See [`Appender::append`].
pub fn append_line(path: &Path, line: &[u8], root: Option<&Path>) -> io::Result<()> {
    Appender::open(path, root)?.append(line)
}

/// Whether `line` (a record and its newline) can be read back: the reader
/// skips longer lines as damaged, so none is ever written.
pub fn fits(line: &str) -> io::Result<()> {
    if line.len() > MAX_LINE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the record is larger than 64 KiB, the most a journal line may hold; shorten its note",
        ));
    }
    Ok(())
}

/// A journal file open for appending, holding its lock (so no other
/// running copy writes to it) until it is dropped.
#[derive(Debug)]
pub struct Appender {
    file: File,
    /// The folder the file was created in by this open, whose entry for it
    /// must be synced.
    created_in: Option<PathBuf>,
}

impl Appender {
    /// Opens the journal at `path`, creating the file (mode 0600) and its
    /// folders (mode 0700, only inside `root` when there is one) if needed,
    /// and takes its lock, waiting while another copy holds it. Never
    /// through a symbolic link; anything but a regular file is an error.
    pub fn open(path: &Path, root: Option<&Path>) -> io::Result<Self> {
        for _ in 0..LOCK_TRIES {
            let (file, created) = open_or_create(path, root)?;
            if lock_in_place(&file, path)? {
                let created_in = created.then(|| folder_of(path).to_path_buf());
                return Ok(Self { file, created_in });
            }
        }
        Err(kept_changing())
    }

    /// Every record in the file now, read through the locked handle.
    pub fn load(&self) -> io::Result<Loaded> {
        let mut reader = &self.file;
        reader.seek(SeekFrom::Start(0))?;
        read_from(BufReader::new(reader))
    }

    /// Appends `lines` (whole records, each with its newline). If the file
    /// does not end in a newline (a write cut short earlier), one is written
    /// first, in the same single write, then the file is flushed to disk.
    /// On any failure the file is cut back to its length before, so what was
    /// already there is untouched and no half record stays.
    pub fn append(self, lines: &[u8]) -> io::Result<()> {
        let file = &self.file;
        let before = file.metadata()?.len();
        let mut bytes = Vec::with_capacity(lines.len() + 1);
        if before > 0 && !ends_with_newline(file, before)? {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(lines);
        let written = write_once(file, &bytes)
            .and_then(|()| file.sync_all())
            .and_then(|()| match &self.created_in {
                Some(folder) => sync_folder(folder),
                None => Ok(()),
            });
        if written.is_err() {
            // Best effort: if even this fails, the reader skips the torn line
            // and the next writer starts on a fresh line.
            let _ = file.set_len(before);
        }
        written
    }
}

/// How many times a file replaced while its lock was awaited is opened
/// again: once or twice when copies recover at the same moment.
pub const LOCK_TRIES: usize = 100;

/// The error when a file was still being replaced after [`LOCK_TRIES`].
pub fn kept_changing() -> io::Error {
    io::Error::other("it kept being replaced while waiting for its lock")
}

/// Takes `file`'s lock (released when it is closed), then tells whether it
/// is still the file at `path`: one removed or replaced while we waited
/// (the recovery file, once recovered) must not be written to or read as
/// current; open the one at `path` again instead.
pub fn lock_in_place(file: &File, path: &Path) -> io::Result<bool> {
    file.lock()?;
    let held = file.metadata()?;
    match fs::symlink_metadata(path) {
        Ok(there) => Ok(there.dev() == held.dev() && there.ino() == held.ino()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Opens the journal for appending, creating it when there is none; says
/// whether it was created.
fn open_or_create(path: &Path, root: Option<&Path>) -> io::Result<(File, bool)> {
    let options = || {
        let mut options = OpenOptions::new();
        options.read(true).append(true);
        options
    };
    match private_file::open_in_place(path, &mut options()) {
        Ok(file) => return Ok((file, false)),
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        Err(_) => {}
    }
    create_folder_within(folder_of(path), root)?;
    match private_file::create_new(path, &mut options()) {
        Ok(file) => Ok((file, true)),
        // Another copy of the program made it first.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            private_file::open_in_place(path, &mut options()).map(|file| (file, false))
        }
        Err(e) => Err(e),
    }
}

fn ends_with_newline(file: &File, len: u64) -> io::Result<bool> {
    let mut last = [0u8];
    file.read_exact_at(&mut last, len - 1)?;
    Ok(last[0] == b'\n')
}

/// One `write` call with the whole buffer (retried only if a signal
/// interrupted it before anything was written). A short write, which on a
/// regular file means the disk filled up part way, is an error.
fn write_once(mut file: &File, bytes: &[u8]) -> io::Result<()> {
    loop {
        return match file.write(bytes) {
            Ok(n) if n == bytes.len() => Ok(()),
            Ok(_) => Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "only part of the record fitted on the disk",
            )),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
    }
}
