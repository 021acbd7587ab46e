//! How a program was followed, for the therapist: each week's planned
//! sessions against those done, and the relief of each of its routines
//! over the program's weeks. Pure: handed the program followed, the
//! records, the last day to count and today.
//!
//! Only what was done is counted: a week not yet reached is to come, the
//! week the last day falls in is in progress, and a week with fewer
//! sessions than planned is just that ("2 of 3"), never a missed mark.
//! A program that ended (stopped, or replaced by another) by the last day
//! counts only the sessions begun before it ended, and has no weeks after
//! the one it ended in.

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use serde::Serialize;

use super::Program;
use super::done::done_of;
use super::schedule::{Done, Following, Place, first_day, place, week_progress};
use crate::journal::{Record, Session};

/// The program's figures, as of a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adherence {
    pub title: String,
    pub author: Option<String>,
    /// The day the person started following it.
    pub started: NaiveDate,
    /// The day week 1 begins: the start, or the Monday after it.
    pub first_day: NaiveDate,
    /// The last day of its last week.
    pub last_day: NaiveDate,
    /// How many weeks it plans; `weeks` lists fewer when it ended early.
    pub program_weeks: usize,
    /// The day it ended (`program stop`, or another started with
    /// `--replace`), when that was by the last day counted.
    pub ended: Option<NaiveDate>,
    /// The report's last day: the last day counted, but of a program that
    /// ended by then, which is counted up to its end.
    pub as_of: NaiveDate,
    /// Where the person was on that day.
    pub place: Where,
    /// Sessions planned in the weeks begun by that day (or by the day it
    /// ended), and how many of them were done.
    pub planned_so_far: u32,
    pub done_so_far: u32,
    /// Every week of the program, in order; of one that ended, the weeks
    /// up to the one it ended in.
    pub weeks: Vec<WeekPlan>,
    /// Each of its routines, in the program's order, over its weeks.
    pub relief: Vec<ProgramRelief>,
}

/// Where the person was in the program on the last day counted, or on
/// the day it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Where {
    /// Week 1 had not begun (a program that starts on a Monday).
    Before,
    /// In week `number` (from 1) of `weeks`.
    Week { number: usize, weeks: usize },
    /// Every week was over.
    Over,
}

/// How far a week had gone on the last day counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekState {
    /// Every day of it is over.
    Past,
    /// The last day counted falls in it, and the week is not yet over.
    InProgress,
    /// Not yet begun.
    ToCome,
    /// The program ended on a day of it.
    Stopped,
}

/// One week: what was planned, and what was done of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekPlan {
    /// From 1.
    pub number: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub state: WeekState,
    pub planned: u32,
    /// Planned sessions done (more of a routine than planned are not
    /// counted twice); none in a week to come.
    pub done: u32,
    /// Each routine the week plans, in the program's order.
    pub routines: Vec<RoutineWeek>,
}

/// One routine in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutineWeek {
    /// The routine's name as the program gives it.
    pub routine: String,
    pub planned: u32,
    pub done: u32,
}

/// The relief of one of the program's routines over the weeks begun:
/// each session's own pain before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramRelief {
    /// The routine's name as the program gives it.
    pub routine: String,
    /// Sessions of it done in the program's weeks, planned or not.
    pub sessions: u32,
    /// Of those, the ones with pain rated before and after.
    pub rated: u32,
    /// The means over the rated sessions.
    pub mean_pain_before: Option<f64>,
    pub mean_pain_after: Option<f64>,
    /// Mean pain before minus after: positive is relief, as in the rest
    /// of the report.
    pub mean_relief: Option<f64>,
}

/// The last day of the program followed.
pub fn last_day(following: &Following) -> NaiveDate {
    let first = first_day(&following.program, following.started);
    first + Days::new(7 * following.program.weeks.len() as u64) - Days::new(1)
}

/// Whether the program was followed on any day from `first` to `last`:
/// started by `last`, and neither over nor ended before `first`.
pub fn followed_between(following: &Following, first: NaiveDate, last: NaiveDate) -> bool {
    let end = following.ended.map_or(last_day(following), |e| {
        e.date_naive().min(last_day(following))
    });
    following.started <= last && end >= first
}

/// The program's figures with the sessions of `records` up to `as_of`,
/// on `today` (a week that ends on `as_of` is still in progress when
/// `as_of` is today). A program that ended after `as_of` is shown as it
/// was on `as_of`.
pub fn adherence(
    following: &Following,
    records: &[Record],
    as_of: NaiveDate,
    today: NaiveDate,
) -> Adherence {
    let program = &following.program;
    let begins = first_day(program, following.started);
    let ended = following.ended.filter(|e| e.date_naive() <= as_of);
    // The last day counted: the day it ended, or `as_of`.
    let until = ended.map_or(as_of, |e| e.date_naive());
    let sessions = counted(records, ended, until);
    let done: Vec<Done> = sessions.iter().map(|(d, _)| d.clone()).collect();
    let weeks: Vec<WeekPlan> = program
        .weeks
        .iter()
        .enumerate()
        .map(|(index, week)| (index, week, begins + Days::new(7 * index as u64)))
        .take_while(|(_, _, first)| ended.is_none() || *first <= until)
        .map(|(index, week, first)| {
            let last = first + Days::new(6);
            let state = if first > until {
                WeekState::ToCome
            } else if ended.is_some() && last >= until {
                WeekState::Stopped
            } else if last < until || (last == until && until < today) {
                WeekState::Past
            } else {
                WeekState::InProgress
            };
            let counted = if state == WeekState::ToCome {
                Vec::new()
            } else {
                week_progress(week, first, last.min(until), &done)
            };
            let routines: Vec<RoutineWeek> = week
                .sessions
                .iter()
                .enumerate()
                .map(|(i, planned)| RoutineWeek {
                    routine: planned.routine.clone(),
                    planned: planned.per_week(),
                    done: counted.get(i).map_or(0, |p| p.done),
                })
                .collect();
            WeekPlan {
                number: index + 1,
                first,
                last,
                state,
                planned: week.planned(),
                done: routines.iter().map(|r| r.done).sum(),
                routines,
            }
        })
        .collect();
    let begun = || weeks.iter().filter(|w| w.state != WeekState::ToCome);
    let last = last_day(following);
    let in_weeks: Vec<(Done, &Session)> = sessions
        .into_iter()
        .filter(|(d, _)| d.day >= begins && d.day <= last)
        .collect();
    Adherence {
        title: program.title.clone(),
        author: program.author.clone(),
        started: following.started,
        first_day: begins,
        last_day: last,
        program_weeks: program.weeks.len(),
        ended: ended.map(|e| e.date_naive()),
        as_of,
        place: match place(program, following.started, until) {
            Place::Before { .. } => Where::Before,
            Place::Week { index, .. } => Where::Week {
                number: index + 1,
                weeks: program.weeks.len(),
            },
            Place::Over { .. } => Where::Over,
        },
        planned_so_far: begun().map(|w| w.planned).sum(),
        done_so_far: begun().map(|w| w.done).sum(),
        relief: relief(program, &in_weeks),
        weeks,
    }
}

/// The sessions of `records` that count toward a program, each as the
/// program sees it: done by `until`, and begun before `ended`.
fn counted(
    records: &[Record],
    ended: Option<DateTime<FixedOffset>>,
    until: NaiveDate,
) -> Vec<(Done, &Session)> {
    records
        .iter()
        .filter_map(Record::as_session)
        .filter(|s| s.counts())
        .filter(|s| ended.is_none_or(|e| s.start < e))
        .map(|s| (done_of(s), s))
        .filter(|(d, _)| d.day <= until)
        .collect()
}

/// The relief of each routine of `program` over `sessions`.
fn relief(program: &Program, sessions: &[(Done, &Session)]) -> Vec<ProgramRelief> {
    program
        .routines()
        .into_iter()
        .map(|name| {
            let of_it: Vec<&Session> = sessions
                .iter()
                .filter(|(d, _)| d.is(name))
                .map(|(_, s)| *s)
                .collect();
            let rated: Vec<(f64, f64)> = of_it
                .iter()
                .filter_map(|s| Some((s.pain_before?.get(), s.pain_after?.get())))
                .map(|(b, a)| (f64::from(b), f64::from(a)))
                .collect();
            let n = rated.len() as f64;
            let mean = |f: fn(&(f64, f64)) -> f64| {
                (!rated.is_empty()).then(|| rated.iter().map(f).sum::<f64>() / n)
            };
            ProgramRelief {
                routine: name.to_owned(),
                sessions: of_it.len() as u32,
                rated: rated.len() as u32,
                mean_pain_before: mean(|r| r.0),
                mean_pain_after: mean(|r| r.1),
                mean_relief: mean(|r| r.0 - r.1),
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "adherence_tests.rs"]
mod tests;
