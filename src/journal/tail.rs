//! The end of the journal only: the records written since a day, read
//! backwards from the end of the file, so that a question about this week
//! (`stillpoint due`) costs the same with ten records or a hundred
//! thousand.

use std::fs::File;
use std::io::{self, Cursor};
use std::os::unix::fs::FileExt;
use std::path::Path;

use chrono::NaiveDate;

use super::{Loaded, Record, read_from};

/// How much is read at a time, going back.
const CHUNK: u64 = 64 * 1024;

/// Lines older than the day, one after the other, that end the search: a
/// few records written out of order (a check-in about yesterday) are not
/// taken for the start of the week.
const OLDER_IN_A_ROW: usize = 20;

/// The records of the journal at `path` from `since` on (by the local date
/// each was written for), with the revisions among them resolved; a
/// missing journal is an empty one.
pub fn since(path: &Path, since: NaiveDate) -> io::Result<Loaded> {
    let file = match crate::private_file::open_own_to_read(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::default()),
        Err(e) => return Err(e),
    };
    let bytes = tail(&file, since)?;
    read_from(Cursor::new(bytes))
}

/// The bytes from the first line of the run that reaches `since` to the
/// end of the file.
fn tail(file: &File, since: NaiveDate) -> io::Result<Vec<u8>> {
    let len = file.metadata()?.len();
    let mut held: Vec<u8> = Vec::new();
    let mut start = len;
    let mut older = 0;
    // `held` is the file from `start` to its end. Lines are looked at from
    // the last one back; `checked` is where the lines looked at begin.
    let mut checked = held.len();
    loop {
        let complete_from = if start == 0 {
            0
        } else {
            first_newline(&held).map_or(held.len(), |n| n + 1)
        };
        while checked > complete_from {
            let line_end = checked;
            let line_start = held[complete_from..line_end.saturating_sub(1)]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(complete_from, |p| complete_from + p + 1);
            let line = &held[line_start..line_end];
            checked = line_start;
            match Record::from_json(trim_newline(line)) {
                Ok(record) if record.local_date() < since => {
                    older += 1;
                    if older >= OLDER_IN_A_ROW {
                        return Ok(held.split_off(line_end));
                    }
                }
                Ok(_) => older = 0,
                Err(_) => {}
            }
        }
        if start == 0 {
            return Ok(held);
        }
        let read = CHUNK.min(start);
        start -= read;
        let mut chunk = vec![0u8; read as usize];
        file.read_exact_at(&mut chunk, start)?;
        checked += chunk.len();
        chunk.extend_from_slice(&held);
        held = chunk;
    }
}

fn first_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

fn trim_newline(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}
