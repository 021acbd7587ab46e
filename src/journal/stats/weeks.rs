//! ISO weeks, and the sessions and minutes of this one.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use super::sessions;
use crate::journal::Record;

/// An ISO 8601 week: Monday to Sunday, numbered within its ISO year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Week {
    pub year: i32,
    pub week: u32,
}

impl Week {
    /// The week `date` falls in.
    pub fn of(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        Self {
            year: iso.year(),
            week: iso.week(),
        }
    }

    /// Its Monday.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }
}

impl fmt::Display for Week {
    /// `2025-W09`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// How much was done in one week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekTotal {
    pub week: Week,
    pub sessions: u32,
    pub active_seconds: u64,
}

impl WeekTotal {
    fn empty(week: Week) -> Self {
        Self {
            week,
            sessions: 0,
            active_seconds: 0,
        }
    }

    /// Active time in whole minutes, rounded to the nearest.
    pub fn minutes(&self) -> u64 {
        (self.active_seconds + 30) / 60
    }
}

/// The week of `today` so far.
pub fn this_week(records: &[Record], today: NaiveDate) -> WeekTotal {
    let week = Week::of(today);
    sessions(records)
        .filter(|s| Week::of(s.start.date_naive()) == week)
        .fold(WeekTotal::empty(week), |mut total, s| {
            total.sessions += 1;
            total.active_seconds += u64::from(s.active_seconds);
            total
        })
}

/// The `count` weeks ending with the week of `today`, oldest first.
pub(super) fn weeks_back(today: NaiveDate, count: usize) -> Vec<Week> {
    let mut weeks: Vec<Week> = (0..count as u64)
        .map_while(|back| today.checked_sub_days(Days::new(7 * back)))
        .map(Week::of)
        .collect();
    weeks.reverse();
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn iso_weeks_cross_year_ends() {
        // 2024-12-30 is the Monday of 2025-W01.
        assert_eq!(
            Week::of(date(2024, 12, 30)),
            Week {
                year: 2025,
                week: 1
            }
        );
        assert_eq!(
            Week::of(date(2021, 1, 3)),
            Week {
                year: 2020,
                week: 53
            }
        );
        assert_eq!(
            Week {
                year: 2025,
                week: 1
            }
            .monday(),
            date(2024, 12, 30)
        );
        assert_eq!(
            Week {
                year: 2025,
                week: 9
            }
            .to_string(),
            "2025-W09"
        );
    }

    #[test]
    fn weeks_back_counts_whole_weeks() {
        let weeks = weeks_back(date(2025, 1, 8), 3);
        let shown: Vec<String> = weeks.iter().map(Week::to_string).collect();
        assert_eq!(shown, ["2024-W52", "2025-W01", "2025-W02"]);
    }
}
