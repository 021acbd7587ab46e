//! Relief per routine in a block of days: pain before minus pain after,
//! each session with its own two ratings, apart for sessions during an
//! attack and between attacks.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::spans::Spans;
use crate::journal::Session;

/// The relief of the sessions of one routine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutineRelief {
    /// The routine's title.
    pub routine: String,
    /// Sessions that started during an attack.
    pub during_attacks: ReliefFigure,
    /// Sessions that started with no attack going on.
    pub between_attacks: ReliefFigure,
}

/// The relief of some sessions: how many were done, how many of them had
/// pain rated before and after, and the mean of before minus after over
/// those (positive is relief).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReliefFigure {
    /// Sessions done ([`Session::counts`]).
    pub sessions: u32,
    /// Of those, the ones with pain rated before and after.
    pub rated: u32,
    /// Their before minus after, added up.
    pub total: i64,
}

impl ReliefFigure {
    /// The mean relief in points, when a session was rated.
    pub fn mean(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.total as f64 / f64::from(self.rated))
    }

    /// Both together: the figure over the sessions of both.
    pub fn merge(self, other: ReliefFigure) -> ReliefFigure {
        ReliefFigure {
            sessions: self.sessions + other.sessions,
            rated: self.rated + other.rated,
            total: self.total + other.total,
        }
    }

    fn add(&mut self, session: &Session) {
        self.sessions += 1;
        if let Some(relief) = session.relief() {
            self.rated += 1;
            self.total += i64::from(relief);
        }
    }
}

impl Serialize for ReliefFigure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown {
            sessions: u32,
            rated: u32,
            mean_relief: Option<f64>,
        }
        Shown {
            sessions: self.sessions,
            rated: self.rated,
            mean_relief: self.mean(),
        }
        .serialize(serializer)
    }
}

/// The relief per routine of `sessions` (those that count), by title,
/// each split by whether an attack of `attacks` was going on at its start.
pub fn per_routine<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    attacks: &Spans,
) -> Vec<RoutineRelief> {
    let mut by_title: BTreeMap<&str, (ReliefFigure, ReliefFigure)> = BTreeMap::new();
    for session in sessions.into_iter().filter(|s| s.counts()) {
        let (during, between) = by_title.entry(&session.routine.title).or_default();
        if attacks.cover(session.start) {
            during.add(session);
        } else {
            between.add(session);
        }
    }
    by_title
        .into_iter()
        .map(|(title, (during, between))| RoutineRelief {
            routine: title.to_owned(),
            during_attacks: during,
            between_attacks: between,
        })
        .collect()
}

/// `blocks`' relief per routine taken together: each routine once, its
/// figures over every block.
pub fn merged<'a>(relief: impl IntoIterator<Item = &'a RoutineRelief>) -> Vec<RoutineRelief> {
    let mut by_title: BTreeMap<&str, (ReliefFigure, ReliefFigure)> = BTreeMap::new();
    for r in relief {
        let (during, between) = by_title.entry(&r.routine).or_default();
        *during = during.merge(r.during_attacks);
        *between = between.merge(r.between_attacks);
    }
    by_title
        .into_iter()
        .map(|(title, (during, between))| RoutineRelief {
            routine: title.to_owned(),
            during_attacks: during,
            between_attacks: between,
        })
        .collect()
}
