//! Programs: a therapist's plan over weeks — which routines, how often —
//! that the patient follows. The model, how a file becomes it, and where
//! the patient is in it on a given day.

pub mod active;
pub mod adherence;
mod check;
pub mod done;
pub mod ended;
pub mod found;
pub mod raw;
pub mod schedule;

use chrono::Weekday;

pub use check::{Parsed, parse};
pub use raw::Start;

/// The most weeks a program may last.
pub const MAX_WEEKS: usize = 52;
/// The most sessions a week may plan: three a day.
pub const MAX_A_WEEK: u32 = 21;
/// The most characters of a program's title, counted without the spaces around it.
pub const MAX_TITLE: usize = 80;
/// The most characters of the notes of a program or of a week.
pub const MAX_NOTES: usize = 1000;

/// Whether `text` is a program file rather than a routine: it gives the
/// program format's version key at the top.
pub fn is_program(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .take_while(|l| !l.starts_with('['))
        .any(|l| {
            l.strip_prefix("stillpoint_program")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
}

/// A program, checked and ready to follow.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub title: String,
    pub author: Option<String>,
    pub notes: Option<String>,
    pub start: Start,
    /// Every week in order, repeats written out.
    pub weeks: Vec<Week>,
}

impl Program {
    /// The names of the routines it plans, each once, in the order they
    /// first come.
    pub fn routines(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for planned in self.weeks.iter().flat_map(|w| &w.sessions) {
            if !names.contains(&planned.routine.as_str()) {
                names.push(&planned.routine);
            }
        }
        names
    }
}

/// One week of a program.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub notes: Option<String>,
    pub sessions: Vec<Planned>,
}

impl Week {
    /// How many sessions the week plans in all.
    pub fn planned(&self) -> u32 {
        self.sessions.iter().map(Planned::per_week).sum()
    }
}

/// A routine to do, and how often in its week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The routine's name as the program gives it (a file stem).
    pub routine: String,
    pub often: Often,
}

impl Planned {
    pub fn per_week(&self) -> u32 {
        match &self.often {
            Often::Times(n) => *n,
            Often::Days(days) => days.len() as u32,
        }
    }
}

/// How often a routine is planned in a week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Often {
    /// This many times, on any days.
    Times(u32),
    /// On these days.
    Days(Vec<Weekday>),
}
