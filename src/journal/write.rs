//! Appending a record so that it is either wholly in the journal or not at
//! all: under a lock, in one write, then fsync.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, OpenOptionsExt};
use std::path::Path;

/// Appends `line` (one record and its newline) to the journal at `path`,
/// creating the file (mode 0600) and its folder (mode 0700) if needed.
///
/// Under an exclusive lock, so two running copies never interleave: if the
/// file does not end in a newline (a write cut short earlier), one is
/// written first, in the same single write as the record, then the file is
/// flushed to disk. On any failure the file is cut back to its length
/// before, so what was already there is untouched and no half record stays.
pub fn append_line(path: &Path, line: &[u8]) -> io::Result<()> {
    let (file, created) = open_or_create(path)?;
    // Released when `file` is closed, on every path out of this function.
    file.lock()?;
    let before = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(line.len() + 1);
    if before > 0 && !ends_with_newline(&file, before)? {
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(line);
    let written = write_once(&file, &bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| match created {
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

/// Opens the journal for appending. When it had to be created, also gives
/// the folder whose entry for it must be synced.
fn open_or_create(path: &Path) -> io::Result<(File, Option<&Path>)> {
    let mut options = OpenOptions::new();
    options.read(true).append(true);
    match options.open(path) {
        Ok(file) => Ok((file, None)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            if let Some(folder) = folder {
                create_folder(folder)?;
            }
            let file = options.create(true).mode(0o600).open(path)?;
            Ok((file, Some(folder.unwrap_or(Path::new(".")))))
        }
        Err(e) => Err(e),
    }
}

/// Creates `folder` and any missing parents with mode 0700, syncing the
/// parent of each new folder so the new entries survive a power cut.
fn create_folder(folder: &Path) -> io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    if let Some(parent) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_folder(parent)?;
    }
    match DirBuilder::new().mode(0o700).create(folder) {
        Ok(()) => sync_folder(folder.parent().unwrap_or(Path::new("."))),
        // Another copy of the program made it first.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn sync_folder(folder: &Path) -> io::Result<()> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    File::open(folder)?.sync_all()
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
