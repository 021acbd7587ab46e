//! The record of one played session.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::content_hash::content_hash;
use super::time_format;
use super::{Rating, RecordId, SESSION_FORMAT};

/// One session, as it is kept in the journal: what was played, when, for
/// how long, how it ended and how the person felt before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The journal format this record was written in ([`SESSION_FORMAT`]).
    pub version: u32,
    pub id: RecordId,
    pub routine: RoutineRef,
    /// When the session started, with the UTC offset in force there and then.
    #[serde(serialize_with = "time_format::serialize")]
    pub start: DateTime<FixedOffset>,
    /// When the session ended, with its UTC offset.
    #[serde(serialize_with = "time_format::serialize")]
    pub end: DateTime<FixedOffset>,
    /// How long the routine is meant to take, in seconds.
    pub planned_seconds: u32,
    /// How long the person actually spent in it, pauses left out.
    pub active_seconds: u32,
    /// How long the session was paused.
    pub paused_seconds: u32,
    /// Steps gone past with at least half of them played, of `steps_total`.
    pub steps_done: u32,
    pub steps_total: u32,
    /// Steps gone past with less than half played (skipped), counted from 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_steps: Vec<u32>,
    pub outcome: Outcome,
    pub pain_before: Option<Rating>,
    pub pain_after: Option<Rating>,
    pub note: Option<String>,
    /// Whether sound was playing; false when muted or no device was found.
    pub audio: bool,
    /// Whether the voice spoke; false when it was off or had no engine.
    /// Written only when true, so a record from before the voice reads and
    /// writes back exactly as it was.
    #[serde(default, skip_serializing_if = "is_false")]
    pub voice: bool,
    /// The attack going on when it started (the id of the attack's first
    /// record), if one was. Written only when there is one, so a record
    /// from before attacks reads and writes back exactly as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attack: Option<RecordId>,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl Session {
    /// A session of `routine` from `start` to `end` that ended as `outcome`,
    /// with a fresh id; every count is zero and no ratings are given. Set
    /// the rest with struct update syntax:
    ///
    /// ```
    /// # use stillpoint::journal::{Outcome, RoutineRef, Session};
    /// # let start = stillpoint::journal::now();
    /// let routine = RoutineRef::new("Desk reset", Some("desk-reset.toml".into()), "stillpoint = 1");
    /// let session = Session {
    ///     active_seconds: 540,
    ///     steps_done: 6,
    ///     steps_total: 6,
    ///     ..Session::new(routine, start, start, Outcome::Completed)
    /// };
    /// assert_eq!(session.minutes(), 9);
    /// ```
    pub fn new(
        routine: RoutineRef,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
        outcome: Outcome,
    ) -> Self {
        Self {
            version: SESSION_FORMAT,
            id: RecordId::generate(),
            routine,
            start,
            end,
            planned_seconds: 0,
            active_seconds: 0,
            paused_seconds: 0,
            steps_done: 0,
            steps_total: 0,
            skipped_steps: Vec::new(),
            outcome,
            pain_before: None,
            pain_after: None,
            note: None,
            audio: false,
            voice: false,
            attack: None,
        }
    }

    /// Whether this session was actually done, and so counts toward the
    /// weekly goal, the streak, the week rows and the relief figures: at
    /// least half of its planned time was played (time paused or skipped
    /// over is not played), however it ended. The one rule, used everywhere.
    pub fn counts(&self) -> bool {
        crate::session::played::enough(
            std::time::Duration::from_secs(self.active_seconds.into()),
            std::time::Duration::from_secs(self.planned_seconds.into()),
        )
    }

    /// Whole minutes of active time, rounded to the nearest.
    pub fn minutes(&self) -> u32 {
        (self.active_seconds + 30) / 60
    }

    /// Pain before minus pain after, when both were given: positive is relief.
    pub fn relief(&self) -> Option<i32> {
        Some(i32::from(self.pain_before?.get()) - i32::from(self.pain_after?.get()))
    }
}

/// Which routine a session played.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutineRef {
    pub title: String,
    /// The file as the person named it (`bundled:desk-reset.toml` for a
    /// routine built into the program), if it came from one.
    pub file: Option<String>,
    /// A fingerprint of the routine's text; see [`content_hash`].
    pub hash: String,
}

impl RoutineRef {
    /// The routine called `title`, read from `file`, whose text is `text`.
    pub fn new(title: impl Into<String>, file: Option<String>, text: &str) -> Self {
        Self {
            title: title.into(),
            file,
            hash: content_hash(text),
        }
    }

    /// The file's name without folder or `.toml`: `desk-reset` for
    /// `bundled:desk-reset.toml` or `~/r/desk-reset.toml`.
    pub fn file_stem(&self) -> Option<&str> {
        let file = self.file.as_deref()?;
        let name = file.rsplit(['/', '\\', ':']).next().unwrap_or(file);
        Some(name.strip_suffix(".toml").unwrap_or(name))
    }
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The routine played to its end.
    Completed,
    /// The session stopped before the end of the routine.
    EndedEarly { reason: EndReason },
}

/// Why a session ended before the routine did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The person chose to end it (q, then yes).
    Quit,
    /// Ctrl-C, as a key or as SIGINT.
    CtrlC,
    /// The program was told to stop (SIGTERM, SIGQUIT).
    Signal,
    /// The terminal closed (SIGHUP, or its input or output went away).
    TerminalClosed,
    /// The person skipped past the last step.
    Skipped,
    /// The program failed (an error it could not go on from).
    Failed,
}

impl Outcome {
    /// `completed` or `ended_early`, as in the CSV export.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::EndedEarly { .. } => "ended_early",
        }
    }

    /// Why the session ended early, if it did.
    pub fn reason(self) -> Option<EndReason> {
        match self {
            Outcome::Completed => None,
            Outcome::EndedEarly { reason } => Some(reason),
        }
    }
}

impl EndReason {
    /// `quit`, `ctrl_c`, `signal`, `terminal_closed`, `skipped` or `failed`.
    pub fn name(self) -> &'static str {
        match self {
            EndReason::Quit => "quit",
            EndReason::CtrlC => "ctrl_c",
            EndReason::Signal => "signal",
            EndReason::TerminalClosed => "terminal_closed",
            EndReason::Skipped => "skipped",
            EndReason::Failed => "failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_drop_folders_and_extension() {
        let stem = |file: &str| {
            RoutineRef::new("t", Some(file.into()), "")
                .file_stem()
                .map(str::to_owned)
        };
        assert_eq!(
            stem("bundled:desk-reset.toml").as_deref(),
            Some("desk-reset")
        );
        assert_eq!(stem("/home/a/r/Evening.toml").as_deref(), Some("Evening"));
        assert_eq!(stem("plain").as_deref(), Some("plain"));
    }

    #[test]
    fn outcomes_are_tagged_objects() {
        let early = Outcome::EndedEarly {
            reason: EndReason::Signal,
        };
        let json = serde_json::to_string(&early).unwrap();
        assert_eq!(json, r#"{"kind":"ended_early","reason":"signal"}"#);
        assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), early);
        assert_eq!(early.name(), "ended_early");
        assert_eq!(early.reason().map(EndReason::name), Some("signal"));
    }
}
