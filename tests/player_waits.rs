//! Wait steps in the player: held at their start until the person goes on
//! (space), or at most their `at_most`. Instants are `t0 + offset`.

use std::time::{Duration, Instant};

use stillpoint::routine::Routine;
use stillpoint::session::{Effect, Msg, Outcome, Player, State, Summary};
use stillpoint::timeline::{CueKind, Timeline};

mod routine_support;
use routine_support::{routine, secs};

/// A 2 s lead-in, a wait (held), a 5 s rest, a wait of at most 8 s, a 4 s rest.
fn waits() -> Routine {
    routine(
        r#"stillpoint = 1
title = "Waits"
lead_in = "2s"

[[step]]
title = "Compress on"
kind = "wait"
instructions = "Put the compress on."

[[step]]
title = "Rest"
kind = "rest"
duration = "5s"
instructions = "Rest."

[[step]]
title = "Towel"
kind = "wait"
at_most = "8s"
instructions = "Fetch a towel."

[[step]]
title = "Last rest"
kind = "rest"
duration = "4s"
instructions = "Rest."
"#,
    )
}

fn start(routine: &Routine, t0: Instant) -> Player {
    let (player, _) = Player::start(Timeline::build(routine), routine.steps.len(), t0);
    player
}

fn step_starts(effects: &[Effect]) -> Vec<usize> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Cue(c) if c.kind == CueKind::StepStart => Some(c.segment),
            _ => None,
        })
        .collect()
}

fn ended(effects: &[Effect]) -> Option<Summary> {
    effects.iter().find_map(|e| match e {
        Effect::Ended(s) => Some(s.clone()),
        _ => None,
    })
}

#[test]
fn a_wait_holds_at_its_start_however_long_it_takes() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    let effects = player.update(Msg::Tick, t0 + secs(2.0));
    assert_eq!(
        step_starts(&effects),
        vec![1],
        "the wait's own start sounds"
    );
    assert_eq!(player.state(), State::Waiting);
    assert_eq!(player.next_deadline(t0 + secs(2.0)), None);
    // Ten minutes later nothing has moved, and no cue of the rest fired.
    let later = t0 + secs(600.0);
    assert!(player.update(Msg::Tick, later).is_empty());
    assert_eq!(player.position(later), secs(2.0));
    assert_eq!(player.segment(), 1);
}

#[test]
fn a_late_tick_past_the_whole_wait_still_stops_at_its_start() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    let effects = player.update(Msg::Tick, t0 + secs(30.0));
    assert_eq!(step_starts(&effects), vec![1]);
    assert_eq!(player.state(), State::Waiting);
    assert_eq!(player.position(t0 + secs(31.0)), secs(2.0));
}

#[test]
fn space_goes_on_at_once_and_the_wait_counts_as_done() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    assert!(player.goes_on(t0 + secs(40.0)));
    let effects = player.update(Msg::TogglePause, t0 + secs(40.0));
    assert_eq!(step_starts(&effects), vec![2], "the rest starts at once");
    assert_eq!(player.state(), State::Playing);
    // The rest plays its 5 s from there.
    assert_eq!(player.segment(), 2);
    let effects = player.update(Msg::Tick, t0 + secs(45.0));
    assert_eq!(step_starts(&effects), vec![3]);
    let summary = ended(&player.update(Msg::Quit, t0 + secs(46.0))).expect("ended");
    assert_eq!(summary.steps_done, 2, "the held wait and the rest");
    assert_eq!(summary.skipped, Vec::<usize>::new());
    assert_eq!(
        summary.paused,
        secs(38.0),
        "the hold is kept as paused time"
    );
}

#[test]
fn a_wait_with_at_most_moves_on_by_itself_and_counts_as_done() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    player.update(Msg::TogglePause, t0 + secs(2.0));
    let effects = player.update(Msg::Tick, t0 + secs(7.0));
    assert_eq!(step_starts(&effects), vec![3]);
    assert_eq!(player.state(), State::Playing, "at_most does not hold");
    let effects = player.update(Msg::Tick, t0 + secs(15.0));
    assert_eq!(step_starts(&effects), vec![4], "on by itself after 8 s");
    let summary = ended(&player.update(Msg::Tick, t0 + secs(19.0))).expect("ended");
    assert_eq!(summary.outcome, Outcome::Completed);
    assert_eq!(summary.steps_done, 4);
}

#[test]
fn space_ends_a_wait_with_at_most_sooner_and_counts_it_done() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    player.update(Msg::TogglePause, t0 + secs(2.0));
    player.update(Msg::Tick, t0 + secs(8.0));
    assert!(player.goes_on(t0 + secs(9.0)));
    let effects = player.update(Msg::TogglePause, t0 + secs(9.0));
    assert_eq!(step_starts(&effects), vec![4]);
    assert_eq!(player.state(), State::Playing, "space went on, not paused");
    let summary = ended(&player.update(Msg::Tick, t0 + secs(13.0))).expect("ended");
    assert_eq!(summary.outcome, Outcome::Completed);
    assert_eq!(summary.steps_done, 4);
}

#[test]
fn space_outside_a_wait_still_pauses() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    assert!(!player.goes_on(t0 + secs(1.0)), "the lead-in is no wait");
    player.update(Msg::TogglePause, t0 + secs(1.0));
    assert_eq!(player.state(), State::Paused);
}

#[test]
fn next_at_a_wait_skips_it_and_it_does_not_count() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    let effects = player.update(Msg::Next, t0 + secs(3.0));
    assert_eq!(step_starts(&effects), vec![2]);
    assert_eq!(player.state(), State::Playing);
    let summary = ended(&player.update(Msg::Quit, t0 + secs(9.0))).expect("ended");
    assert_eq!(summary.skipped, vec![0], "the wait was skipped, not done");
    assert_eq!(summary.steps_done, 1);
}

#[test]
fn previous_from_a_held_wait_goes_back_and_the_wait_holds_again() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    player.update(Msg::TogglePause, t0 + secs(2.0));
    player.update(Msg::Tick, t0 + secs(3.0));
    // 1 s into the rest: back goes to the wait, which holds once more.
    player.update(Msg::Previous, t0 + secs(3.0));
    assert_eq!(player.segment(), 1);
    assert_eq!(player.state(), State::Waiting);
    assert_eq!(player.position(t0 + secs(50.0)), secs(2.0));
}

#[test]
fn an_overlay_s_pause_and_resume_do_not_end_a_wait() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    player.update(Msg::Pause, t0 + secs(3.0));
    player.update(Msg::Resume, t0 + secs(4.0));
    assert_eq!(player.state(), State::Waiting);
    assert_eq!(player.segment(), 1);
}

#[test]
fn a_suspend_during_a_wait_comes_back_to_the_wait() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    player.update(Msg::Suspend, t0 + secs(3.0));
    player.update(Msg::Continue, t0 + secs(60.0));
    assert_eq!(player.state(), State::Waiting);
    assert_eq!(player.position(t0 + secs(61.0)), secs(2.0));
    let effects = player.update(Msg::TogglePause, t0 + secs(62.0));
    assert_eq!(step_starts(&effects), vec![2]);
}

#[test]
fn quitting_while_waiting_ends_early_with_the_wait_not_done() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    let summary = ended(&player.update(Msg::Quit, t0 + secs(12.0))).expect("ended");
    assert_eq!(summary.outcome, Outcome::EndedEarly);
    assert_eq!(summary.steps_done, 0);
    assert_eq!(summary.paused, secs(10.0));
    assert_eq!(summary.position, secs(2.0));
}

#[test]
fn where_no_key_can_be_pressed_a_wait_lasts_what_it_counts_for() {
    let t0 = Instant::now();
    let mut player = start(&waits(), t0);
    player.update(Msg::Tick, t0 + secs(2.0));
    assert_eq!(player.state(), State::Waiting);
    player.stop_waiting(t0 + secs(2.0));
    assert_eq!(player.state(), State::Playing);
    let effects = player.update(Msg::Tick, t0 + secs(12.0));
    assert_eq!(
        step_starts(&effects),
        vec![2],
        "after the 10 s it counts for"
    );
    assert_eq!(player.position(t0 + secs(12.0)), secs(12.0));
}

#[test]
fn a_wait_that_ends_the_routine_completes_the_session_on_space() {
    let routine = routine(
        r#"stillpoint = 1
title = "Last wait"
lead_in = 0

[[step]]
title = "Done?"
kind = "wait"
instructions = "Press space when you are done."
"#,
    );
    let t0 = Instant::now();
    let (mut player, effects) = Player::start(Timeline::build(&routine), 1, t0);
    assert_eq!(step_starts(&effects), vec![0]);
    assert_eq!(
        player.state(),
        State::Waiting,
        "held from the first instant"
    );
    let summary = ended(&player.update(Msg::TogglePause, t0 + secs(20.0))).expect("ended");
    assert_eq!(summary.outcome, Outcome::Completed);
    assert_eq!(summary.steps_done, 1);
    assert_eq!(player.state(), State::Ended(Outcome::Completed));
}

#[test]
fn a_wait_has_no_countdown_pips() {
    let timeline = Timeline::build(&waits());
    let pips_in_waits = timeline
        .cues
        .iter()
        .filter(|c| matches!(c.kind, CueKind::Pip { .. }))
        .filter(|c| timeline.segments[c.segment].waits.is_some())
        .count();
    assert_eq!(pips_in_waits, 0);
    assert_eq!(timeline.total, Duration::from_secs(2 + 10 + 5 + 8 + 4));
}
