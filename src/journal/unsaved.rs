//! TEMPORARY: replaced by the recovery-file module from the files branch.

use std::path::PathBuf;

use super::{Journal, Record};

impl Journal {
    pub fn keep_unsaved(&self, record: &Record) -> std::io::Result<PathBuf> {
        let path = self.path().with_file_name("journal.unsaved.jsonl");
        let mut line = record.to_line();
        line.push('\n');
        super::write::append_line(&path, line.as_bytes())?;
        Ok(path)
    }
}
