//! The `.stillpoint` file itself: a zip archive with `manifest.json` first,
//! then the routine and its sounds (or the program and its routines),
//! deflated. Written whole by
//! [`write`]; read by [`Archive::open`], which believes nothing it has not
//! checked: every name, every entry's kind, the count, the declared sizes,
//! and, while unpacking, the bytes themselves, counted and hashed.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::path::Path;

use flate2::read::DeflateDecoder;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::manifest::{self, Contents, Entry, Manifest, is_plain_name};
use super::refusal::Refusal;
use super::{MAX_FILES, MAX_UNPACKED};
use crate::journal::{Access, plain_words};
use crate::private_file;

/// The largest file `import` opens: everything unpacked, stored as it is,
/// and room for the zip's own headers.
const MAX_ARCHIVE_BYTES: u64 = MAX_UNPACKED + 1024 * 1024;

/// The kind bits of a Unix mode, and those of a regular file.
const KIND_BITS: u32 = 0o170_000;
const REGULAR: u32 = 0o100_000;

/// One file to put into the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// Relative, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Writes the archive of `files` (the routine or program first) with
/// `manifest` into `out`. Every entry has the same date, so packing the
/// same routine twice gives the same bytes.
pub fn write(out: &mut File, manifest: &Contents, files: &[Packed]) -> io::Result<()> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(out);
    zip.start_file(manifest::NAME, options)?;
    zip.write_all(manifest.to_json().as_bytes())?;
    for file in files {
        zip.start_file(file.path.as_str(), options)?;
        zip.write_all(&file.bytes)?;
    }
    zip.finish()?;
    Ok(())
}

/// An archive whose names, kinds, count, sizes and manifest have been
/// checked; its contents are checked as they are unpacked.
pub struct Archive {
    zip: ZipArchive<BufReader<File>>,
    manifest: Contents,
    /// Where each of the manifest's files is in the zip, in its order.
    indexes: Vec<usize>,
}

impl Archive {
    /// Opens the archive at `path` and checks everything that can be
    /// checked without unpacking a sound.
    pub fn open(path: &Path) -> Result<Self, Refusal> {
        let shown = path.display().to_string();
        let unreadable = |e: &io::Error| Refusal::Unreadable {
            file: shown.clone(),
            why: match e.kind() {
                io::ErrorKind::NotFound => "there is no such file".into(),
                _ => plain_words(e, Access::Read),
            },
        };
        let file = private_file::open_to_read(path).map_err(|e| unreadable(&e))?;
        let size = file.metadata().map_err(|e| unreadable(&e))?.len();
        if size > MAX_ARCHIVE_BYTES {
            return Err(Refusal::TooLarge);
        }
        let mut zip =
            ZipArchive::new(BufReader::new(file)).map_err(|_| Refusal::NotAZip(shown.clone()))?;
        if zip.has_duplicate_names() {
            return Err(Refusal::DuplicateNames);
        }
        if zip.len() > MAX_FILES {
            return Err(Refusal::TooManyFiles(zip.len()));
        }
        let mut names = Vec::with_capacity(zip.len());
        let mut declared = 0u64;
        for index in 0..zip.len() {
            let (name, size) = checked_entry(&zip, index)?;
            declared = declared.saturating_add(size);
            names.push((name, size));
        }
        if declared > MAX_UNPACKED {
            return Err(Refusal::TooLarge);
        }
        let at = names
            .iter()
            .position(|(name, _)| name == manifest::NAME)
            .ok_or(Refusal::NoManifest(shown))?;
        let manifest = read_manifest(&mut zip, at, names[at].1)?;
        let indexes = match_manifest(&manifest, &names)?;
        match &manifest {
            Contents::Routine(routine) => routine_name(routine)?,
            Contents::Program(program) => program.check()?,
        }
        Ok(Self {
            zip,
            manifest,
            indexes,
        })
    }

    pub fn manifest(&self) -> &Contents {
        &self.manifest
    }

    /// Unpacks every file of the manifest into `dir` (which must exist and
    /// be empty), each no larger than it declares and with its hash.
    pub fn extract_into(&mut self, dir: &Path) -> Result<(), Refusal> {
        for (entry, &index) in self.manifest.files().iter().zip(&self.indexes) {
            let target = dir.join(&entry.path);
            let cannot_write = |e: &io::Error| Refusal::Write {
                what: target.display().to_string(),
                why: plain_words(e, Access::Write),
            };
            private_file::create_folder(private_file::folder_of(&target))
                .map_err(|e| cannot_write(&e))?;
            let mut out = private_file::create_new(&target, OpenOptions::new().write(true))
                .map_err(|e| cannot_write(&e))?;
            let hash = unpack(&mut self.zip, index, entry, &mut out)?;
            if !hash.eq_ignore_ascii_case(&entry.sha256) {
                return Err(Refusal::Hash(entry.path.clone()));
            }
            out.sync_all().map_err(|e| cannot_write(&e))?;
        }
        Ok(())
    }
}

/// The name and declared size of entry `index`, if it is a regular file
/// with a plain relative name that Stillpoint can unpack.
fn checked_entry(
    zip: &ZipArchive<BufReader<File>>,
    index: usize,
) -> Result<(String, u64), Refusal> {
    let entry = zip
        .by_index_data(index)
        .map_err(|e| Refusal::Damaged(format!("entry {}", index + 1), e.to_string()))?;
    let raw = entry.name_raw();
    let Ok(name) = std::str::from_utf8(raw) else {
        return Err(Refusal::BadName(String::from_utf8_lossy(raw).into_owned()));
    };
    let name = name.to_owned();
    if name.starts_with(['/', '\\']) {
        return Err(Refusal::Absolute(name));
    }
    let parts: Vec<&str> = name.split(['/', '\\']).collect();
    if parts.contains(&"..") {
        return Err(Refusal::Parent(name));
    }
    if entry.is_symlink() {
        return Err(Refusal::Link(name));
    }
    let kind = entry.unix_mode().map_or(0, |mode| mode & KIND_BITS);
    if entry.is_dir() || (kind != 0 && kind != REGULAR) {
        return Err(Refusal::NotRegular(name));
    }
    if name.contains(['\\', '\0']) || name.chars().any(char::is_control) {
        return Err(Refusal::BadName(name));
    }
    if parts.iter().any(|p| p.is_empty() || *p == ".") {
        return Err(Refusal::BadName(name));
    }
    if entry.encrypted() {
        return Err(Refusal::Encrypted(name));
    }
    if !matches!(
        entry.compression(),
        CompressionMethod::Stored | CompressionMethod::Deflated
    ) {
        return Err(Refusal::Compression(name));
    }
    Ok((name, entry.size()))
}

fn read_manifest(
    zip: &mut ZipArchive<BufReader<File>>,
    index: usize,
    size: u64,
) -> Result<Contents, Refusal> {
    if size > manifest::MAX_BYTES {
        return Err(Refusal::BadManifest(format!(
            "it is larger than {}",
            private_file::size_words(manifest::MAX_BYTES)
        )));
    }
    let declared = Entry {
        path: manifest::NAME.to_owned(),
        size,
        sha256: String::new(),
    };
    let mut bytes = Vec::new();
    unpack(zip, index, &declared, &mut bytes)?;
    Contents::from_json(&bytes)
}

/// Checks that the manifest lists every file in the archive but itself,
/// once, with the size the archive declares; gives each listed file's
/// index in the zip.
fn match_manifest(manifest: &Contents, names: &[(String, u64)]) -> Result<Vec<usize>, Refusal> {
    if let Some((name, _)) = names
        .iter()
        .find(|(name, _)| name != manifest::NAME && manifest.entry(name).is_none())
    {
        return Err(Refusal::NotListed(name.clone()));
    }
    if manifest.declared_bytes() > MAX_UNPACKED {
        return Err(Refusal::TooLarge);
    }
    let files = manifest.files();
    let mut indexes = Vec::with_capacity(files.len());
    for (n, entry) in files.iter().enumerate() {
        if files[..n].iter().any(|e| e.path == entry.path) {
            return Err(Refusal::Duplicate(entry.path.clone()));
        }
        if entry.sha256.len() != 64 || !entry.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Refusal::BadManifest(format!(
                "the hash of `{}` is not a SHA-256 hash",
                entry.path
            )));
        }
        let index = names
            .iter()
            .position(|(name, _)| *name == entry.path && name != manifest::NAME)
            .ok_or_else(|| Refusal::NotInArchive(entry.path.clone()))?;
        if names[index].1 != entry.size {
            return Err(Refusal::Size {
                path: entry.path.clone(),
                actual: names[index].1,
                declared: entry.size,
            });
        }
        indexes.push(index);
    }
    Ok(indexes)
}

/// Checks that the manifest names a routine it lists, by a plain file
/// name that can be a folder's name too (`calm-tone.toml`).
fn routine_name(manifest: &Manifest) -> Result<(), Refusal> {
    let name = &manifest.routine;
    let stem = name.strip_suffix(".toml").unwrap_or_default();
    if !is_plain_name(stem) {
        return Err(Refusal::RoutineName(name.clone()));
    }
    if !manifest.files.iter().any(|e| e.path == *name) {
        return Err(Refusal::NotInArchive(name.clone()));
    }
    Ok(())
}

/// Unpacks entry `index` into `out`, counting: more bytes than `entry`
/// declares is a refusal at the first byte over, whatever the zip's
/// headers said. Gives the SHA-256 of what was written, in hex.
fn unpack(
    zip: &mut ZipArchive<BufReader<File>>,
    index: usize,
    entry: &Entry,
    out: &mut impl Write,
) -> Result<String, Refusal> {
    let damaged = |e: &dyn std::fmt::Display| Refusal::Damaged(entry.path.clone(), e.to_string());
    let raw = zip.by_index_raw(index).map_err(|e| damaged(&e))?;
    let reader: Box<dyn Read + '_> = match raw.compression() {
        CompressionMethod::Stored => Box::new(raw),
        _ => Box::new(DeflateDecoder::new(raw)),
    };
    let mut limited = reader.take(entry.size.saturating_add(1));
    let mut hash = Sha256::new();
    let mut count = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = match limited.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(damaged(&e)),
        };
        count += n as u64;
        if count > entry.size {
            return Err(Refusal::Inflates {
                path: entry.path.clone(),
                declared: entry.size,
            });
        }
        hash.update(&buffer[..n]);
        out.write_all(&buffer[..n]).map_err(|e| Refusal::Write {
            what: format!("`{}`", entry.path),
            why: plain_words(&e, Access::Write),
        })?;
    }
    if count < entry.size {
        return Err(damaged(&"it ends before its declared size"));
    }
    Ok(manifest::hex(&hash.finalize()))
}
