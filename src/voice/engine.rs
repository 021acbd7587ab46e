//! The speech engine: eSpeak NG found at run time, or the person's own
//! `voice_command` (text on stdin, a WAV on stdout). Each phrase is one run
//! of the engine, given at most [`TIME_LIMIT`]; what it prints on stderr is
//! kept for the message, never shown behind the screen.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use thiserror::Error;

use super::WORDS_A_MINUTE;
use super::wav_in::{self, NotWav, Speech};

/// The longest one phrase may take to synthesise.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The most a phrase may be, as a WAV: minutes of speech.
const MAX_WAV_BYTES: u64 = 32 << 20;
/// How much of what the engine prints on stderr is kept for the message.
const MAX_ERROR_BYTES: u64 = 4096;
/// The voice spoken when the routine's language has none.
pub const DEFAULT_VOICE: &str = "en";

/// Why a phrase could not be spoken.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EngineError {
    #[error("no espeak-ng")]
    Missing,
    #[error("the voice command could not start: {0}")]
    Start(String),
    #[error("the speech engine took longer than {}s", TIME_LIMIT.as_secs())]
    TimedOut,
    #[error("the speech engine failed: {0}")]
    Failed(String),
    #[error("the speech engine wrote more than 32 MiB for one phrase")]
    TooLong,
    #[error(transparent)]
    NotWav(#[from] NotWav),
}

/// A way to turn text into speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    Espeak { program: PathBuf, voice: String },
    Command(String),
}

impl Engine {
    /// The person's `voice_command` if they gave one, else eSpeak NG from
    /// `PATH` speaking `language` (or English when it has no such voice:
    /// the second value says so).
    pub fn choose(
        command: Option<&str>,
        language: Option<&str>,
    ) -> Result<(Engine, Option<String>), EngineError> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        Engine::choose_in(&path, command, language)
    }

    /// [`Engine::choose`] with eSpeak NG looked for in `path`.
    fn choose_in(
        path: &OsStr,
        command: Option<&str>,
        language: Option<&str>,
    ) -> Result<(Engine, Option<String>), EngineError> {
        if let Some(command) = command {
            return Ok((Engine::Command(command.to_owned()), None));
        }
        let program = find_in_path("espeak-ng", path).ok_or(EngineError::Missing)?;
        let wanted = language.unwrap_or(DEFAULT_VOICE).to_lowercase();
        let known = espeak_voices(&program);
        let (voice, note) = if wanted == DEFAULT_VOICE || known.contains(&wanted) {
            (wanted, None)
        } else {
            let primary = wanted.split('-').next().unwrap_or(DEFAULT_VOICE).to_owned();
            if known.contains(&primary) {
                (primary, None)
            } else {
                let note =
                    format!("espeak-ng has no voice for \"{wanted}\"; English speaks instead");
                (DEFAULT_VOICE.to_owned(), Some(note))
            }
        };
        Ok((Engine::Espeak { program, voice }, note))
    }

    /// What names this engine and its settings in the cache: the same text
    /// spoken by another engine or voice is another phrase.
    pub fn id(&self) -> String {
        match self {
            Engine::Espeak { voice, .. } => format!("espeak-ng -v {voice} -s {WORDS_A_MINUTE}"),
            Engine::Command(command) => format!("command {command}"),
        }
    }

    /// `text` spoken: the WAV the engine wrote, checked, and its samples.
    pub fn speak(&self, text: &str) -> Result<(Vec<u8>, Speech), EngineError> {
        let command = match self {
            Engine::Espeak { program, voice } => {
                let mut c = espeak(program);
                c.args(["--stdout", "-v", voice, "-s"])
                    .arg(WORDS_A_MINUTE.to_string())
                    .arg("--stdin");
                c
            }
            Engine::Command(line) => {
                let mut c = Command::new("/bin/sh");
                c.arg("-c").arg(line);
                c
            }
        };
        let wav = run(command, text, TIME_LIMIT)?;
        let speech = wav_in::read(&wav)?;
        Ok((wav, speech))
    }
}

/// Runs `command` with `text` on its stdin and returns its stdout, within
/// `limit`; a command that overruns is killed with everything it started.
fn run(mut command: Command, text: &str, limit: Duration) -> Result<Vec<u8>, EngineError> {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = command
        .spawn()
        .map_err(|e| EngineError::Start(e.to_string()))?;
    let input = child.stdin.take();
    let text = text.to_owned();
    thread::spawn(move || {
        if let Some(mut input) = input {
            let _ = input.write_all(text.as_bytes());
        }
    });
    let output = reader(child.stdout.take(), MAX_WAV_BYTES);
    let errors = reader(child.stderr.take(), MAX_ERROR_BYTES);
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            _ => {
                kill(&mut child);
                return Err(EngineError::TimedOut);
            }
        }
    };
    if !status.success() {
        let said = errors.join().unwrap_or_default();
        let said = String::from_utf8_lossy(&said);
        let first = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let why = match status.code() {
            Some(code) => format!("it exited with status {code}"),
            None => "it was stopped by a signal".to_owned(),
        };
        return Err(EngineError::Failed(if first.is_empty() {
            why
        } else {
            format!("{why}: {}", first.trim())
        }));
    }
    let wav = output.join().unwrap_or_default();
    if wav.len() as u64 > MAX_WAV_BYTES {
        return Err(EngineError::TooLong);
    }
    Ok(wav)
}

/// Reads up to one byte more than `most` from `pipe` on a thread of its
/// own, so a chatty stderr cannot stall the engine.
fn reader(pipe: Option<impl Read + Send + 'static>, most: u64) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(pipe) = pipe {
            let _ = pipe.take(most + 1).read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Kills the engine's whole process group and reaps it.
fn kill(child: &mut Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals that process group,
        // which `process_group(0)` made for this child alone.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.wait();
}

/// The executable called `name` in `PATH`.
fn find_in_path(name: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// eSpeak NG, to be given its arguments. It starts PulseAudio's client
/// even to write to stdout, which would look for a server and leave a
/// folder in the person's config; it plays nothing, so it is given none.
fn espeak(program: &Path) -> Command {
    let mut c = Command::new(program);
    c.env("PULSE_SERVER", "unix:/nonexistent");
    c
}

/// The languages eSpeak NG has voices for, lowercased ("en", "de", "pt-br").
fn espeak_voices(program: &Path) -> Vec<String> {
    let mut list = espeak(program);
    list.arg("--voices");
    let Ok(listing) = run(list, "", TIME_LIMIT) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&listing)
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(1))
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
