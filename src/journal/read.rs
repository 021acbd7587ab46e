//! Reading the journal line by line. A damaged line never stops the rest
//! from loading, and the file is never rewritten.

use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::diary::revision;
use super::{FORMAT_VERSION, Record, RecordId};

/// Everything read from the journal.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Loaded {
    /// The records this program understands, in the order they were
    /// written, each attack and intake once as its latest revision says
    /// (see [`revision`]).
    pub records: Vec<Record>,
    /// The ids of the lines a later revision replaced: read, and still in
    /// the file, but not among `records`.
    pub superseded: Vec<RecordId>,
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

/// The longest journal line read, in bytes: far more than any record
/// (notes are at most a few thousand characters), and little enough to
/// hold. A longer line is skipped as damaged without being held.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Reads the journal at `path`. A missing file is an empty journal;
/// anything but a regular file (a link, a named pipe, a device, a folder)
/// is an error.
pub fn load(path: &Path) -> io::Result<Loaded> {
    match crate::private_file::open_own_to_read(path) {
        Ok(file) => read_from(BufReader::new(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Loaded::default()),
        Err(e) => Err(e),
    }
}

/// Reads journal lines from `input`: a file, a pipe or bytes in memory,
/// a line at a time, holding at most [`MAX_LINE_BYTES`] of it, and
/// resolves the revisions of attacks and intakes.
pub fn read_from(input: impl BufRead) -> io::Result<Loaded> {
    let mut loaded = read_lines(input)?;
    let (records, superseded) = revision::resolve(std::mem::take(&mut loaded.records));
    loaded.records = records;
    loaded.superseded = superseded;
    Ok(loaded)
}

/// [`read_from`] without resolving revisions: every record line as it is,
/// for moving records from one file to another.
pub fn read_lines(mut input: impl BufRead) -> io::Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut line = Vec::new();
    let mut number = 0;
    while let Some(read) = next_line(&mut input, &mut line)? {
        number += 1;
        loaded.take(number, &line, read);
    }
    Ok(loaded)
}

/// How a line ended, beyond its bytes.
#[derive(Debug, Clone, Copy, Default)]
struct LineEnd {
    /// It ended with a newline (not cut off by the end of the file).
    complete: bool,
    /// It was longer than [`MAX_LINE_BYTES`]; its bytes were not kept.
    too_long: bool,
    /// NUL bytes at its start, which were left out.
    nuls: bool,
}

/// Reads the next line into `line`, without its newline and without the
/// NUL bytes at its start (what a crash leaves where a record was being
/// written, glued to the record after it). `None` at the end of input.
fn next_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<LineEnd>> {
    line.clear();
    let mut end = LineEnd::default();
    let mut started = false;
    let mut at_start = true;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok(started.then_some(end));
        }
        started = true;
        let newline = buffer.iter().position(|&b| b == b'\n');
        let mut piece = &buffer[..newline.unwrap_or(buffer.len())];
        let used = piece.len() + usize::from(newline.is_some());
        if at_start {
            let zeros = piece.iter().take_while(|&&b| b == 0).count();
            end.nuls |= zeros > 0;
            piece = &piece[zeros..];
            at_start = piece.is_empty();
        }
        if !end.too_long {
            if line.len() + piece.len() > MAX_LINE_BYTES {
                end.too_long = true;
                line.clear();
                line.shrink_to(MAX_LINE_BYTES);
            } else {
                line.extend_from_slice(piece);
            }
        }
        input.consume(used);
        if newline.is_some() {
            end.complete = true;
            return Ok(Some(end));
        }
    }
}

/// `bytes` without what may come before a record on its line: NUL bytes,
/// a byte-order mark (an editor's), spaces.
fn trimmed(mut bytes: &[u8]) -> &[u8] {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    loop {
        let before = bytes.len();
        bytes = bytes.trim_ascii_start();
        bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let zeros = bytes.iter().take_while(|&&b| b == 0).count();
        bytes = &bytes[zeros..];
        if bytes.len() == before {
            return bytes.trim_ascii_end();
        }
    }
}

/// Just enough of a record to see which format wrote it.
#[derive(Deserialize)]
struct VersionOnly {
    version: u64,
}

impl Loaded {
    fn take(&mut self, line: usize, bytes: &[u8], end: LineEnd) {
        let complete = end.complete;
        if end.too_long {
            let reason = "it is longer than 64 KiB, longer than any record".to_owned();
            return self.problems.push(LineProblem { line, reason });
        }
        let text = trimmed(bytes);
        if text.is_empty() {
            // A blank line is nothing; NUL bytes alone are what a crash
            // leaves where a record was being written: say so.
            let reason = if end.nuls || bytes.contains(&0) {
                "it holds only NUL bytes, which a crash can leave where a record was being written"
            } else if !bytes.trim_ascii().is_empty() {
                "it holds only a byte-order mark, no record"
            } else {
                return;
            };
            let reason = reason.to_owned();
            return self.problems.push(LineProblem { line, reason });
        }
        let error = match Record::from_json(text) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{CheckIn, Rating};

    fn record(pain: u8) -> String {
        Record::from(CheckIn {
            pain: Rating::new(pain),
            ..CheckIn::new(crate::journal::now())
        })
        .to_line()
    }

    #[test]
    fn nul_bytes_and_a_byte_order_mark_before_a_record_are_left_out() {
        let (one, two, three) = (record(1), record(2), record(3));
        let text = format!(
            "\u{feff}{one}\n{}{two}\n\0\0\0\0\n\u{feff}\0{three}\n",
            "\0".repeat(4096)
        );
        let loaded = read_from(text.as_bytes()).unwrap();
        assert_eq!(loaded.records.len(), 3, "{:?}", loaded.problems);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.problems[0].line, 3);
        assert!(loaded.problems[0].reason.contains("only NUL bytes"));
    }

    #[test]
    fn a_line_longer_than_64_kib_is_skipped_without_being_held() {
        let long = "x".repeat(MAX_LINE_BYTES + 1);
        let at_most = format!("{{\"note\":\"{}\"}}", "y".repeat(MAX_LINE_BYTES - 11));
        assert_eq!(at_most.len(), MAX_LINE_BYTES);
        let text = format!(
            "{long}\n{}\n{at_most}\n{}",
            record(4),
            "z".repeat(10 * MAX_LINE_BYTES)
        );
        let loaded = read_from(BufReader::with_capacity(1000, text.as_bytes())).unwrap();
        assert_eq!(loaded.records.len(), 1);
        let reasons: Vec<(usize, &str)> = loaded
            .problems
            .iter()
            .map(|p| (p.line, p.reason.as_str()))
            .collect();
        assert_eq!(
            reasons[0],
            (1, "it is longer than 64 KiB, longer than any record")
        );
        assert!(
            reasons[1].0 == 3 && reasons[1].1.starts_with("it is not a journal record"),
            "{reasons:?}"
        );
        assert_eq!(
            reasons[2],
            (4, "it is longer than 64 KiB, longer than any record")
        );
    }

    #[test]
    fn a_line_of_only_a_byte_order_mark_is_reported_and_a_blank_one_is_not() {
        let loaded = read_from("\u{feff}\n   \n\n".as_bytes()).unwrap();
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.problems[0].line, 1);
    }
}
