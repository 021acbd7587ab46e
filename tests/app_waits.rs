//! Wait steps and cautions in the real `App`, headless: what a person sees
//! and what the journal keeps.

use ratatui::crossterm::event::KeyCode;
use stillpoint::journal::{EndReason, Outcome};
use stillpoint::ui::app::Control;

mod app_support;
use app_support::{Person, playable};

/// Cautions; 2 s lead-in; a wait for the compress; a 10 s rest.
const ROUTINE: &str = r#"
stillpoint = 1
title = "Compress and rest"
lead_in = "2s"
cautions = ["Stop if you feel dizzy.", "Not after a head injury: see a doctor first."]

[[step]]
title = "Compress on"
kind = "wait"
instructions = "Lay the warm compress across your neck."

[[step]]
title = "Rest"
kind = "rest"
duration = "10s"
instructions = "Let your shoulders drop."
"#;

fn person_at_the_library() -> Person {
    Person::at_the_library(vec![playable("compress.toml", ROUTINE)], true)
}

#[test]
fn the_cautions_come_before_the_session_and_esc_starts_nothing() {
    let mut person = person_at_the_library();
    person.press(KeyCode::Enter);
    person.types("s");
    let screen = person.screen();
    assert!(screen.contains("Please read before you start:"), "{screen}");
    assert!(screen.contains("Stop if you feel dizzy."), "{screen}");
    assert!(screen.contains("Not after a head injury"), "{screen}");
    assert!(screen.contains("Enter start"), "{screen}");
    person.press(KeyCode::Esc);
    person.waits(5.0);
    assert!(person.screen().contains("Compress and rest"));
    assert!(person.records().is_empty(), "nothing started, nothing kept");
}

#[test]
fn a_wait_holds_until_space_and_the_session_is_done_when_it_is_played_through() {
    let mut person = person_at_the_library();
    person.press(KeyCode::Enter);
    person.types("4");
    person.press(KeyCode::Enter);
    person.waits(3.0);
    let screen = person.screen();
    assert!(screen.contains("Compress on"), "{screen}");
    assert!(screen.contains("Ready? Press space."), "{screen}");
    assert!(screen.contains("space go on"), "{screen}");
    // However long the compress takes, the step waits.
    person.waits(90.0);
    let screen = person.screen();
    assert!(screen.contains("Compress on"), "{screen}");
    assert!(screen.contains("waiting for you"), "{screen}");
    person.press(KeyCode::Char(' '));
    person.waits(1.0);
    assert!(person.screen().contains("Let your shoulders drop."));
    person.waits(10.0);
    assert!(person.screen().contains("How is your head now?"));
    person.types("2");
    person.press(KeyCode::Enter);
    person.press(KeyCode::Enter);
    let session = person.session();
    assert_eq!(session.outcome, Outcome::Completed);
    assert_eq!(session.steps_done, 2);
    assert_eq!(session.pain_before.map(u8::from), Some(4));
    assert_eq!(session.active_seconds, 12, "the lead-in and the rest");
    assert!(
        (90..=92).contains(&session.paused_seconds),
        "the wait, kept as time paused: {}",
        session.paused_seconds
    );
    assert_eq!(session.planned_seconds, 12, "the wait held is not timed");
    assert!(session.counts());
}

#[test]
fn ctrl_c_while_waiting_saves_at_once_with_the_wait_not_done() {
    let mut person = Person::playing(playable("compress.toml", ROUTINE), false);
    person.press(KeyCode::Enter);
    person.waits(30.0);
    assert!(person.screen().contains("Ready? Press space."));
    assert_eq!(person.ctrl_c(), Control::Exit);
    let session = person.session();
    assert_eq!(
        session.outcome,
        Outcome::EndedEarly {
            reason: EndReason::CtrlC
        }
    );
    assert_eq!(session.steps_done, 0);
    assert!(!session.counts());
}
