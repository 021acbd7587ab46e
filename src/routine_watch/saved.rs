//! A watched routine file read again after a save: a version to play, or
//! its mistakes as `stillpoint check` words them, for the player to show
//! while the last good version plays on.

use std::path::Path;

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
pub enum Saved {
    Playable(Box<Version>),
    /// It cannot be played: its mistakes, one line of `check`'s report a
    /// line (the worst first), for as long as it stays so.
    Mistakes(Vec<String>),
}

/// Reads the routine file at `file` again.
pub fn read(file: &Path) -> Saved {
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
