//! The library while a program is followed, headless: its line says the
//! week, what is due today and what is done; this week's routines come
//! first; a session played from it counts at once.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use stillpoint::program::schedule::Following;
use stillpoint::program::{Often, Planned, Program, Start, Week};
use stillpoint::routine::parse;
use stillpoint::ui::app::{App, Playable};

mod app_support;
use app_support::{Person, noon, options};

fn planned(routine: &str, times: u32) -> Planned {
    Planned {
        routine: routine.into(),
        often: Often::Times(times),
    }
}

/// Started the day before the tests' noon: week 1 of 2, the jaw and scalp
/// routine three times, box breathing once.
fn following() -> Following {
    let week = Week {
        notes: None,
        sessions: vec![planned("jaw-scalp", 3), planned("box-breathing", 1)],
    };
    Following {
        program: Program {
            title: "Jaw plan".into(),
            author: None,
            notes: None,
            start: Start::Today,
            weeks: vec![week.clone(), week],
        },
        started: noon().date_naive() - chrono::Days::new(1),
        ended: None,
    }
}

fn bundled() -> Vec<Playable> {
    stillpoint::library::all(&[])
        .iter()
        .filter_map(|s| parse(s).routine.map(|r| Playable::new(s, r)))
        .collect()
}

fn person() -> Person {
    Person::with_app(|keeper, clock, _| {
        App::library(bundled(), options(false), keeper, None, clock).following(following())
    })
}

#[test]
fn the_library_says_where_the_person_is_and_puts_this_week_first() {
    let mut person = person();
    let screen = person.reads_the_journal();
    assert!(
        screen.contains("Week 1 of 2 · today: Jaw and scalp release · 0 of 4 this week"),
        "{screen}"
    );
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains('│')).collect();
    assert!(rows[0].contains("› Jaw and scalp release"), "{screen}");
    assert!(rows[1].contains("Box breathing"), "{screen}");
    assert!(
        !screen.contains("sessions this week"),
        "the program's week, not the goal: {screen}"
    );
}

#[test]
fn a_session_played_from_the_library_counts_at_once() {
    let mut person = person();
    person.reads_the_journal();
    person.press(KeyCode::Enter);
    // The whole jaw and scalp routine, then back to the library.
    person.waits(6.0 * 60.0 + 30.0);
    person.press(KeyCode::Enter);
    person.waits(1.0);
    let screen = person.reads_the_journal();
    assert!(
        screen.contains("Week 1 of 2 · today: Box breathing · 1 of 4 this week"),
        "{screen}"
    );
    let day: NaiveDate = person.session().start.date_naive();
    assert_eq!(day, noon().date_naive());
}
