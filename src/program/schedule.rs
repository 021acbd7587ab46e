//! Where a person is in a program on a given day: which week, what is
//! planned, what has been done, what is due today. Pure: handed the
//! program, the day it was started, the day, and the sessions done.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate};

use super::{Often, Planned, Program, Start, Week};

/// A session done (one that counts), on its day, of the routine it played.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub day: NaiveDate,
    /// The routine's name as a program would give it: its file stem.
    pub routine: String,
    pub title: String,
}

impl Done {
    /// Whether this was a session of the routine a program names `name`:
    /// by its file stem, or by its title in any case.
    pub fn is(&self, name: &str) -> bool {
        crate::library::names(name, &self.routine) || crate::library::names(name, &self.title)
    }
}

/// Where a day falls in a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Before week 1 (a program that starts on the next Monday).
    Before { starts: NaiveDate },
    /// In week `index` (from 0), which began on `first`.
    Week { index: usize, first: NaiveDate },
    /// After its last week.
    Over { ended: NaiveDate },
}

/// The day week 1 begins, for a program started on `started`.
pub fn first_day(program: &Program, started: NaiveDate) -> NaiveDate {
    match program.start {
        Start::Today => started,
        Start::Monday => {
            let ahead = (7 - started.weekday().num_days_from_monday()) % 7;
            started + Days::new(ahead.into())
        }
    }
}

/// Where `day` falls in `program`, started on `started`.
pub fn place(program: &Program, started: NaiveDate, day: NaiveDate) -> Place {
    let first = first_day(program, started);
    if day < first {
        return Place::Before { starts: first };
    }
    let index = usize::try_from((day - first).num_days() / 7).unwrap_or(usize::MAX);
    if index >= program.weeks.len() {
        let ended = first + Days::new(7 * program.weeks.len() as u64);
        return Place::Over { ended };
    }
    Place::Week {
        index,
        first: first + Days::new(7 * index as u64),
    }
}

/// One planned routine in a week, and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress<'a> {
    pub planned: &'a Planned,
    /// Sessions of it done in the week, up to the day asked about.
    pub done: u32,
    pub done_today: bool,
    /// Whether one is due on the day asked about: planned for it (or still
    /// needed this week) and not done that day.
    pub due_today: bool,
}

/// A week of the program up to `day`: each planned routine, and how it went.
pub fn week_progress<'a>(
    week: &'a Week,
    first: NaiveDate,
    day: NaiveDate,
    done: &[Done],
) -> Vec<Progress<'a>> {
    let end = first + Days::new(7);
    week.sessions
        .iter()
        .map(|planned| {
            let of_it = |d: &&Done| d.is(&planned.routine);
            let in_week = done
                .iter()
                .filter(of_it)
                .filter(|d| d.day >= first && d.day < end && d.day <= day)
                .count() as u32;
            let done_today = done.iter().filter(of_it).any(|d| d.day == day);
            let due_today = !done_today
                && match &planned.often {
                    Often::Times(n) => in_week < *n,
                    Often::Days(days) => days.contains(&day.weekday()),
                };
            Progress {
                planned,
                done: in_week.min(planned.per_week()),
                done_today,
                due_today,
            }
        })
        .collect()
}

/// The sessions planned and done in one week, for the therapist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekTally {
    pub number: usize,
    pub first: NaiveDate,
    pub planned: u32,
    /// Planned sessions done (more of a routine than planned are not
    /// counted twice).
    pub done: u32,
}

/// Planned against done for every week begun by `today`.
pub fn tallies(
    program: &Program,
    started: NaiveDate,
    today: NaiveDate,
    done: &[Done],
) -> Vec<WeekTally> {
    let first = first_day(program, started);
    program
        .weeks
        .iter()
        .enumerate()
        .map(|(index, week)| (index, week, first + Days::new(7 * index as u64)))
        .take_while(|(_, _, begins)| *begins <= today)
        .map(|(index, week, begins)| {
            let last = (begins + Days::new(6)).min(today);
            let progress = week_progress(week, begins, last, done);
            WeekTally {
                number: index + 1,
                first: begins,
                planned: week.planned(),
                done: progress.iter().map(|p| p.done).sum(),
            }
        })
        .collect()
}

/// A program followed, the day it was started, and when it ended if it
/// is followed no more.
#[derive(Debug, Clone, PartialEq)]
pub struct Following {
    pub program: Program,
    pub started: NaiveDate,
    /// When it ended (`program stop`, or another started with
    /// `--replace`): sessions begun from then on are not its. `None` for
    /// the program followed now.
    pub ended: Option<DateTime<FixedOffset>>,
}

/// Where the person is in the program they follow, on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Today {
    Before {
        starts: NaiveDate,
    },
    Week {
        /// From 1.
        number: usize,
        weeks: usize,
        planned: u32,
        done: u32,
        /// The routines due today, by the names the program gives them.
        due: Vec<String>,
    },
    Over,
}

impl Following {
    /// Where the person is on `day`, with the sessions `done`.
    pub fn on(&self, day: NaiveDate, done: &[Done]) -> Today {
        match place(&self.program, self.started, day) {
            Place::Before { starts } => Today::Before { starts },
            Place::Over { .. } => Today::Over,
            Place::Week { index, first } => {
                let week = &self.program.weeks[index];
                let progress = week_progress(week, first, day, done);
                Today::Week {
                    number: index + 1,
                    weeks: self.program.weeks.len(),
                    planned: week.planned(),
                    done: progress.iter().map(|p| p.done).sum(),
                    due: progress
                        .iter()
                        .filter(|p| p.due_today)
                        .map(|p| p.planned.routine.clone())
                        .collect(),
                }
            }
        }
    }

    /// The routines of the week `day` is in, in the program's order.
    pub fn this_week(&self, day: NaiveDate) -> Vec<&str> {
        match place(&self.program, self.started, day) {
            Place::Week { index, .. } => self.program.weeks[index]
                .sessions
                .iter()
                .map(|p| p.routine.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
