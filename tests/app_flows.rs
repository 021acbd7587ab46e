//! The real `App`, headless: on ratatui's `TestBackend`, with an injected
//! clock and a journal in a temp folder, driven by whole key sequences as a
//! person would press them, and read back from the screen and the journal.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::KeyCode;
use stillpoint::conductor::{Ending, Keeper, WallClock};
use stillpoint::journal::{EndReason, Journal, Outcome, Record, Session, stats};
use stillpoint::ui::app::{App, Control, Playable};

mod app_support;
use app_support::{Person, noon, options, playable};

/// 3 s lead-in, then a 20 s knead and a 10 s rest: 33 s in all.
const ROUTINE: &str = r#"
stillpoint = 1
title = "Quick reset"
summary = "Two short steps."
tags = ["neck"]
lead_in = "3s"

[[step]]
title = "Neck kneading"
kind = "knead"
duration = "20s"
instructions = "Knead the side of your neck."

[[step]]
title = "Rest"
kind = "rest"
duration = "10s"
instructions = "Let your hands fall."
"#;

const TOTAL: f64 = 33.0;

fn quick_reset() -> Playable {
    playable("quick-reset.toml", ROUTINE)
}

#[test]
fn library_checkin_play_then_ctrl_c_leaves_one_record_with_the_pain_before() {
    let mut person = Person::at_the_library(vec![quick_reset()], true);
    assert!(person.screen().contains("Quick reset"));
    person.press(KeyCode::Enter);
    assert!(person.screen().contains("How is your head right now?"));
    person.types("6");
    person.waits(8.0);
    assert!(person.screen().contains("Neck kneading"));
    assert_eq!(person.ctrl_c(), Control::Exit);
    assert_eq!(person.app.exit_code(), 130);
    let session = person.session();
    assert_eq!(
        session.outcome,
        Outcome::EndedEarly {
            reason: EndReason::CtrlC
        }
    );
    assert_eq!(session.pain_before.map(u8::from), Some(6));
    assert_eq!(session.pain_after, None, "Ctrl-C asks nothing more");
    assert_eq!(session.active_seconds, 8);
    assert_eq!(session.start, person.at(0.0));
    assert_eq!(session.end, person.at(8.0));
    assert!(!session.counts(), "8 of 33 s is not a session done");
    assert!(person.app.leave().is_empty(), "nothing left unsaved");
}

#[test]
fn skipping_through_every_step_is_recorded_and_never_counted() {
    let mut person = Person::playing(quick_reset(), false);
    person.waits(1.0);
    for _ in 0..3 {
        person.press(KeyCode::Char('n'));
        person.waits(0.5);
    }
    assert!(person.screen().contains("Skipped to the end"));
    let session = person.session();
    assert_eq!(
        session.outcome,
        Outcome::EndedEarly {
            reason: EndReason::Skipped
        }
    );
    assert_eq!(session.steps_done, 0);
    assert_eq!(session.skipped_steps, vec![1, 2]);
    assert!(!session.counts());
    let summary = stats::summarise(&person.records(), noon().date_naive(), 4, 3);
    assert_eq!(summary.sessions, 0);
    assert_eq!(summary.not_counted, 1);
    assert_eq!(summary.this_week.sessions, 0);
    assert_eq!(summary.streak, 0);
    assert_eq!(summary.relief.per_routine.len(), 0);
}

#[test]
fn ending_in_the_lead_in_is_no_session_done() {
    let mut person = Person::playing(quick_reset(), false);
    person.waits(1.0);
    person.press(KeyCode::Char('q'));
    assert!(person.screen().contains("End this session now?"));
    person.press(KeyCode::Char('y'));
    let session = person.session();
    assert_eq!(
        session.outcome,
        Outcome::EndedEarly {
            reason: EndReason::Quit
        }
    );
    assert_eq!((session.steps_done, session.active_seconds), (0, 1));
    assert!(!session.counts());
    assert_eq!(person.app.exit_code(), 0);
}

#[test]
fn a_completed_session_ends_when_it_ended_not_when_the_checkout_was_answered() {
    let mut person = Person::playing(quick_reset(), true);
    person.types("5");
    person.waits(TOTAL + 1.0);
    assert!(person.screen().contains("How is your head now?"));
    // The person sits with it for ten minutes, then answers.
    person.waits(600.0);
    person.types("2");
    person.types("better");
    person.press(KeyCode::Enter);
    let session = person.session();
    assert_eq!(session.outcome, Outcome::Completed);
    assert_eq!(session.end, person.at(TOTAL));
    assert_eq!(session.active_seconds, 33);
    assert_eq!((session.steps_done, session.steps_total), (2, 2));
    assert!(session.skipped_steps.is_empty());
    assert_eq!(session.relief(), Some(3));
    assert_eq!(session.note.as_deref(), Some("better"));
    assert!(session.counts());
    assert!(person.screen().contains("Saved to your journal"));
    assert_eq!(person.press(KeyCode::Enter), Control::Exit);
}

#[test]
fn a_signal_during_the_note_saves_what_was_typed() {
    let mut person = Person::playing(quick_reset(), true);
    person.types("7");
    person.waits(TOTAL + 1.0);
    person.types("3");
    person.types("neck eased");
    person.app.interrupt(Ending::Signal(15), person.now);
    assert_eq!(person.app.exit_code(), 143);
    let session = person.session();
    assert_eq!(session.outcome, Outcome::Completed);
    assert_eq!(session.pain_after.map(u8::from), Some(3));
    assert_eq!(session.note.as_deref(), Some("neck eased"));
}

#[test]
fn a_pasted_note_is_kept_whole_on_one_line() {
    let mut person = Person::playing(quick_reset(), true);
    person.types("s");
    person.waits(TOTAL + 1.0);
    person.types("s");
    person
        .app
        .paste("slept badly\nstiff neck\r\nbetter now\u{1b}[201~");
    person.press(KeyCode::Enter);
    let note = person.session().note.expect("a note");
    assert_eq!(note, "slept badly stiff neck  better now [201~");
}

#[test]
fn the_terminal_closing_on_any_screen_saves_the_session_once() {
    // Mid-session: saved at once as ended because the terminal closed.
    let mut person = Person::playing(quick_reset(), true);
    person.types("4");
    person.waits(20.0);
    person.app.interrupt(Ending::TerminalClosed, person.now);
    let session = person.session();
    assert_eq!(
        session.outcome,
        Outcome::EndedEarly {
            reason: EndReason::TerminalClosed
        }
    );
    assert_eq!(person.app.exit_code(), 129);
    // On the finished screen: nothing more is written.
    person.app.interrupt(Ending::Signal(1), person.now);
    assert_eq!(person.records().len(), 1);
}

#[test]
fn the_help_and_the_question_pause_the_session_and_closing_them_resumes() {
    let mut person = Person::playing(quick_reset(), false);
    person.waits(5.0);
    person.types("?");
    let help = person.screen();
    assert!(help.contains("The session is paused"), "{help}");
    assert!(help.contains("pause or resume"), "{help}");
    person.waits(30.0);
    person.press(KeyCode::Esc);
    assert!(!person.screen().contains("The session is paused"));
    person.press(KeyCode::Char('q'));
    assert!(person.screen().contains("Paused while you choose"));
    person.waits(30.0);
    person.press(KeyCode::Char('n'));
    // 60 s passed with the overlays open; the session is still in step 1.
    let screen = person.screen();
    assert!(screen.contains("Neck kneading"), "{screen}");
    person.waits(TOTAL);
    let session = person.session();
    assert_eq!(session.outcome, Outcome::Completed);
    assert_eq!(session.paused_seconds, 60);
    assert_eq!(session.active_seconds, 33);
}

#[test]
fn a_paused_session_stays_paused_after_the_help_closes() {
    let mut person = Person::playing(quick_reset(), false);
    person.waits(5.0);
    person.types(" ?");
    person.press(KeyCode::Esc);
    person.waits(100.0);
    person.types("q");
    person.press(KeyCode::Char('n'));
    person.waits(100.0);
    person.types("qy");
    let session = person.session();
    assert_eq!(session.active_seconds, 5);
    assert_eq!(session.paused_seconds, 200);
}

#[test]
fn every_screen_helps_with_its_own_keys() {
    let mut person = Person::at_the_library(vec![quick_reset()], true);
    person.types("?");
    let help = person.screen();
    assert!(help.contains("filter by title"), "{help}");
    assert!(!help.contains("pause"), "the player's keys: {help}");
    person.press(KeyCode::Esc);
    person.types("h?");
    assert!(person.screen().contains("back to the routines"));
    person.press(KeyCode::Esc);
    person.press(KeyCode::Esc);
    person.press(KeyCode::Enter);
    person.types("?");
    let help = person.screen();
    assert!(help.contains("do not start after all"), "{help}");
    person.press(KeyCode::Esc);
    person.types("2");
    person.types("?");
    assert!(person.screen().contains("ambient sound on or off"));
}

#[test]
fn esc_clears_a_kept_filter_before_it_leaves_the_library() {
    let mut person = Person::at_the_library(vec![quick_reset()], false);
    person.types("/quick");
    person.press(KeyCode::Enter);
    let filtered = person.screen();
    assert!(filtered.contains("Quick reset"), "{filtered}");
    assert!(!filtered.contains("Box breathing"), "{filtered}");
    assert_eq!(person.press(KeyCode::Esc), Control::Continue);
    assert!(person.screen().contains("Box breathing"), "filter cleared");
    assert_eq!(person.press(KeyCode::Esc), Control::Exit);
}

#[test]
fn ctrl_c_before_any_session_records_nothing_and_says_130() {
    let mut person = Person::at_the_library(vec![quick_reset()], true);
    person.press(KeyCode::Enter);
    assert_eq!(person.ctrl_c(), Control::Exit);
    assert_eq!(person.app.exit_code(), 130);
    assert!(person.records().is_empty());
}

#[test]
fn two_sessions_from_the_library_are_two_records_and_the_week_counts_the_done_one() {
    let mut person = Person::at_the_library(vec![quick_reset()], false);
    person.press(KeyCode::Enter);
    person.waits(TOTAL + 1.0);
    person.press(KeyCode::Enter);
    assert!(
        person.screen().contains("Quick reset"),
        "back in the library"
    );
    person.press(KeyCode::Enter);
    person.waits(2.0);
    person.types("qy");
    person.press(KeyCode::Enter);
    let records = person.records();
    assert_eq!(records.len(), 2);
    let counted: Vec<bool> = records
        .iter()
        .filter_map(Record::as_session)
        .map(Session::counts)
        .collect();
    assert_eq!(counted, vec![true, false]);
}

#[test]
fn a_save_that_fails_is_kept_for_the_next_run_and_shown_on_leaving() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    std::fs::create_dir(&journal).unwrap(); // cannot be written as a file
    let t0 = Instant::now();
    let mut app = App::play(
        quick_reset(),
        options(false),
        Keeper::new(Some(Journal::at(&journal))),
        None,
        WallClock::following(t0, noon()),
        t0,
    );
    app.tick(t0 + Duration::from_secs(40));
    let lines = app.leave();
    let text = lines.join("\n");
    assert!(text.contains("could not be saved"), "{text}");
    assert!(text.contains("\"routine\""), "the record itself: {text}");
    let kept = std::fs::read_to_string(dir.path().join("journal.unsaved.jsonl")).unwrap();
    assert_eq!(kept.lines().count(), 1, "{kept}");
    assert!(kept.contains("Quick reset"));
}
