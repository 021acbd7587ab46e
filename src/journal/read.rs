//! Reading the journal line by line. A damaged line never stops the rest
//! from loading, and the file is never rewritten.

use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::{FORMAT_VERSION, Record};

/// Everything read from the journal.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Loaded {
    /// The records this program understands, in the order they were written.
    pub records: Vec<Record>,
    /// Lines that were skipped, and why.
    pub problems: Vec<LineProblem>,
    /// Records written by a newer Stillpoint, kept as they are.
    pub newer: Vec<NewerRecord>,
}

/// A line that is not a readable record: cut short by an interrupted
/// write, edited by hand, or damaged on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// Counted from 1.
    pub line: usize,
    /// What is wrong, in plain words.
    pub reason: String,
}

/// A record with a format version above [`FORMAT_VERSION`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewerRecord {
    /// Counted from 1.
    pub line: usize,
    pub version: u64,
    /// The record exactly as parsed, to show or export unchanged.
    pub raw: Value,
}

/// Reads the journal at `path`. A missing file is an empty journal;
/// anything but a regular file (a named pipe, a device) is an error.
pub fn load(path: &Path) -> io::Result<Loaded> {
    match crate::private_file::open_to_read(path) {
        Ok(file) => read_from(BufReader::new(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Loaded::default()),
        Err(e) => Err(e),
    }
}

/// Reads journal lines from `input`: a file, a pipe or bytes in memory.
pub fn read_from(mut input: impl BufRead) -> io::Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(loaded);
        }
        number += 1;
        let complete = bytes.last() == Some(&b'\n');
        loaded.take(number, &bytes, complete);
    }
}

/// Just enough of a record to see which format wrote it.
#[derive(Deserialize)]
struct VersionOnly {
    version: u64,
}

impl Loaded {
    fn take(&mut self, line: usize, bytes: &[u8], complete: bool) {
        let text = bytes.trim_ascii();
        if text.is_empty() {
            return;
        }
        let error = match serde_json::from_slice::<Record>(text) {
            Ok(record) if record.version() <= FORMAT_VERSION => {
                return self.records.push(record);
            }
            Ok(_) => None,
            Err(e) => Some(e),
        };
        if let Some(newer) = newer_record(line, text) {
            return self.newer.push(newer);
        }
        let reason = match error {
            _ if !complete => "it was cut off, probably by an interrupted write".to_owned(),
            Some(e) if e.is_eof() => "it ends before the record does".to_owned(),
            Some(e) if e.is_syntax() => format!("it is not valid JSON (column {})", e.column()),
            Some(e) => format!("it is not a journal record: {}", message_only(&e)),
            // Parsed, with a newer version, yet not readable as one: cannot
            // happen, as both parses read the same `version`.
            None => "its version is not one this program can read".to_owned(),
        };
        self.problems.push(LineProblem { line, reason });
    }
}

fn newer_record(line: usize, text: &[u8]) -> Option<NewerRecord> {
    let version = serde_json::from_slice::<VersionOnly>(text).ok()?.version;
    if version <= u64::from(FORMAT_VERSION) {
        return None;
    }
    let raw = serde_json::from_slice(text).ok()?;
    Some(NewerRecord { line, version, raw })
}

/// serde_json's message without "at line 1 column 40", which says nothing
/// when each journal line is parsed alone.
fn message_only(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let ending = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&ending)
        .map_or(text.clone(), str::to_owned)
}
