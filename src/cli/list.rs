//! `stillpoint list`: every routine the library has, one line each (the
//! name to type, the title, the length, where it comes from), or as JSON.
//! A routine file that cannot be used is named on stderr, never dropped
//! silently.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::ValueEnum;
use serde::Serialize;
use serde_json::Value;

use super::exit;
use super::journal::{config, print};
use super::text::{columns, one_line};
use crate::library::{self, BUNDLED, Origin};
use crate::routine::duration::format as length;
use crate::routine::source;
use crate::routine::{self, Routine, RoutineSource};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One routine a line: name, title, length, where it comes from.
    Table,
    /// A JSON array of objects: name, title, seconds, steps, origin
    /// (bundled, user or config) and path (null for bundled routines).
    Json,
}

/// One routine as the list shows it.
#[derive(Debug, Serialize)]
struct Listed {
    /// What to type after `stillpoint play`.
    name: String,
    title: String,
    #[serde(skip)]
    total: Duration,
    seconds: Value,
    steps: usize,
    origin: &'static str,
    path: Option<PathBuf>,
}

pub fn run(args: &Args) -> u8 {
    let config = match config() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let mut listed: Vec<Listed> = BUNDLED
        .iter()
        .filter_map(|(name, text)| {
            let source = RoutineSource::bundled(name, text);
            let routine = routine::parse(&source).routine?;
            Some(entry(&source, &routine, Origin::Bundled, None))
        })
        .collect();
    for (origin, folder) in library::user_folders(&config.routine_folders) {
        for path in library::user_files(&folder) {
            match usable(&path) {
                Some((source, routine)) => {
                    listed.push(entry(&source, &routine, origin, Some(path)));
                }
                None => eprintln!(
                    "warning: {} is not a routine that can be played, so it is not listed; \
                     `stillpoint check {}` shows why",
                    path.display(),
                    shell_word(&path)
                ),
            }
        }
    }
    let text = match args.format {
        ListFormat::Table => table(&listed),
        ListFormat::Json => match serde_json::to_string_pretty(&listed) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("error: could not write the list as JSON: {e}");
                return exit::ENVIRONMENT;
            }
        },
    };
    match print(&text) {
        Ok(()) => exit::OK,
        Err(code) => code,
    }
}

/// The routine in the file at `path`, if it reads and has no errors.
fn usable(path: &Path) -> Option<(RoutineSource, Routine)> {
    let source = source::read(path).ok()?;
    let routine = routine::parse(&source).routine?;
    Some((source, routine))
}

fn entry(
    source: &RoutineSource,
    routine: &Routine,
    origin: Origin,
    path: Option<PathBuf>,
) -> Listed {
    Listed {
        name: library::stem(source).to_owned(),
        title: routine.title.clone(),
        total: routine.total(),
        seconds: seconds(routine.total()),
        steps: routine.steps.len(),
        origin: origin.name(),
        path,
    }
}

/// Whole seconds as an integer, halves (breathing) as a fraction.
fn seconds(duration: Duration) -> Value {
    if duration.subsec_nanos() == 0 {
        Value::from(duration.as_secs())
    } else {
        Value::from(duration.as_secs_f64())
    }
}

/// Aligned columns under a header; the length as `plan` and the library
/// write it.
fn table(listed: &[Listed]) -> String {
    let mut rows = vec![
        ["Name", "Title", "Length", "From"]
            .map(str::to_owned)
            .to_vec(),
    ];
    rows.extend(listed.iter().map(|l| {
        vec![
            one_line(&l.name, 40),
            one_line(&l.title, 80),
            length(l.total),
            l.path.as_ref().map_or_else(
                || l.origin.to_owned(),
                |p| one_line(&p.display().to_string(), 200),
            ),
        ]
    }));
    columns(&rows, &[2])
}

/// `path` as one word to paste into a shell: quoted when it needs to be.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:,@%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(
            shell_word(Path::new("/r/desk-reset.toml")),
            "/r/desk-reset.toml"
        );
        assert_eq!(
            shell_word(Path::new("/r/my routine.toml")),
            "'/r/my routine.toml'"
        );
        assert_eq!(shell_word(Path::new("/r/it's.toml")), r"'/r/it'\''s.toml'");
    }

    #[test]
    fn seconds_are_whole_unless_a_half_is_in_them() {
        assert_eq!(seconds(Duration::from_secs(305)).to_string(), "305");
        assert_eq!(seconds(Duration::from_millis(90_500)).to_string(), "90.5");
    }
}
