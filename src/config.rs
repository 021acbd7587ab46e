//! The config file, `$XDG_CONFIG_HOME/stillpoint/config.toml` (or the file
//! `STILLPOINT_CONFIG` names): volume, theme, motion, routine folders,
//! weekly goal, audio device and whether to ask for check-ins. A missing
//! file means the defaults; a wrong one is reported like a routine, with
//! the line, a caret and how to fix it.
//!
//! Settings are chosen flag, then environment, then config file, then
//! default: see [`resolve`].

mod parse;
mod precedence;
pub mod remembered;
mod values;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::diagnostic::{Diagnostic, Report};

pub use precedence::{EnvError, resolve, resolve_from, vars};
pub use values::{BadValue, QuietAfter, ReadingSpeed, Theme, Volume, WeeklyGoal};

/// The largest config file read; anything bigger is surely not one.
const MAX_BYTES: u64 = 256 * 1024;

/// The person's settings, with defaults for whatever the file leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Output volume, 0–100 (default 70).
    pub volume: Volume,
    /// `auto` (default: dim or light from the terminal's background),
    /// `dim`, `light`, `contrast` or `mono`.
    pub theme: Theme,
    /// Calm text instead of animation (default false).
    pub reduced_motion: bool,
    /// More folders of routines. `~/` is the home folder; a relative path
    /// is taken from the config file's folder.
    pub routine_folders: Vec<PathBuf>,
    /// Sessions a week to aim for, 1–21 (default 3).
    pub weekly_goal: WeeklyGoal,
    /// The audio device to play on; `None` is the system default.
    pub audio_device: Option<String>,
    /// Ask for pain before and after each session (default true).
    pub checkin: bool,
    /// Spoken guidance when a voice is available (default true).
    pub voice: bool,
    /// A speech engine of the person's own: a shell command that reads
    /// text on stdin and writes a WAV to stdout. `None`: eSpeak NG.
    pub voice_command: Option<String>,
    /// The voice says each breath's phase too (default false).
    pub voice_breaths: bool,
    /// The reading speed `play --plain` leaves room for, in words a
    /// minute (default 180).
    pub reading_words_a_minute: ReadingSpeed,
    /// The routine `!` in the library offers for a headache now: a file
    /// path, a file stem or a title (default `neck-shoulders-temples`).
    pub relief_routine: String,
    /// From this time of day `stillpoint due` says nothing (default "21:00").
    pub quiet_after: QuietAfter,
    /// Show the streak of days with a session (default true).
    pub streak: bool,
}

/// The relief routine when the config names none: the bundled neck,
/// shoulders and temples one.
pub const DEFAULT_RELIEF_ROUTINE: &str = "neck-shoulders-temples";

impl Default for Config {
    fn default() -> Self {
        Self {
            volume: Volume::default(),
            theme: Theme::default(),
            reduced_motion: false,
            routine_folders: Vec::new(),
            weekly_goal: WeeklyGoal::default(),
            audio_device: None,
            checkin: true,
            voice: true,
            voice_command: None,
            voice_breaths: false,
            reading_words_a_minute: ReadingSpeed::default(),
            relief_routine: DEFAULT_RELIEF_ROUTINE.to_owned(),
            quiet_after: QuietAfter::default(),
            streak: true,
        }
    }
}

/// Why the config could not be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file exists but could not be read.
    #[error("{}", unreadable(path, source))]
    Unreadable { path: PathBuf, source: io::Error },
    /// The file was read but has mistakes; every one is listed.
    #[error("{}", reports(path, text, diagnostics))]
    Invalid {
        path: PathBuf,
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl Config {
    /// Reads the config from `STILLPOINT_CONFIG` or
    /// `$XDG_CONFIG_HOME/stillpoint/config.toml`; the defaults if there is
    /// no such file (or no home folder to look in).
    pub fn load() -> Result<Self, ConfigError> {
        match crate::paths::config_path() {
            Some(path) => Self::load_from(&path),
            None => Ok(Self::default()),
        }
    }

    /// Reads the config file at `path`; the defaults if it does not exist.
    pub fn load_from(path: &Path) -> Result<Self, ConfigError> {
        let text = match read_text(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(ConfigError::Unreadable {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        match parse::parse(&text) {
            Ok(config) => Ok(config.resolve_folders(path.parent().unwrap_or(Path::new(".")))),
            Err(diagnostics) => Err(ConfigError::Invalid {
                path: path.to_owned(),
                text,
                diagnostics,
            }),
        }
    }

    /// Parses config text, without resolving its routine folders.
    pub fn parse(text: &str) -> Result<Self, Vec<Diagnostic>> {
        parse::parse(text)
    }

    /// Makes each routine folder absolute: `~/x` under the home folder,
    /// relative paths under `base`.
    fn resolve_folders(mut self, base: &Path) -> Self {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        for folder in &mut self.routine_folders {
            if let (Ok(rest), Some(home)) = (folder.strip_prefix("~"), &home) {
                *folder = home.join(rest);
            } else if folder.is_relative() {
                *folder = base.join(&*folder);
            }
        }
        self
    }
}

/// The config file's text: only a regular file (a link to one is fine: a
/// dotfile manager makes those), never waited on if it is a named pipe, at
/// most 256 KiB, in UTF-8.
fn read_text(path: &Path) -> io::Result<String> {
    let file = crate::private_file::open_to_read(path)?;
    let bytes = crate::private_file::read_at_most(&file, MAX_BYTES).map_err(|e| {
        if e.kind() == io::ErrorKind::FileTooLarge {
            io::Error::other("it is larger than 256 KiB, too large to be a config file")
        } else {
            e
        }
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("it is not UTF-8 text (line {line})"),
        )
    })
}

fn unreadable(path: &Path, source: &io::Error) -> String {
    let words = crate::journal::plain_words(source, crate::journal::Access::Read);
    let d = Diagnostic::error(format!("cannot read the config file: {words}")).help(format!(
        "fix or remove the file, or set {} to another one",
        crate::paths::CONFIG_VAR
    ));
    Report {
        path: &path.display().to_string(),
        text: "",
        diagnostic: &d,
    }
    .to_string()
}

fn reports(path: &Path, text: &str, diagnostics: &[Diagnostic]) -> String {
    let path = path.display().to_string();
    let mut shown = String::new();
    let (listed, more) = crate::diagnostic::bounded(&path, diagnostics);
    for diagnostic in listed {
        let report = Report {
            path: &path,
            text,
            diagnostic,
        };
        // Writing to a String cannot fail.
        let _ = fmt::write(&mut shown, format_args!("{report}"));
    }
    if let Some(more) = more {
        shown.push_str(&more);
        shown.push('\n');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        assert_eq!(Config::parse(""), Ok(Config::default()));
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
volume = 35
theme = "mono"
reduced_motion = true
routine_folders = ["~/r", "/abs", "rel"]
weekly_goal = 5
audio_device = "hw:1"
checkin = false
reading_words_a_minute = 120
relief_routine = "still-point"
"#;
        let config = Config::parse(text).unwrap();
        assert_eq!(config.reading_words_a_minute.words_a_minute(), 120);
        assert_eq!(config.relief_routine, "still-point");
        assert_eq!(Config::default().relief_routine, "neck-shoulders-temples");
        assert_eq!(config.volume.percent(), 35);
        assert_eq!(config.theme, Theme::Mono);
        assert!(config.reduced_motion);
        assert_eq!(config.weekly_goal.sessions(), 5);
        assert_eq!(config.audio_device.as_deref(), Some("hw:1"));
        assert!(!config.checkin);
        let resolved = config.resolve_folders(Path::new("/etc/sp"));
        assert_eq!(resolved.routine_folders[1], PathBuf::from("/abs"));
        assert_eq!(resolved.routine_folders[2], PathBuf::from("/etc/sp/rel"));
    }

    #[test]
    fn every_mistake_is_reported_with_its_place() {
        let text = "volum = 35\ntheme = \"bright\"\nweekly_goal = 0\ncheckin = true\n";
        let diagnostics = Config::parse(text).unwrap_err();
        let shown: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let span = d.span.clone().unwrap();
                format!(
                    "{} @ {} | {}",
                    d.message,
                    &text[span],
                    d.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "unknown key `volum` in the config @ volum | did you mean `volume`?",
                "`theme` must be \"auto\", \"dim\", \"light\", \"contrast\" or \"mono\" @ \"bright\" | for example `theme = \"dim\"`",
                "`weekly_goal` must be a whole number of sessions from 1 to 21 @ 0 | for example `weekly_goal = 3`",
            ]
        );
    }

    #[test]
    fn syntax_errors_point_at_the_line() {
        let diagnostics = Config::parse("volume = \n").unwrap_err();
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .message
                .starts_with("the config is not valid TOML")
        );
        assert!(diagnostics[0].span.is_some());
    }
}
