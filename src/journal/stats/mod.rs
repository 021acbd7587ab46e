//! What the journal says over time: the week rows (sessions, minutes,
//! paired relief, check-in pain, headache and medication days), the
//! streak, pain relief, the weekly goal and the days of a pain chart.
//!
//! Every function here is pure: it is given the records and today's date
//! (the caller's local date) and reads no clock. Each record carries its
//! own UTC offset, so the date a session counts for is the date on the
//! wall clock where it was played, wherever the person is now.

mod goal;
mod relief;
mod streak;
mod week_rows;
mod weeks;

pub use goal::GoalProgress;
pub use relief::{Average, Relief, RoutineRelief, relief};
pub use streak::streak;
pub use week_rows::{CheckinPain, DayPain, PairedRelief, WeekRow, week_rows};
pub use weeks::{Week, WeekTotal, this_week};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Record, Session};

/// Everything `stillpoint stats` and the history screen show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The last weeks up to this one, oldest first, empty ones included.
    pub weeks: Vec<WeekRow>,
    pub this_week: WeekTotal,
    pub goal: GoalProgress,
    /// Days in a row with a session, ending today or yesterday.
    pub streak: u32,
    /// Every session ever that counts ([`Session::counts`]).
    pub sessions: u32,
    /// Sessions recorded that do not count: skipped through or left early.
    pub not_counted: u32,
    /// Every check-in ever.
    pub checkins: u32,
    pub relief: Relief,
    /// Every day of the same weeks as `weeks` up to today, oldest first:
    /// what the diary says it was, its paired relief and check-in pain.
    pub days: Vec<DayPain>,
}

/// The summary of `records` as of `today`, over the last `weeks` weeks,
/// against a goal of `weekly_goal` sessions a week.
pub fn summarise(records: &[Record], today: NaiveDate, weeks: usize, weekly_goal: u8) -> Summary {
    let this_week = this_week(records, today);
    let sessions = sessions(records).count() as u32;
    let recorded = records.iter().filter_map(Record::as_session).count() as u32;
    let (days, weeks) = week_rows(records, today, weeks.max(1));
    Summary {
        goal: GoalProgress {
            done: this_week.sessions,
            goal: weekly_goal,
        },
        this_week,
        weeks,
        streak: streak(records, today),
        sessions,
        not_counted: recorded - sessions,
        checkins: records
            .iter()
            .filter(|r| matches!(r, Record::Checkin(_)))
            .count() as u32,
        relief: relief(records),
        days,
    }
}

/// The sessions among `records` that count ([`Session::counts`]): the
/// only ones any figure here is made of.
fn sessions(records: &[Record]) -> impl Iterator<Item = &Session> {
    records
        .iter()
        .filter_map(Record::as_session)
        .filter(|s| s.counts())
}
