use chrono::{NaiveDate, Weekday};

use super::*;
use crate::program::{Often, Planned, Program, Start, Week};

fn day(d: u32) -> NaiveDate {
    // December 2026: the 3rd is a Thursday, the 7th a Monday.
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn planned(routine: &str, often: Often) -> Planned {
    Planned {
        routine: routine.to_owned(),
        often,
    }
}

fn program(start: Start) -> Program {
    let week = |sessions| Week {
        notes: None,
        sessions,
    };
    Program {
        title: "Desk tension".into(),
        author: None,
        notes: None,
        start,
        weeks: vec![
            week(vec![planned("desk-reset", Often::Times(3))]),
            week(vec![
                planned("desk-reset", Often::Days(vec![Weekday::Mon, Weekday::Fri])),
                planned("still-point", Often::Times(1)),
            ]),
        ],
    }
}

fn done(d: u32, routine: &str) -> Done {
    Done {
        day: day(d),
        routine: routine.to_owned(),
        title: format!("The {routine} routine"),
    }
}

#[test]
fn a_program_started_mid_week_runs_in_weeks_from_its_start_day() {
    let p = program(Start::Today);
    assert_eq!(
        place(&p, day(3), day(3)),
        Place::Week {
            index: 0,
            first: day(3)
        }
    );
    assert_eq!(
        place(&p, day(3), day(9)),
        Place::Week {
            index: 0,
            first: day(3)
        }
    );
    assert_eq!(
        place(&p, day(3), day(10)),
        Place::Week {
            index: 1,
            first: day(10)
        }
    );
    assert_eq!(place(&p, day(3), day(17)), Place::Over { ended: day(17) });
}

#[test]
fn started_on_a_thursday_a_monday_program_begins_on_the_next_monday() {
    let p = program(Start::Monday);
    assert_eq!(first_day(&p, day(3)), day(7));
    assert_eq!(first_day(&p, day(7)), day(7), "a Monday is its own");
    assert_eq!(place(&p, day(3), day(5)), Place::Before { starts: day(7) });
}

#[test]
fn times_a_week_are_due_until_done_and_never_twice_a_day() {
    let p = program(Start::Today);
    let week = &p.weeks[0];
    let sessions = [done(3, "desk-reset"), done(4, "desk-reset")];
    let today = week_progress(week, day(3), day(4), &sessions);
    assert_eq!(today[0].done, 2);
    assert!(today[0].done_today);
    assert!(!today[0].due_today, "done today already");
    let next = week_progress(week, day(3), day(5), &sessions);
    assert!(next[0].due_today, "one more this week");
    let all = [
        done(3, "desk-reset"),
        done(4, "desk-reset"),
        done(5, "desk-reset"),
    ];
    assert!(
        !week_progress(week, day(3), day(6), &all)[0].due_today,
        "three done"
    );
}

#[test]
fn days_of_the_week_are_due_on_those_days_only() {
    let p = program(Start::Monday);
    let week = &p.weeks[1];
    // Week 2 of a Monday program started on the 3rd begins on the 14th.
    let monday = week_progress(week, day(14), day(14), &[]);
    assert!(monday[0].due_today);
    let tuesday = week_progress(week, day(14), day(15), &[]);
    assert!(!tuesday[0].due_today);
    assert!(tuesday[1].due_today, "still-point: once, any day");
}

#[test]
fn sessions_count_in_the_week_they_fall_in_across_the_boundary() {
    let p = program(Start::Today);
    // The 9th is the last day of week 1, the 10th the first of week 2.
    let sessions = [
        done(9, "desk-reset"),
        done(10, "desk-reset"),
        done(10, "other"),
    ];
    let tallies = tallies(&p, day(3), day(12), &sessions);
    assert_eq!(tallies.len(), 2);
    assert_eq!((tallies[0].planned, tallies[0].done), (3, 1));
    assert_eq!(
        (tallies[1].planned, tallies[1].done),
        (3, 1),
        "other is not planned"
    );
    assert_eq!(tallies[1].first, day(10));
}

#[test]
fn a_routine_named_by_its_title_is_matched_in_any_case() {
    let by_title = Done {
        day: day(3),
        routine: "desk-reset".into(),
        title: "Desk reset".into(),
    };
    assert!(by_title.is("desk reset"));
    assert!(by_title.is("desk-reset"));
    assert!(!by_title.is("still-point"));
}

#[test]
fn more_sessions_than_planned_are_not_counted_twice() {
    let p = program(Start::Today);
    let sessions: Vec<Done> = (3..=8).map(|d| done(d, "desk-reset")).collect();
    let tallies = tallies(&p, day(3), day(9), &sessions);
    assert_eq!((tallies[0].planned, tallies[0].done), (3, 3));
}
