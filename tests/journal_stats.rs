//! The figures `stillpoint stats` and the history screen show, on
//! hand-made journals: streaks over month, year and time-zone changes,
//! ISO weeks, the weekly goal and average relief.

mod journal_support;

use chrono::NaiveDate;
use journal_support::{checkin, session};
use stillpoint::journal::Record;
use stillpoint::journal::stats::{self, Week, summarise};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A 10-minute session of "Desk reset" at each time.
fn sessions_at(times: &[&str]) -> Vec<Record> {
    times
        .iter()
        .map(|t| session("Desk reset", t, 10, None, None))
        .collect()
}

#[test]
fn a_streak_runs_across_a_month_end() {
    let records = sessions_at(&[
        "2025-02-27T08:00:00+01:00",
        "2025-02-28T21:00:00+01:00",
        "2025-03-01T07:30:00+01:00",
        "2025-03-02T12:00:00+01:00",
    ]);
    assert_eq!(stats::streak(&records, day("2025-03-02")), 4);
    // Nothing yet today: the streak still ends yesterday.
    assert_eq!(stats::streak(&records, day("2025-03-03")), 4);
    // Two days without: it is over.
    assert_eq!(stats::streak(&records, day("2025-03-04")), 0);
}

#[test]
fn a_streak_runs_across_a_year_end_and_a_leap_day() {
    let new_year = sessions_at(&[
        "2024-12-30T09:00:00+00:00",
        "2024-12-31T23:59:59+00:00",
        "2025-01-01T00:00:00+00:00",
    ]);
    assert_eq!(stats::streak(&new_year, day("2025-01-01")), 3);
    let leap = sessions_at(&[
        "2024-02-28T09:00:00+00:00",
        "2024-02-29T09:00:00+00:00",
        "2024-03-01T09:00:00+00:00",
    ]);
    assert_eq!(stats::streak(&leap, day("2024-03-01")), 3);
}

#[test]
fn a_streak_counts_wall_clock_dates_across_time_zones() {
    // Paris late on the 1st, San Francisco just after midnight on the 2nd,
    // Tokyo in the morning of the 3rd. In UTC that is the 1st, the 2nd and
    // the 2nd again; on the person's wall clock it is three days.
    let travelling = sessions_at(&[
        "2025-03-01T23:30:00+01:00",
        "2025-03-02T00:30:00-08:00",
        "2025-03-03T07:00:00+09:00",
    ]);
    assert_eq!(stats::streak(&travelling, day("2025-03-03")), 3);
    // Daylight saving starts in Europe on 30 March 2025.
    let dst = sessions_at(&[
        "2025-03-29T10:00:00+01:00",
        "2025-03-30T02:30:00+02:00",
        "2025-03-31T10:00:00+02:00",
    ]);
    assert_eq!(stats::streak(&dst, day("2025-03-31")), 3);
    // Flown west since the last session: its date is "tomorrow" here.
    let ahead = sessions_at(&["2025-03-01T10:00:00+00:00", "2025-03-02T06:00:00+13:00"]);
    assert_eq!(stats::streak(&ahead, day("2025-03-01")), 1);
}

#[test]
fn a_streak_needs_a_session_every_day_and_ignores_check_ins() {
    let mut records = sessions_at(&[
        "2025-03-01T10:00:00+00:00",
        "2025-03-01T18:00:00+00:00",
        "2025-03-03T10:00:00+00:00",
        "2025-03-04T10:00:00+00:00",
    ]);
    records.push(checkin("2025-03-02T10:00:00+00:00", 4));
    assert_eq!(stats::streak(&records, day("2025-03-04")), 2);
    assert_eq!(stats::streak(&[], day("2025-03-04")), 0);
}

#[test]
fn weeks_are_iso_weeks_of_the_local_date() {
    let mut records = vec![
        session("Desk reset", "2024-12-23T10:00:00+00:00", 10, None, None),
        // Sunday evening in New York is Monday in UTC: it stays in W52.
        session("Desk reset", "2024-12-29T21:00:00-05:00", 12, None, None),
        session("Desk reset", "2024-12-30T10:00:00+00:00", 8, None, None),
        session("Neck", "2025-01-01T10:00:00+00:00", 20, None, None),
    ];
    records.push(checkin("2025-01-01T09:00:00+00:00", 5));
    let weeks = stats::recent_weeks(&records, day("2025-01-01"), 3);
    let shown: Vec<(String, u32, u64)> = weeks
        .iter()
        .map(|w| (w.week.to_string(), w.sessions, w.minutes()))
        .collect();
    assert_eq!(
        shown,
        [
            ("2024-W51".to_owned(), 0, 0),
            ("2024-W52".to_owned(), 2, 22),
            ("2025-W01".to_owned(), 2, 28),
        ]
    );
    let this_week = stats::this_week(&records, day("2025-01-01"));
    assert_eq!(
        this_week.week,
        Week {
            year: 2025,
            week: 1
        }
    );
    assert_eq!((this_week.sessions, this_week.active_seconds), (2, 28 * 60));
}

#[test]
fn the_weekly_goal_counts_this_weeks_sessions() {
    let records = sessions_at(&[
        "2025-03-02T10:00:00+00:00", // Sunday: last week
        "2025-03-03T10:00:00+00:00",
        "2025-03-05T10:00:00+00:00",
    ]);
    let summary = summarise(&records, day("2025-03-06"), 4, 3);
    assert_eq!(summary.goal.to_string(), "2 of 3 sessions this week");
    assert!(!summary.goal.met());
    assert_eq!(summary.weeks.len(), 4);
    assert_eq!(summary.this_week.sessions, 2);
}

#[test]
fn relief_is_averaged_overall_and_per_routine() {
    let records = vec![
        session(
            "Desk reset",
            "2025-03-01T10:00:00+00:00",
            10,
            Some(6),
            Some(3),
        ),
        session(
            "Desk reset",
            "2025-03-02T10:00:00+00:00",
            10,
            Some(5),
            Some(5),
        ),
        session("Desk reset", "2025-03-03T10:00:00+00:00", 10, Some(7), None),
        session("Neck", "2025-03-03T12:00:00+00:00", 10, Some(4), Some(6)),
        session(
            "Box breathing",
            "2025-03-04T10:00:00+00:00",
            10,
            None,
            Some(2),
        ),
        checkin("2025-03-04T11:00:00+00:00", 9),
    ];
    let relief = stats::relief(&records);
    let overall = relief.overall.unwrap();
    assert_eq!(overall.sessions, 3);
    assert!((overall.mean - 1.0 / 3.0).abs() < 1e-9);
    type Row<'a> = (&'a str, u32, Option<(f64, u32)>);
    let per: Vec<Row> = relief
        .per_routine
        .iter()
        .map(|r| {
            (
                r.title.as_str(),
                r.sessions,
                r.relief.map(|a| (a.mean, a.sessions)),
            )
        })
        .collect();
    assert_eq!(
        per,
        [
            ("Box breathing", 1, None),
            ("Desk reset", 3, Some((1.5, 2))),
            ("Neck", 1, Some((-2.0, 1))),
        ]
    );
    assert_eq!(stats::relief(&[]).overall, None);
}

#[test]
fn the_pain_chart_averages_each_week_and_leaves_gaps() {
    let records = vec![
        session(
            "Desk reset",
            "2025-02-24T10:00:00+00:00",
            10,
            Some(6),
            Some(3),
        ),
        session("Desk reset", "2025-02-25T10:00:00+00:00", 10, Some(8), None),
        session("Desk reset", "2025-03-05T10:00:00+00:00", 10, None, None),
    ];
    let chart = stats::pain_by_week(&records, day("2025-03-12"), 3);
    let shown: Vec<(String, Option<f64>, Option<f64>)> = chart
        .iter()
        .map(|w| (w.week.to_string(), w.before, w.after))
        .collect();
    assert_eq!(
        shown,
        [
            ("2025-W09".to_owned(), Some(7.0), Some(3.0)),
            ("2025-W10".to_owned(), None, None),
            ("2025-W11".to_owned(), None, None),
        ]
    );
}

#[test]
fn the_summary_counts_sessions_and_check_ins() {
    let records = vec![
        session(
            "Desk reset",
            "2025-03-01T10:00:00+00:00",
            10,
            Some(6),
            Some(3),
        ),
        checkin("2025-03-01T11:00:00+00:00", 4),
        checkin("2025-03-02T11:00:00+00:00", 2),
    ];
    let summary = summarise(&records, day("2025-03-02"), 8, 3);
    assert_eq!(
        (summary.sessions, summary.checkins, summary.streak),
        (1, 2, 1)
    );
    assert_eq!(summary.pain.len(), 8);
}
