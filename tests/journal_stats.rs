//! The figures `stillpoint stats` and the history screen show, on
//! hand-made journals: streaks over month, year and time-zone changes,
//! ISO weeks, the weekly goal and average relief.

mod journal_support;

use chrono::NaiveDate;
use journal_support::{at, checkin, session};
use stillpoint::journal::Record;
use stillpoint::journal::diary::{self, Attack, DayKind, Medication, MedicationClass};
use stillpoint::journal::stats::{self, Week, WeekRow, summarise};

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
    let (_, weeks) = stats::week_rows(&records, day("2025-01-01"), 3);
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

/// An attack from `start` to `end` (or still going on).
fn attack(start: &str, end: Option<&str>) -> Record {
    Attack {
        end: end.map(at),
        ..Attack::new(at(start))
    }
    .into()
}

fn medicine(time: &str, class: MedicationClass) -> Record {
    Medication::new(at(time), "a pill".into(), class).into()
}

/// The week of `week` ("2025-W09") among `rows`.
fn row<'a>(rows: &'a [WeekRow], week: &str) -> &'a WeekRow {
    rows.iter()
        .find(|r| r.week.to_string() == week)
        .unwrap_or_else(|| panic!("no {week} in {rows:?}"))
}

#[test]
fn a_week_pairs_each_session_s_own_before_and_after() {
    // Two sessions rated both (8 → 3, 7 → 3), two only before (4, 3), two
    // only after (4, 4). Averaged apart, before is 5.5 and after 3.5, two
    // points apart beside a relief of 4.5: the old, inconsistent row.
    let records = vec![
        session(
            "Desk reset",
            "2025-02-24T10:00:00+00:00",
            10,
            Some(8),
            Some(3),
        ),
        session(
            "Desk reset",
            "2025-02-25T10:00:00+00:00",
            10,
            Some(7),
            Some(3),
        ),
        session("Desk reset", "2025-02-26T10:00:00+00:00", 10, Some(4), None),
        session("Desk reset", "2025-02-27T10:00:00+00:00", 10, Some(3), None),
        session("Desk reset", "2025-02-28T10:00:00+00:00", 10, None, Some(4)),
        session("Desk reset", "2025-03-01T10:00:00+00:00", 10, None, Some(4)),
    ];
    let (_, rows) = stats::week_rows(&records, day("2025-03-02"), 1);
    let week = row(&rows, "2025-W09");
    assert_eq!(week.sessions, 6);
    let relief = week.relief.expect("two sessions rated both");
    assert_eq!(relief.sessions, 2);
    assert_eq!(relief.mean, 4.5);
    assert_eq!((relief.before, relief.after), (7.5, 3.0));
    assert_eq!(relief.before - relief.after, relief.mean);
    // The same as the relief overall, over the same two sessions.
    let overall = stats::relief(&records).overall.unwrap();
    assert_eq!((overall.mean, overall.sessions), (4.5, 2));
}

#[test]
fn a_session_rated_only_before_has_no_relief() {
    let records = vec![session(
        "Desk reset",
        "2025-02-24T10:00:00+00:00",
        10,
        Some(5),
        None,
    )];
    let (days, rows) = stats::week_rows(&records, day("2025-03-02"), 1);
    assert_eq!(row(&rows, "2025-W09").sessions, 1);
    assert_eq!(row(&rows, "2025-W09").relief, None);
    assert!(days.iter().all(|d| d.relief.is_none()), "{days:?}");
}

#[test]
fn check_ins_alone_give_the_chart_its_points() {
    let records = vec![
        checkin("2025-02-24T09:00:00+00:00", 6),
        checkin("2025-02-24T21:00:00+00:00", 3),
        checkin("2025-02-26T09:00:00+00:00", 2),
        checkin("2025-03-04T09:00:00+00:00", 7),
    ];
    let summary = summarise(&records, day("2025-03-05"), 2, 3);
    let points: Vec<(String, f64, u32)> = summary
        .days
        .iter()
        .filter_map(|d| {
            d.checkin_pain
                .map(|c| (d.date.to_string(), c.mean, c.checkins))
        })
        .collect();
    assert_eq!(
        points,
        [
            ("2025-02-24".to_owned(), 4.5, 2),
            ("2025-02-26".to_owned(), 2.0, 1),
            ("2025-03-04".to_owned(), 7.0, 1),
        ]
    );
    let pain = |w: &str| row(&summary.weeks, w).checkin_pain.unwrap();
    assert_eq!(
        (pain("2025-W09").mean, pain("2025-W09").checkins),
        (11.0 / 3.0, 3)
    );
    assert_eq!((pain("2025-W10").mean, pain("2025-W10").checkins), (7.0, 1));
    assert_eq!(row(&summary.weeks, "2025-W09").sessions, 0);
    assert_eq!(row(&summary.weeks, "2025-W09").relief, None);
}

#[test]
fn week_rows_count_headache_medicine_and_recorded_days() {
    let records = vec![
        // Sunday night to Tuesday morning of the next week: three days,
        // one in W08 and two in W09.
        attack(
            "2025-02-23T22:00:00+00:00",
            Some("2025-02-25T08:00:00+00:00"),
        ),
        medicine("2025-02-24T08:00:00+00:00", MedicationClass::Triptan),
        medicine("2025-02-24T20:00:00+00:00", MedicationClass::Simple),
        // A preventive is not an acute medicine.
        medicine("2025-02-27T08:00:00+00:00", MedicationClass::Preventive),
        checkin("2025-02-27T09:00:00+00:00", 0),
        // Still going on: it lasts until today, Wednesday.
        attack("2025-03-04T18:00:00+00:00", None),
    ];
    let (days, rows) = stats::week_rows(&records, day("2025-03-05"), 4);
    let shown: Vec<(String, u32, u32, u32, u32)> = rows
        .iter()
        .map(|r| {
            (
                r.week.to_string(),
                r.headache_days,
                r.medication_days,
                r.recorded_days,
                r.days,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("2025-W07".to_owned(), 0, 0, 0, 7),
            ("2025-W08".to_owned(), 1, 0, 1, 7),
            ("2025-W09".to_owned(), 2, 1, 3, 7),
            ("2025-W10".to_owned(), 2, 0, 2, 3),
        ]
    );
    // The week with nothing in it is not recorded, not headache-free.
    assert!(!row(&rows, "2025-W07").recorded());
    assert!(row(&rows, "2025-W08").recorded());
    // The days are the diary's own.
    let kinds = diary::days(
        &records,
        day("2025-02-10"),
        day("2025-03-05"),
        at("2025-03-05T12:00:00+00:00"),
    );
    assert_eq!(days.len(), kinds.len());
    for (ours, diary) in days.iter().zip(&kinds) {
        assert_eq!((ours.date, ours.kind), (diary.date, diary.kind));
    }
    let kind = |d: &str| days.iter().find(|x| x.date.to_string() == d).unwrap().kind;
    assert_eq!(kind("2025-02-12"), DayKind::NotRecorded);
    assert_eq!(kind("2025-02-24"), DayKind::Headache);
    assert_eq!(kind("2025-02-27"), DayKind::HeadacheFree);
    assert_eq!(kind("2025-03-05"), DayKind::Headache);
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
    assert_eq!(summary.weeks.len(), 8);
    // Every day of the eight weeks up to today, a Sunday.
    assert_eq!(summary.days.len(), 8 * 7);
}
