//! A watched routine file read again after a save: a version to play, or
//! its mistakes as `stillpoint check` words them, for the player to show
//! while the last good version plays on.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Report, bounded};
use crate::routine::{self, Routine, RoutineSource, source};

/// A version of the routine that can be played.
#[derive(Debug)]
pub struct Version {
    pub source: RoutineSource,
    pub routine: Routine,
    /// How many warnings `check` has for it.
    pub warnings: usize,
}

/// What a saved routine file holds now.
#[derive(Debug)]
enum Saved {
    Playable(Box<Version>),
    /// It cannot be played: its mistakes, one line of `check`'s report a
    /// line (the worst first), for as long as it stays so.
    Mistakes(Vec<String>),
}

/// A watched routine file and what was last read from it.
#[derive(Debug)]
pub struct WatchedFile {
    file: PathBuf,
    /// The text of the version playing, to tell a change from a save of
    /// the same.
    text: String,
    /// The mistakes of the file as last saved, while it has some.
    mistakes: Option<Vec<String>>,
}

/// What a save of a watched file changes.
#[derive(Debug)]
pub enum Reread {
    /// Nothing: the same text as the version playing.
    Same,
    /// The file has mistakes now (see [`WatchedFile::mistakes`]).
    Mistakes,
    /// A new version to play.
    Changed(Box<Version>),
}

impl WatchedFile {
    /// The file at `file`, whose version playing has `text`.
    pub fn new(file: PathBuf, text: String) -> Self {
        Self {
            file,
            text,
            mistakes: None,
        }
    }

    /// The mistakes of the file as last saved, while it has some.
    pub fn mistakes(&self) -> Option<&[String]> {
        self.mistakes.as_deref()
    }

    /// The file was saved: reads it again. A version with mistakes
    /// fixed is new even if its text is the one playing.
    pub fn reread(&mut self) -> Reread {
        match read(&self.file) {
            Saved::Mistakes(lines) => {
                self.mistakes = Some(lines);
                Reread::Mistakes
            }
            Saved::Playable(version) => {
                let fixed = self.mistakes.take().is_some();
                if version.source.text == self.text && !fixed {
                    return Reread::Same;
                }
                self.text.clone_from(&version.source.text);
                Reread::Changed(version)
            }
        }
    }
}

/// Reads the routine file at `file` again.
fn read(file: &Path) -> Saved {
    let shown = file.display().to_string();
    let source = match source::read(file) {
        Ok(source) => source,
        Err(failure) => {
            return Saved::Mistakes(lines(&shown, &failure.text, &[failure.diagnostic]));
        }
    };
    let parsed = routine::parse(&source);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(parsed.for_author);
    match parsed.routine {
        Some(routine) => Saved::Playable(Box::new(Version {
            warnings: diagnostics.len(),
            source,
            routine,
        })),
        None => {
            // Errors before warnings, each in the order of the file.
            diagnostics.sort_by_key(|d| (!d.is_error(), d.span.as_ref().map_or(0, |s| s.start)));
            Saved::Mistakes(lines(&source.name, &source.text, &diagnostics))
        }
    }
}

/// The report `check` prints for `diagnostics` of the file `path` with
/// `text`, line by line, without the blank lines between findings.
fn lines(path: &str, text: &str, diagnostics: &[crate::diagnostic::Diagnostic]) -> Vec<String> {
    let (shown, more) = bounded(path, diagnostics);
    let mut lines: Vec<String> = shown
        .iter()
        .flat_map(|diagnostic| {
            let report = Report {
                path,
                text,
                diagnostic,
            };
            report
                .to_string()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    lines.extend(more);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_file_reads_as_the_lines_check_prints_with_the_line_number() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        let text = "stillpoint = 1\ntitle = \"R\"\n\n[[step]]\ntitle = \"A\"\nkind = \"rest\"\nduration = \"ten\"\ninstructions = \"Rest.\"\n";
        std::fs::write(&file, text).unwrap();
        let Saved::Mistakes(lines) = read(&file) else {
            panic!("a broken file played");
        };
        let shown = file.display().to_string();
        let expected = format!("--> {shown}:7:");
        assert!(lines[0].starts_with("error: "), "{lines:#?}");
        assert!(lines[1].contains(&expected), "{lines:#?}");
        assert!(lines[3].starts_with("7 | duration = \"ten\""), "{lines:#?}");
        assert!(lines.iter().all(|l| !l.is_empty()), "{lines:#?}");
    }

    #[test]
    fn a_missing_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let Saved::Mistakes(lines) = read(&dir.path().join("gone.toml")) else {
            panic!("a missing file played");
        };
        assert!(lines[0].contains("no routine file at"), "{lines:#?}");
    }
}
