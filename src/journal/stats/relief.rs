//! Average pain relief: pain before a session minus pain after it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sessions;
use crate::journal::Record;

/// A mean over some sessions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Average {
    pub mean: f64,
    /// How many sessions it is over.
    pub sessions: u32,
}

/// Relief overall and for each routine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relief {
    /// Over every session with both ratings; `None` if there is none.
    pub overall: Option<Average>,
    /// One entry per routine title that has any session, sorted by title.
    pub per_routine: Vec<RoutineRelief>,
}

/// How one routine has done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutineRelief {
    pub title: String,
    /// Every session of it, rated or not.
    pub sessions: u32,
    /// Over its sessions with both ratings.
    pub relief: Option<Average>,
}

/// A running sum, made into an [`Average`] at the end.
#[derive(Default, Clone, Copy)]
struct Sum {
    total: i64,
    count: u32,
}

impl Sum {
    fn add(&mut self, value: i32) {
        self.total += i64::from(value);
        self.count += 1;
    }

    fn average(self) -> Option<Average> {
        (self.count > 0).then(|| Average {
            mean: self.total as f64 / f64::from(self.count),
            sessions: self.count,
        })
    }
}

/// Average relief (before minus after, so positive is better) over the
/// sessions that have both ratings, overall and per routine title.
pub fn relief(records: &[Record]) -> Relief {
    let mut overall = Sum::default();
    let mut by_title: BTreeMap<&str, (u32, Sum)> = BTreeMap::new();
    for session in sessions(records) {
        let (count, sum) = by_title.entry(&session.routine.title).or_default();
        *count += 1;
        if let Some(relief) = session.relief() {
            overall.add(relief);
            sum.add(relief);
        }
    }
    Relief {
        overall: overall.average(),
        per_routine: by_title
            .into_iter()
            .map(|(title, (sessions, sum))| RoutineRelief {
                title: title.to_owned(),
                sessions,
                relief: sum.average(),
            })
            .collect(),
    }
}
