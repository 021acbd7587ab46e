use chrono::{DateTime, NaiveDate};

use super::*;
use crate::journal::{EndReason, Outcome, Rating, RoutineRef, Session};
use crate::program::parse;

/// Two weeks: desk-reset three times, then desk-reset on Monday and
/// Friday and box-breathing once.
const TWO_WEEKS: &str = r#"
stillpoint_program = 1
title = "Two weeks"
author = "A. Therapist"
[[week]]
sessions = [{ routine = "desk-reset", times = 3 }]
[[week]]
sessions = [
  { routine = "desk-reset", days = ["mon", "fri"] },
  { routine = "box-breathing", times = 1 },
]
"#;

fn day(d: u32) -> NaiveDate {
    // December 2026: the 3rd is a Thursday, the 7th a Monday.
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn following(text: &str, started: u32) -> Following {
    Following {
        program: parse(text, &|_| Ok(())).program.unwrap(),
        started: day(started),
        ended: None,
    }
}

/// A session of the routine in `file` (`desk-reset.toml`), ten minutes
/// planned, `played` seconds of it played, at `start` (RFC 3339).
fn session(file: &str, start: &str, played: u32, pain: Option<(u8, u8)>) -> Record {
    let start = DateTime::parse_from_rfc3339(start).unwrap();
    let title = file.replace('-', " ");
    let routine = RoutineRef::new(title, Some(format!("{file}.toml")), file);
    Session {
        planned_seconds: 600,
        active_seconds: played,
        pain_before: pain.and_then(|p| Rating::new(p.0)),
        pain_after: pain.and_then(|p| Rating::new(p.1)),
        ..Session::new(
            routine,
            start,
            start + chrono::Duration::seconds(played.into()),
            Outcome::Completed,
        )
    }
    .into()
}

fn done(file: &str, start: &str) -> Record {
    session(file, start, 600, None)
}

fn done_per_week(a: &Adherence) -> Vec<(u32, u32)> {
    a.weeks.iter().map(|w| (w.done, w.planned)).collect()
}

#[test]
fn a_program_started_mid_week_runs_its_weeks_from_that_day() {
    let f = following(TWO_WEEKS, 3);
    let a = adherence(&f, &[], day(12), day(12));
    assert_eq!(a.first_day, day(3));
    assert_eq!(a.last_day, day(16));
    let dates: Vec<_> = a.weeks.iter().map(|w| (w.first, w.last)).collect();
    assert_eq!(dates, [(day(3), day(9)), (day(10), day(16))]);
    assert_eq!(
        a.place,
        Where::Week {
            number: 2,
            weeks: 2
        }
    );
    assert_eq!(a.author.as_deref(), Some("A. Therapist"));
}

#[test]
fn sessions_count_in_the_week_they_fall_in_across_the_boundary() {
    let f = following(TWO_WEEKS, 3);
    let records = [
        done("desk-reset", "2026-12-08T12:00:00+01:00"),
        done("desk-reset", "2026-12-09T12:00:00+01:00"),
        done("desk-reset", "2026-12-10T12:00:00+01:00"),
        done("box-breathing", "2026-12-10T20:00:00+01:00"),
    ];
    let a = adherence(&f, &records, day(12), day(12));
    assert_eq!(done_per_week(&a), [(2, 3), (2, 3)]);
    let second: Vec<_> = a.weeks[1]
        .routines
        .iter()
        .map(|r| (r.routine.as_str(), r.done, r.planned))
        .collect();
    assert_eq!(second, [("desk-reset", 1, 2), ("box-breathing", 1, 1)]);
    assert_eq!((a.done_so_far, a.planned_so_far), (4, 6));
}

#[test]
fn weeks_not_reached_are_to_come_and_the_current_one_in_progress() {
    let f = following(TWO_WEEKS, 3);
    let records = [done("desk-reset", "2026-12-04T12:00:00+01:00")];
    let a = adherence(&f, &records, day(5), day(5));
    let states: Vec<_> = a.weeks.iter().map(|w| w.state).collect();
    assert_eq!(states, [WeekState::InProgress, WeekState::ToCome]);
    assert_eq!(done_per_week(&a), [(1, 3), (0, 3)]);
    assert_eq!(
        (a.done_so_far, a.planned_so_far),
        (1, 3),
        "a week to come is not counted as planned so far"
    );
    // On its last day a week is still in progress; seen from a later day,
    // a report up to that day shows it over.
    let today = adherence(&f, &records, day(9), day(9));
    assert_eq!(today.weeks[0].state, WeekState::InProgress);
    let later = adherence(&f, &records, day(9), day(20));
    assert_eq!(later.weeks[0].state, WeekState::Past);
    assert_eq!(later.weeks[1].state, WeekState::ToCome);
}

#[test]
fn sessions_after_the_last_day_counted_are_left_out() {
    let f = following(TWO_WEEKS, 3);
    let records = [
        session("desk-reset", "2026-12-04T12:00:00+01:00", 600, Some((6, 3))),
        session("desk-reset", "2026-12-06T12:00:00+01:00", 600, Some((6, 2))),
    ];
    let a = adherence(&f, &records, day(5), day(20));
    assert_eq!(a.weeks[0].done, 1);
    assert_eq!(a.relief[0].sessions, 1);
    assert_eq!(a.relief[0].mean_relief, Some(3.0));
}

#[test]
fn a_session_counts_on_the_day_it_was_lived_in_its_own_time_zone() {
    let f = following(TWO_WEEKS, 3);
    let records = [
        // The 9th in New York, the 10th in UTC: week 1.
        done("desk-reset", "2026-12-09T23:30:00-05:00"),
        // The 10th in Tokyo, still the 9th in UTC: week 2.
        done("box-breathing", "2026-12-10T00:30:00+09:00"),
    ];
    let a = adherence(&f, &records, day(12), day(12));
    assert_eq!(done_per_week(&a), [(1, 3), (1, 3)]);
    assert_eq!(a.weeks[1].routines[1].done, 1, "box-breathing in week 2");
}

#[test]
fn a_session_skipped_through_does_not_count_nor_give_relief() {
    let f = following(TWO_WEEKS, 3);
    let Record::Session(mut skipped) =
        session("desk-reset", "2026-12-04T12:00:00+01:00", 20, Some((7, 1)))
    else {
        unreachable!()
    };
    skipped.outcome = Outcome::EndedEarly {
        reason: EndReason::Skipped,
    };
    let records = [
        Record::Session(skipped),
        session("desk-reset", "2026-12-05T12:00:00+01:00", 400, Some((5, 4))),
    ];
    let a = adherence(&f, &records, day(6), day(6));
    assert_eq!(a.weeks[0].done, 1, "only the one played more than half");
    assert_eq!(a.relief[0].sessions, 1);
    assert_eq!(a.relief[0].mean_relief, Some(1.0));
}

#[test]
fn relief_is_per_routine_of_the_program_over_its_weeks() {
    // A Monday program started on Thursday the 3rd begins on the 7th.
    let text = TWO_WEEKS.replace("author", "start = \"monday\"\nauthor");
    let f = following(&text, 3);
    let records = [
        // Before week 1: not the program's.
        session("desk-reset", "2026-12-04T12:00:00+01:00", 600, Some((9, 0))),
        session("desk-reset", "2026-12-07T12:00:00+01:00", 600, Some((6, 3))),
        session("desk-reset", "2026-12-08T12:00:00+01:00", 600, Some((5, 4))),
        session("desk-reset", "2026-12-09T12:00:00+01:00", 600, None),
        // More than planned still tells how the routine helps.
        session("desk-reset", "2026-12-10T12:00:00+01:00", 600, Some((4, 4))),
        session("desk-reset", "2026-12-11T12:00:00+01:00", 600, Some((5, 5))),
        // Not in the program.
        session(
            "still-point",
            "2026-12-08T20:00:00+01:00",
            600,
            Some((8, 2)),
        ),
    ];
    let a = adherence(&f, &records, day(13), day(13));
    assert_eq!(a.weeks[0].done, 3, "more than planned is not counted twice");
    let names: Vec<_> = a.relief.iter().map(|r| r.routine.as_str()).collect();
    assert_eq!(names, ["desk-reset", "box-breathing"]);
    let desk = &a.relief[0];
    assert_eq!((desk.sessions, desk.rated), (5, 4));
    assert_eq!(desk.mean_pain_before, Some(5.0));
    assert_eq!(desk.mean_pain_after, Some(4.0));
    assert_eq!(desk.mean_relief, Some(1.0));
    let breathing = &a.relief[1];
    assert_eq!((breathing.sessions, breathing.rated), (0, 0));
    assert_eq!(breathing.mean_relief, None);
}

#[test]
fn a_monday_program_not_yet_begun_has_every_week_to_come() {
    let text = TWO_WEEKS.replace("author", "start = \"monday\"\nauthor");
    let f = following(&text, 3);
    let a = adherence(
        &f,
        &[done("desk-reset", "2026-12-04T12:00:00+01:00")],
        day(5),
        day(5),
    );
    assert_eq!(a.place, Where::Before);
    assert!(a.weeks.iter().all(|w| w.state == WeekState::ToCome));
    assert_eq!((a.done_so_far, a.planned_so_far), (0, 0));
}

#[test]
fn a_program_is_followed_in_a_period_from_its_start_to_its_last_day() {
    let f = following(TWO_WEEKS, 3);
    assert!(followed_between(&f, day(1), day(3)));
    assert!(!followed_between(&f, day(1), day(2)), "not started yet");
    assert!(followed_between(&f, day(16), day(31)));
    assert!(!followed_between(&f, day(17), day(31)), "over before");
    let over = adherence(&f, &[], day(20), day(20));
    assert_eq!(over.place, Where::Over);
    assert!(over.weeks.iter().all(|w| w.state == WeekState::Past));
}

/// `f`, as ended at `at` (RFC 3339).
fn ended_at(f: Following, at: &str) -> Following {
    Following {
        ended: Some(DateTime::parse_from_rfc3339(at).unwrap()),
        ..f
    }
}

#[test]
fn a_program_stopped_counts_only_what_was_done_before_it_ended() {
    // Stopped on Friday the 11th at 10:00, in week 2.
    let f = ended_at(following(TWO_WEEKS, 3), "2026-12-11T10:00:00+01:00");
    let records = [
        session("desk-reset", "2026-12-04T12:00:00+01:00", 600, Some((6, 3))),
        session("desk-reset", "2026-12-11T09:00:00+01:00", 600, Some((5, 4))),
        // The same day, after it ended, and the day after: not its.
        session("desk-reset", "2026-12-11T18:00:00+01:00", 600, Some((9, 0))),
        session(
            "box-breathing",
            "2026-12-12T12:00:00+01:00",
            600,
            Some((9, 0)),
        ),
    ];
    let a = adherence(&f, &records, day(31), day(31));
    assert_eq!(a.ended, Some(day(11)));
    assert_eq!(
        a.place,
        Where::Week {
            number: 2,
            weeks: 2
        }
    );
    let states: Vec<_> = a.weeks.iter().map(|w| w.state).collect();
    assert_eq!(states, [WeekState::Past, WeekState::Stopped]);
    assert_eq!(done_per_week(&a), [(1, 3), (1, 3)]);
    assert_eq!((a.done_so_far, a.planned_so_far), (2, 6));
    assert_eq!(a.relief[0].sessions, 2);
    assert_eq!(a.relief[0].mean_relief, Some(2.0));
    assert_eq!(a.relief[1].sessions, 0, "box breathing after it ended");
}

#[test]
fn a_program_stopped_in_week_1_has_no_weeks_after_it() {
    let f = ended_at(following(TWO_WEEKS, 3), "2026-12-05T20:00:00+01:00");
    let a = adherence(&f, &[], day(31), day(31));
    assert_eq!(a.weeks.len(), 1, "week 2 was never followed");
    assert_eq!(a.weeks[0].state, WeekState::Stopped);
    assert_eq!(a.program_weeks, 2);
    assert_eq!((a.done_so_far, a.planned_so_far), (0, 3));
    // A Monday program stopped before its week 1 began has no weeks.
    let text = TWO_WEEKS.replace("author", "start = \"monday\"\nauthor");
    let f = ended_at(following(&text, 3), "2026-12-05T20:00:00+01:00");
    let a = adherence(&f, &[], day(31), day(31));
    assert_eq!((a.place, a.weeks.len()), (Where::Before, 0));
}

#[test]
fn a_program_seen_before_it_ended_is_shown_as_it_was() {
    let f = ended_at(following(TWO_WEEKS, 3), "2026-12-11T10:00:00+01:00");
    let a = adherence(&f, &[], day(5), day(31));
    assert_eq!(a.ended, None);
    let states: Vec<_> = a.weeks.iter().map(|w| w.state).collect();
    assert_eq!(states, [WeekState::InProgress, WeekState::ToCome]);
}

#[test]
fn a_program_stopped_is_followed_in_a_period_up_to_the_day_it_ended() {
    let f = ended_at(following(TWO_WEEKS, 3), "2026-12-08T10:00:00+01:00");
    assert!(followed_between(&f, day(8), day(31)));
    assert!(!followed_between(&f, day(9), day(31)), "ended before");
    // Stopped after its weeks were over: followed to its last day.
    let f = ended_at(following(TWO_WEEKS, 3), "2026-12-28T10:00:00+01:00");
    assert!(followed_between(&f, day(16), day(31)));
    assert!(!followed_between(&f, day(17), day(31)));
    let a = adherence(&f, &[], day(31), day(31));
    assert_eq!((a.place, a.ended), (Where::Over, Some(day(28))));
    assert!(a.weeks.iter().all(|w| w.state == WeekState::Past));
}
