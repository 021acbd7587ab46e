//! The data for a chart of pain before and after sessions, week by week.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::sessions;
use super::weeks::{Week, weeks_back};
use crate::journal::{Rating, Record};

/// Average pain ratings in one week, for a chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekPain {
    pub week: Week,
    /// Mean pain before, over the week's sessions that rated it.
    pub before: Option<f64>,
    /// Mean pain after, over the week's sessions that rated it.
    pub after: Option<f64>,
}

#[derive(Default, Clone, Copy)]
struct Means {
    before: (u32, u32),
    after: (u32, u32),
}

fn add(sum: &mut (u32, u32), rating: Option<Rating>) {
    if let Some(r) = rating {
        sum.0 += u32::from(r.get());
        sum.1 += 1;
    }
}

fn mean((total, count): (u32, u32)) -> Option<f64> {
    (count > 0).then(|| f64::from(total) / f64::from(count))
}

/// Pain before and after for each of the `count` weeks up to the week of
/// `today`, oldest first; a week without ratings has `None`s (a gap in the
/// chart, not a zero).
pub fn pain_by_week(records: &[Record], today: NaiveDate, count: usize) -> Vec<WeekPain> {
    let weeks = weeks_back(today, count);
    let mut sums: HashMap<Week, Means> = weeks.iter().map(|&w| (w, Means::default())).collect();
    for session in sessions(records) {
        if let Some(m) = sums.get_mut(&Week::of(session.start.date_naive())) {
            add(&mut m.before, session.pain_before);
            add(&mut m.after, session.pain_after);
        }
    }
    weeks
        .into_iter()
        .map(|week| {
            let m = sums.get(&week).copied().unwrap_or_default();
            WeekPain {
                week,
                before: mean(m.before),
                after: mean(m.after),
            }
        })
        .collect()
}
