//! A session that has ended, and the one place a session becomes a
//! journal record.

use chrono::{DateTime, FixedOffset};

use super::Ending;
use crate::journal::{Outcome, Rating, Record, RoutineRef, Session};
use crate::session::{self, Summary};

/// Everything the record of an ended session needs but the check-out.
#[derive(Debug, Clone, PartialEq)]
pub struct Over {
    pub routine: RoutineRef,
    pub summary: Summary,
    /// How it was ended from outside, if it was.
    pub ending: Option<Ending>,
    pub started: DateTime<FixedOffset>,
    /// The moment the session ended, not when its record was made.
    pub ended: DateTime<FixedOffset>,
    pub pain_before: Option<u8>,
    /// Whether sound could be heard when it ended.
    pub audio: bool,
    /// Whether the voice spoke in it.
    pub voice: bool,
}

impl Over {
    /// Whether to ask how the person feels now: after a session that
    /// played out, was skipped through, or was ended with q; never after a
    /// Ctrl-C or a signal, which save at once.
    pub fn asks_checkout(&self) -> bool {
        self.ending.is_none_or(Ending::asks_checkout)
    }

    /// The journal record, with the check-out's answers.
    pub fn record(&self, pain_after: Option<u8>, note: Option<&str>) -> Record {
        let outcome = match self.summary.outcome {
            session::Outcome::Completed => Outcome::Completed,
            session::Outcome::Skipped => Outcome::EndedEarly {
                reason: crate::journal::EndReason::Skipped,
            },
            session::Outcome::EndedEarly => Outcome::EndedEarly {
                reason: self.ending.unwrap_or(Ending::Quit).reason(),
            },
        };
        let seconds = |d: std::time::Duration| u32::try_from(d.as_secs()).unwrap_or(u32::MAX);
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let summary = &self.summary;
        Session {
            planned_seconds: seconds(summary.planned),
            active_seconds: seconds(summary.position),
            paused_seconds: seconds(summary.paused),
            steps_done: count(summary.steps_done),
            steps_total: count(summary.steps_total),
            skipped_steps: summary.skipped.iter().map(|&s| count(s + 1)).collect(),
            pain_before: self.pain_before.and_then(Rating::new),
            pain_after: pain_after.and_then(Rating::new),
            note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
            audio: self.audio,
            voice: self.voice,
            ..Session::new(self.routine.clone(), self.started, self.ended, outcome)
        }
        .into()
    }
}
