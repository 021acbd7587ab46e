use super::*;
use crate::audio::sheet::tests::routine;
use crate::routine::Routine;
use crate::session::Msg;
use crate::timeline::Timeline;
use crate::transcript::WORDS_A_MINUTE;

const SHORT: &str = r#"
stillpoint = 1
title = "Short"
lead_in = "2s"
[sound]
countdown = 0
[[step]]
title = "Warm compress"
kind = "compress"
duration = "3s"
instructions = "Lay a warm compress across the back of your neck."
[[step]]
title = "Neck kneading"
kind = "knead"
sides = "alternate"
duration = "30s"
instructions = "Knead the side of your neck."
[[step]]
title = "Slow breaths"
kind = "breathe"
pattern = { inhale = 2, exhale = 2 }
cycles = 2
instructions = "Breathe slowly."
"#;

/// Plays `routine` on a simulated clock, as the plain loop does, sending
/// `keys` at their seconds; what is said, and when.
fn play(routine: &Routine, keys: &[(f64, Msg)]) -> Vec<(f64, String)> {
    let timeline = Timeline::build(routine);
    let t0 = Instant::now();
    let (mut player, _) = Player::start(timeline.clone(), routine.steps.len(), t0);
    let mut reader = Reader::new(Transcript::new(routine, &timeline, WORDS_A_MINUTE));
    let mut said = Vec::new();
    let mut keys = keys.iter().peekable();
    let mut now = t0;
    for _ in 0..10_000 {
        while let Some(act) = reader.poll(&player, now) {
            match act {
                Do::Say(text) => {
                    said.push((((now - t0).as_secs_f64() * 100.0).round() / 100.0, text))
                }
                Do::Pause => drop(player.update(Msg::Pause, now)),
                Do::Resume => drop(player.update(Msg::Resume, now)),
            }
        }
        if matches!(player.state(), State::Ended(_)) {
            return said;
        }
        let due = [player.next_deadline(now), reader.deadline(&player, now)]
            .into_iter()
            .flatten()
            .min();
        let key_at = keys.peek().map(|(s, _)| t0 + Duration::from_secs_f64(*s));
        match (due, key_at) {
            (_, Some(k)) if due.is_none_or(|d| k <= d) => {
                now = k;
                let (_, msg) = keys.next().unwrap();
                if let Some(at) = reader.holding_at()
                    && *msg == Msg::Next
                {
                    if !reader.hold_paused() {
                        player.update(Msg::Resume, now);
                    }
                    while player.segment() < player.timeline().segment_at(at) {
                        player.update(Msg::Next, now);
                    }
                }
                player.update(*msg, now);
                let t =
                    Transcript::from_segment(routine, &timeline, WORDS_A_MINUTE, player.segment());
                reader.restart(t);
            }
            (Some(d), _) => {
                now = d;
                player.update(Msg::Tick, now);
            }
            _ => panic!("nothing more due: {said:?}"),
        }
    }
    panic!("did not end: {said:?}")
}

#[test]
fn says_every_line_at_its_moment_holding_the_clock_as_the_transcript_says() {
    let routine = routine(SHORT);
    let timeline = Timeline::build(&routine);
    let t = Transcript::new(&routine, &timeline, WORDS_A_MINUTE);
    let expected: Vec<(f64, String)> = t
        .lines
        .iter()
        .map(|l| {
            (
                (l.moment.as_secs_f64() * 100.0).round() / 100.0,
                l.text.clone(),
            )
        })
        .collect();
    let said = play(&routine, &[]);
    assert_eq!(said.len(), expected.len(), "{said:#?}");
    for ((at, text), (want_at, want)) in said.iter().zip(&expected) {
        assert_eq!(text, want);
        // Holds start a little early so the step's chime waits for them.
        assert!(
            (at - want_at).abs() <= 0.11 * t.holds.len() as f64,
            "{text:?} at {at}, meant for {want_at}"
        );
    }
}

#[test]
fn after_a_skip_it_goes_on_from_the_new_step_with_no_stale_lines() {
    let routine = routine(SHORT);
    // In the first step's hold, while its instructions are read.
    let said = play(&routine, &[(6.5, Msg::Next)]);
    let texts: Vec<&str> = said.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts[..3],
        [
            "Short. Settle in; starting in 2 seconds.",
            "Step 1 of 3: Warm compress, 3 seconds.",
            "Lay a warm compress across the back of your neck.",
        ]
    );
    let at = |s: &str| texts.iter().position(|t| *t == s);
    assert_eq!(
        at("Step 2 of 3: Neck kneading, 30 seconds. Start on the left side."),
        Some(3)
    );
    assert_eq!(at("Knead the side of your neck."), Some(4), "{texts:#?}");
    assert_eq!(texts.iter().filter(|t| t.starts_with("Step 1")).count(), 1);
    assert!(texts.last().unwrap().starts_with("Done."));
}

#[test]
fn a_pause_in_a_hold_stops_the_hold() {
    let routine = routine(SHORT);
    let timeline = Timeline::build(&routine);
    let t0 = Instant::now();
    let (player, _) = Player::start(timeline.clone(), 3, t0);
    let mut reader = Reader::new(Transcript::new(&routine, &timeline, WORDS_A_MINUTE));
    let mut at = t0 + Duration::from_secs(2);
    while let Some(act) = reader.poll(&player, at) {
        if act == Do::Pause {
            break;
        }
    }
    assert!(reader.holding_at().is_some());
    assert_eq!(reader.toggle(at), Some(true));
    assert_eq!(reader.deadline(&player, at), None);
    at += Duration::from_secs(60);
    assert_eq!(reader.poll(&player, at), None, "nothing while paused");
    assert_eq!(reader.toggle(at), Some(false));
    assert!(reader.deadline(&player, at).unwrap() > at);
}
