//! The week rows and the pain chart: for each day and each week, how much
//! was done, the relief of the sessions rated both before and after (each
//! session's own pair), the check-in pain, and what the diary says the
//! days were.
//!
//! A week's relief is the mean over its sessions rated before and after of
//! each one's before minus after, and its "before → after" are the means
//! over the same sessions: so the row's two numbers always differ by its
//! relief. A session rated only before or only after enters neither.

use chrono::{Days, Duration, NaiveDate, NaiveTime};
use serde::Serialize;

use super::weeks::{Week, weeks_back};
use crate::journal::Record;
use crate::journal::diary::{DayKind, days};

/// The relief of the sessions rated both before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedRelief {
    /// The mean of before minus after: positive is less pain.
    pub mean: f64,
    /// The mean pain before and after, over the same sessions.
    pub before: f64,
    pub after: f64,
    /// How many sessions were paired.
    pub sessions: u32,
}

/// The mean pain of the check-ins that rated it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CheckinPain {
    pub mean: f64,
    /// How many check-ins rated pain.
    pub checkins: u32,
}

/// One day of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayPain {
    pub date: NaiveDate,
    /// What the diary says the day was ([`days`]).
    pub kind: DayKind,
    /// Whether an acute medicine was taken on it.
    pub acute_medication: bool,
    pub relief: Option<PairedRelief>,
    pub checkin_pain: Option<CheckinPain>,
}

/// One week's row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekRow {
    pub week: Week,
    /// Sessions done ([`crate::journal::Session::counts`]).
    pub sessions: u32,
    pub active_seconds: u64,
    /// Over its sessions done rated before and after.
    pub relief: Option<PairedRelief>,
    pub checkin_pain: Option<CheckinPain>,
    /// Days an attack touches.
    pub headache_days: u32,
    /// Days with an acute medicine taken.
    pub medication_days: u32,
    /// Days with anything in the journal that tells what the day was; the
    /// others are not recorded, never headache-free.
    pub recorded_days: u32,
    /// Its days so far: 7, or fewer for this week (up to today).
    pub days: u32,
}

impl WeekRow {
    /// Active time in whole minutes, rounded to the nearest.
    pub fn minutes(&self) -> u64 {
        (self.active_seconds + 30) / 60
    }

    /// Whether any of its days is recorded.
    pub fn recorded(&self) -> bool {
        self.recorded_days > 0
    }
}

/// Running sums, made into the means at the end.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    sessions: u32,
    active_seconds: u64,
    paired: u32,
    before: u32,
    after: u32,
    checkins: u32,
    checkin_pain: u32,
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        self.sessions += other.sessions;
        self.active_seconds += other.active_seconds;
        self.paired += other.paired;
        self.before += other.before;
        self.after += other.after;
        self.checkins += other.checkins;
        self.checkin_pain += other.checkin_pain;
    }

    fn relief(&self) -> Option<PairedRelief> {
        (self.paired > 0).then(|| {
            let n = f64::from(self.paired);
            let (before, after) = (f64::from(self.before) / n, f64::from(self.after) / n);
            PairedRelief {
                mean: (f64::from(self.before) - f64::from(self.after)) / n,
                before,
                after,
                sessions: self.paired,
            }
        })
    }

    fn checkin_pain(&self) -> Option<CheckinPain> {
        (self.checkins > 0).then(|| CheckinPain {
            mean: f64::from(self.checkin_pain) / f64::from(self.checkins),
            checkins: self.checkins,
        })
    }
}

/// The days and the rows of the `count` weeks up to the week of `today`
/// (its days up to today), oldest first. Days come from the diary's one
/// rule ([`days`]); an attack still going on lasts until today.
pub fn week_rows(
    records: &[Record],
    today: NaiveDate,
    count: usize,
) -> (Vec<DayPain>, Vec<WeekRow>) {
    let weeks = weeks_back(today, count.max(1));
    let first = weeks[0].monday().min(today);
    let noon = today.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
    let diary = days(records, first, today, noon.and_utc().fixed_offset());
    let mut sums = vec![Sums::default(); diary.len()];
    let len = diary.len();
    let index = |date: NaiveDate| {
        usize::try_from((date - first).num_days())
            .ok()
            .filter(|&i| i < len)
    };
    // No wall clock is a day or more from UTC: a record a day before the
    // first day in UTC is before it everywhere, and skipped without
    // working out its date.
    let before_all = first.and_time(NaiveTime::MIN) - Duration::days(1);
    for record in records {
        match record {
            Record::Session(session) if session.start.naive_utc() >= before_all => {
                if !session.counts() {
                    continue;
                }
                // A record dated after today (the person flew west since)
                // counts as today's, as in the streak.
                if let Some(i) = index(session.start.date_naive().min(today)) {
                    let day = &mut sums[i];
                    day.sessions += 1;
                    day.active_seconds += u64::from(session.active_seconds);
                    if let (Some(b), Some(a)) = (session.pain_before, session.pain_after) {
                        day.paired += 1;
                        day.before += u32::from(b.get());
                        day.after += u32::from(a.get());
                    }
                }
            }
            Record::Checkin(c) if c.time.naive_utc() >= before_all => {
                if let (Some(pain), Some(i)) = (c.pain, index(c.time.date_naive().min(today))) {
                    sums[i].checkins += 1;
                    sums[i].checkin_pain += u32::from(pain.get());
                }
            }
            _ => {}
        }
    }
    let acute = |i: usize| diary[i].medication.iter().any(|c| c.is_acute());
    let day_pain: Vec<DayPain> = diary
        .iter()
        .zip(&sums)
        .enumerate()
        .map(|(i, (day, sums))| DayPain {
            date: day.date,
            kind: day.kind,
            acute_medication: acute(i),
            relief: sums.relief(),
            checkin_pain: sums.checkin_pain(),
        })
        .collect();
    let rows = weeks
        .iter()
        .map(|&week| {
            // The week's days in `diary`: from its Monday (or the first
            // day) for seven days, up to today.
            let from = index(week.monday()).unwrap_or(0);
            let to = index(week.monday() + Days::new(6)).map_or(diary.len(), |i| i + 1);
            let mut total = Sums::default();
            let mut row = WeekRow {
                week,
                sessions: 0,
                active_seconds: 0,
                relief: None,
                checkin_pain: None,
                headache_days: 0,
                medication_days: 0,
                recorded_days: 0,
                days: 0,
            };
            for (i, day) in diary.iter().enumerate().take(to).skip(from) {
                total.add(&sums[i]);
                row.days += 1;
                row.headache_days += u32::from(day.kind == DayKind::Headache);
                row.recorded_days += u32::from(day.kind != DayKind::NotRecorded);
                row.medication_days += u32::from(acute(i));
            }
            WeekRow {
                sessions: total.sessions,
                active_seconds: total.active_seconds,
                relief: total.relief(),
                checkin_pain: total.checkin_pain(),
                ..row
            }
        })
        .collect();
    (day_pain, rows)
}
