//! Hand-made journals for the journal tests: records with chosen times and
//! ratings, and the real binary pointed at a private data folder.
// Each test file uses only some of these helpers.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Output, Stdio};

use assert_cmd::Command;
use chrono::{DateTime, FixedOffset};
use stillpoint::journal::{CheckIn, Journal, Outcome, Rating, Record, RoutineRef, Session};

/// A time written as RFC 3339, e.g. `2025-03-01T08:15:00+01:00`.
pub fn at(time: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(time).unwrap_or_else(|e| panic!("{time}: {e}"))
}

/// A completed session of `title` starting at `start`, `minutes` long,
/// with pain ratings before and after.
pub fn session(
    title: &str,
    start: &str,
    minutes: u32,
    before: Option<u8>,
    after: Option<u8>,
) -> Record {
    let start = at(start);
    let file = format!("{}.toml", title.to_lowercase().replace(' ', "-"));
    let routine = RoutineRef::new(title, Some(file), title);
    Session {
        planned_seconds: minutes * 60,
        active_seconds: minutes * 60,
        steps_done: 3,
        steps_total: 3,
        pain_before: before.and_then(Rating::new),
        pain_after: after.and_then(Rating::new),
        audio: true,
        ..Session::new(
            routine,
            start,
            start + chrono::Duration::minutes(minutes.into()),
            Outcome::Completed,
        )
    }
    .into()
}

/// A check-in at `time` with a pain rating.
pub fn checkin(time: &str, pain: u8) -> Record {
    CheckIn {
        pain: Rating::new(pain),
        ..CheckIn::new(at(time))
    }
    .into()
}

/// Appends every record to the journal in `dir`.
pub fn write_journal(dir: &Path, records: &[Record]) -> Journal {
    let journal = Journal::at(dir.join("journal.jsonl"));
    for record in records {
        journal
            .append(record.clone())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    journal
}

/// The real `stillpoint` binary with `dir` as its data folder and no
/// config file of the person running the tests.
pub fn stillpoint(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("stillpoint").expect("the binary is built");
    command
        .env("STILLPOINT_DATA_DIR", dir)
        .env("XDG_CONFIG_HOME", dir.join("config-home"))
        .env_remove("STILLPOINT_CONFIG")
        .env_remove("STILLPOINT_WEEKLY_GOAL")
        // A UTF-8 terminal, whatever runs the tests: the commands print
        // only ASCII on the Linux console and in other locales.
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE");
    command
}

/// Runs the real binary in `dir` with `args` in Europe/Berlin: its exit
/// code, standard output and standard error.
pub fn run_in_berlin(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = stillpoint(dir)
        .env("TZ", "Europe/Berlin")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Follows the bundled desk-tension program with `data` as the data
/// folder, as if it had been started on `started` (YYYY-MM-DD).
pub fn following_desk_tension(data: &Path, started: &str) {
    let out = stillpoint(data)
        .args(["program", "start", "desk-tension"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started_on(data, started);
}

/// Makes the program followed with `data` as the data folder look as if
/// it had been started on `started` (YYYY-MM-DD).
pub fn started_on(data: &Path, started: &str) {
    let file = data.join("program.json");
    let mut active: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    active["started"] = started.into();
    std::fs::write(&file, serde_json::to_string(&active).unwrap()).unwrap();
}

/// Makes the program ended `index`th (from 0) with `data` as the data
/// folder look as if it had ended at `ended` (RFC 3339).
pub fn ended_at(data: &Path, index: usize, ended: &str) {
    let file = data.join("programs-ended.json");
    let mut all: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    all[index]["ended"] = ended.into();
    std::fs::write(&file, serde_json::to_string(&all).unwrap()).unwrap();
}

/// Runs the real binary with `args` and `dir` as its data folder as user
/// nobody (the tests may run as root, whom file permissions do not stop),
/// or says why it cannot. Every folder on the way to `dir`, and the files
/// it reads, must be open to others.
pub fn as_nobody(dir: &Path, args: &[&str]) -> Result<Output, String> {
    let bin = env!("CARGO_BIN_EXE_stillpoint");
    let root = std::fs::metadata("/proc/self").map_err(|e| e.to_string())?;
    let mut command = if std::os::unix::fs::MetadataExt::uid(&root) == 0 {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        std::process::Command::new(bin)
    };
    command
        .args(args)
        .env("STILLPOINT_DATA_DIR", dir)
        .env("XDG_CONFIG_HOME", dir.join("config-home"))
        .env_remove("STILLPOINT_CONFIG")
        .stdin(Stdio::null());
    let output = command
        .output()
        .map_err(|e| format!("setpriv could not run: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("setpriv:") {
        return Err(format!("could not run the binary as nobody: {stderr}"));
    }
    Ok(output)
}

/// Whether a screen of the app still shows the journal's placeholder: an
/// ellipsis alone where the library's top line has the week's figures (a
/// line cut short ends in one too, but glued to its last word), or the
/// history reading the journal.
pub fn still_reading(screen: &str) -> bool {
    let top = screen.lines().next().unwrap_or_default();
    let last = top.split_whitespace().last().unwrap_or_default();
    screen.contains("Reading the journal") || last == "…" || last == "..."
}
