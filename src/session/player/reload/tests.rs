use std::time::{Duration, Instant};

use super::LAST_MOMENT;
use crate::routine::{Routine, RoutineSource, parse};
use crate::session::{Effect, Msg, Outcome, Player, State};
use crate::timeline::{CueKind, Part, Timeline};

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// A routine of `steps` (`(title, seconds)`), with a 3 s lead-in.
fn routine(steps: &[(&str, u64)]) -> Routine {
    let mut text = "stillpoint = 1\ntitle = \"Reloaded\"\nlead_in = \"3s\"\n".to_owned();
    for (title, seconds) in steps {
        text.push_str(&format!(
            "\n[[step]]\ntitle = \"{title}\"\nkind = \"rest\"\nduration = \"{seconds}s\"\ninstructions = \"Rest.\"\n"
        ));
    }
    let parsed = parse(&RoutineSource {
        name: "reload.toml".into(),
        text,
        folder: None,
    });
    parsed
        .routine
        .unwrap_or_else(|| panic!("{:#?}", parsed.diagnostics))
}

/// Three rests of 20, 30 and 40 s after the lead-in: 3–23, 23–53, 53–93 s.
fn three() -> Routine {
    routine(&[("First", 20), ("Second", 30), ("Third", 40)])
}

fn started(routine: &Routine, t0: Instant) -> Player {
    Player::start(Timeline::build(routine), routine.steps.len(), t0).0
}

/// The cues among `effects`.
fn cues(effects: &[Effect]) -> Vec<CueKind> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Cue(cue) => Some(cue.kind),
            _ => None,
        })
        .collect()
}

/// The step of the segment playing, counted from 0.
fn step(player: &Player) -> Option<usize> {
    player.timeline().segments[player.segment()].part.step()
}

/// Ticks every second from `from` to `to` seconds after `t0`; every effect.
fn tick(player: &mut Player, t0: Instant, from: u64, to: u64) -> Vec<Effect> {
    (from..=to)
        .flat_map(|s| player.update(Msg::Tick, t0 + secs(s)))
        .collect()
}

#[test]
fn a_new_title_keeps_the_step_and_the_place_in_it_and_sounds_nothing() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 30);
    assert_eq!(step(&player), Some(1));
    let changed = routine(&[("First", 20), ("Second, renamed", 30), ("Third", 40)]);
    let effects = player.reload(Timeline::build(&changed), 3, t0 + secs(30));
    assert_eq!(effects, [Effect::SegmentChanged(player.segment())]);
    assert_eq!(step(&player), Some(1));
    assert_eq!(player.position(t0 + secs(30)), secs(30));
    assert_eq!(player.state(), State::Playing);
}

#[test]
fn a_longer_step_before_keeps_the_place_within_the_same_step() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 30);
    // Seven seconds into the second step; the first is now 50 s long.
    let changed = routine(&[("First", 50), ("Second", 30), ("Third", 40)]);
    let effects = player.reload(Timeline::build(&changed), 3, t0 + secs(30));
    assert!(cues(&effects).is_empty(), "{effects:?}");
    assert_eq!(step(&player), Some(1));
    assert_eq!(player.position(t0 + secs(30)), secs(53 + 7));
}

#[test]
fn with_steps_removed_it_goes_to_the_last_one_left() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 60);
    assert_eq!(step(&player), Some(2), "7 s into the third step");
    let shorter = routine(&[("First", 20), ("Second", 30)]);
    let effects = player.reload(Timeline::build(&shorter), 2, t0 + secs(60));
    assert!(cues(&effects).is_empty(), "{effects:?}");
    assert_eq!(step(&player), Some(1));
    assert_eq!(player.position(t0 + secs(60)), secs(23 + 7));
}

#[test]
fn a_step_now_shorter_than_the_time_spent_in_it_is_left_at_its_last_moment() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 48);
    // 25 s into the second step, which is now 10 s long.
    let changed = routine(&[("First", 20), ("Second", 10), ("Third", 40)]);
    let effects = player.reload(Timeline::build(&changed), 3, t0 + secs(48));
    assert!(cues(&effects).is_empty(), "{effects:?}");
    assert_eq!(step(&player), Some(1));
    assert_eq!(player.position(t0 + secs(48)), secs(33) - LAST_MOMENT);
    // Its last second plays, then the third step starts, once.
    let after = tick(&mut player, t0, 49, 50);
    assert_eq!(cues(&after), [CueKind::StepStart]);
    assert_eq!(step(&player), Some(2));
}

#[test]
fn no_cue_already_heard_is_heard_again_and_every_later_one_once() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 22);
    // Straight to the second step: its start cue has sounded.
    let skipped = player.update(Msg::Next, t0 + secs(22));
    assert_eq!(cues(&skipped), [CueKind::StepStart]);
    let same = three();
    let effects = player.reload(Timeline::build(&same), 3, t0 + secs(22));
    assert!(
        cues(&effects).is_empty(),
        "the step's start again: {effects:?}"
    );
    let rest: Vec<CueKind> = cues(&tick(&mut player, t0, 23, 100));
    // The second step's countdown, then the third step with its own.
    let pips = |n: usize| {
        (1..=3)
            .rev()
            .take(n)
            .map(|remaining| CueKind::Pip { remaining })
    };
    let expected: Vec<CueKind> = pips(3)
        .chain([CueKind::StepStart])
        .chain(pips(3))
        .chain([CueKind::SessionEnd])
        .collect();
    assert_eq!(rest, expected);
    assert_eq!(player.state(), State::Ended(Outcome::Completed));
}

#[test]
fn a_paused_session_stays_paused_where_it_was() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 10);
    player.update(Msg::Pause, t0 + secs(10));
    let changed = routine(&[("First again", 20), ("Second", 30), ("Third", 40)]);
    player.reload(Timeline::build(&changed), 3, t0 + secs(15));
    assert_eq!(player.state(), State::Paused);
    assert_eq!(player.position(t0 + secs(40)), secs(10));
    assert_eq!(player.next_deadline(t0 + secs(40)), None);
}

#[test]
fn in_the_lead_in_it_stays_in_the_lead_in_or_starts_the_first_step_without_one() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 1);
    let changed = routine(&[("First", 20), ("Second", 30), ("Third", 40)]);
    player.reload(Timeline::build(&changed), 3, t0 + secs(1));
    assert_eq!(
        player.timeline().segments[player.segment()].part,
        Part::LeadIn
    );
    assert_eq!(player.position(t0 + secs(1)), secs(1));
    let mut without = Timeline::build(&changed);
    without.segments.remove(0);
    let first = without.segments[0].start;
    player.reload(without, 3, t0 + secs(2));
    assert_eq!(step(&player), Some(0));
    assert_eq!(player.position(t0 + secs(2)), first);
}

#[test]
fn steps_played_before_a_reload_still_count_and_steps_skipped_do_not() {
    let t0 = Instant::now();
    let mut player = started(&three(), t0);
    tick(&mut player, t0, 1, 24);
    let changed = routine(&[("First", 20), ("Second", 30), ("Third", 40)]);
    player.reload(Timeline::build(&changed), 3, t0 + secs(24));
    player.update(Msg::Next, t0 + secs(25));
    let effects = player.update(Msg::Quit, t0 + secs(26));
    let Some(Effect::Ended(summary)) = effects.last() else {
        panic!("{effects:?}");
    };
    assert_eq!(summary.steps_done, 1, "{summary:?}");
    assert_eq!(summary.skipped, [1]);
    assert_eq!(summary.steps_total, 3);
}

#[test]
fn starting_at_a_step_sounds_its_start_and_passes_over_what_is_before() {
    let t0 = Instant::now();
    let timeline = Timeline::build(&three());
    let (start, _) = super::step_span(&timeline, 2).unwrap();
    let (mut player, effects) = Player::start_at(timeline, 3, start, t0);
    assert_eq!(
        effects,
        [
            Effect::AmbientStart,
            Effect::SegmentChanged(3),
            Effect::Cue(crate::timeline::Cue {
                at: start,
                segment: 3,
                kind: CueKind::StepStart
            })
        ]
    );
    player.update(Msg::Next, t0 + secs(2));
    let effects = player.update(Msg::Tick, t0 + secs(2));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(player.state(), State::Ended(Outcome::Skipped));
}

/// A 2 s lead-in, a rest of 10 s, a wait held until the person goes on,
/// and a rest of 10 s; `title` is the wait's.
fn with_a_wait(title: &str) -> Routine {
    let text = format!(
        "stillpoint = 1\ntitle = \"Waits\"\nlead_in = \"2s\"\n
[[step]]\ntitle = \"Rest\"\nkind = \"rest\"\nduration = \"10s\"\ninstructions = \"Rest.\"\n
[[step]]\ntitle = \"{title}\"\nkind = \"wait\"\ninstructions = \"Put the compress on.\"\n
[[step]]\ntitle = \"Last rest\"\nkind = \"rest\"\nduration = \"10s\"\ninstructions = \"Rest.\"\n"
    );
    let parsed = parse(&RoutineSource {
        name: "waits.toml".into(),
        text,
        folder: None,
    });
    parsed
        .routine
        .unwrap_or_else(|| panic!("{:#?}", parsed.diagnostics))
}

#[test]
fn held_at_a_wait_it_is_held_there_again_until_the_person_goes_on() {
    let t0 = Instant::now();
    let routine = with_a_wait("Compress on");
    let mut player = started(&routine, t0);
    tick(&mut player, t0, 1, 20);
    assert_eq!(player.state(), State::Waiting);
    assert_eq!(step(&player), Some(1));
    let changed = with_a_wait("Compress in place");
    let effects = player.reload(Timeline::build(&changed), 3, t0 + secs(20));
    assert!(cues(&effects).is_empty(), "{effects:?}");
    assert_eq!(player.state(), State::Waiting);
    assert_eq!(step(&player), Some(1));
    assert!(cues(&tick(&mut player, t0, 21, 40)).is_empty(), "it waits");
    let went_on = player.update(Msg::TogglePause, t0 + secs(41));
    assert_eq!(cues(&went_on), [CueKind::StepStart]);
    assert_eq!(step(&player), Some(2));
}

#[test]
fn a_step_that_becomes_a_wait_holds_at_its_start() {
    let t0 = Instant::now();
    let before = three();
    let mut player = started(&before, t0);
    tick(&mut player, t0, 1, 23);
    assert_eq!(step(&player), Some(1));
    // Just at the second step's start: it is a wait now.
    let changed = with_a_wait("Second");
    let effects = player.reload(Timeline::build(&changed), 3, t0 + secs(23));
    assert!(cues(&effects).is_empty(), "{effects:?}");
    assert_eq!(step(&player), Some(1));
    assert_eq!(player.state(), State::Waiting);
}
