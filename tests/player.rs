//! The player state machine, driven with an injected clock: instants are
//! `t0 + offset`, never the real time, so every test is exact and fast.

use std::time::{Duration, Instant};

use stillpoint::routine::Routine;
use stillpoint::session::{Effect, Msg, Outcome, Player, State, Summary};
use stillpoint::timeline::{Cue, CueKind, Part, Timeline};

mod routine_support;
use routine_support::{bundled, routine, secs};

fn desk_reset() -> Routine {
    bundled()
        .into_iter()
        .find(|(name, _)| *name == "desk-reset.toml")
        .expect("desk-reset is bundled")
        .1
}

/// A small routine with short steps: a 5 s lead-in, then steps of 20 s, 30 s
/// (each side), 10 s and 20 s.
fn short_routine() -> Routine {
    routine(
        r#"stillpoint = 1
title = "Short"
lead_in = "5s"
[sound]
countdown = 3

[[step]]
title = "Knead"
kind = "knead"
duration = "20s"
instructions = "Knead."

[[step]]
title = "Stretch"
kind = "stretch"
sides = "each"
duration = "30s"
instructions = "Stretch."

[[step]]
title = "Breathe"
kind = "breathe"
pattern = { inhale = 4, exhale = 6 }
cycles = 1
instructions = "Breathe."

[[step]]
title = "Rest"
kind = "rest"
duration = "20s"
instructions = "Rest."
"#,
    )
}

/// A deterministic source of "random" numbers (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A duration in `[low, high)`, to the nanosecond.
    fn between(&mut self, low: Duration, high: Duration) -> Duration {
        let span = (high - low).as_nanos() as u64;
        low + Duration::from_nanos(self.next() % span)
    }
}

/// A session being played, with every effect and the instant it came at.
struct Run {
    player: Player,
    timeline: Timeline,
    t0: Instant,
    now: Instant,
    log: Vec<(Instant, Effect)>,
}

impl Run {
    fn start(routine: &Routine) -> Run {
        let t0 = Instant::now();
        let timeline = Timeline::build(routine);
        let (player, effects) = Player::start(timeline.clone(), routine.steps.len(), t0);
        Run {
            player,
            timeline,
            t0,
            now: t0,
            log: effects.into_iter().map(|e| (t0, e)).collect(),
        }
    }

    fn at(&self, offset: Duration) -> Instant {
        self.t0 + offset
    }

    /// Sends `msg` at `now` and returns (and logs) the effects.
    fn send(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        assert!(now >= self.now, "time runs forward in these tests");
        self.now = now;
        let effects = self.player.update(msg, now);
        self.log.extend(effects.iter().map(|e| (now, e.clone())));
        effects
    }

    /// Ticks at every deadline up to `until`, then once at `until`.
    fn tick_until(&mut self, until: Instant) -> Vec<Effect> {
        let mut all = Vec::new();
        for _ in 0..100_000 {
            match self.player.next_deadline(self.now) {
                Some(deadline) if deadline <= until => {
                    all.extend(self.send(Msg::Tick, deadline));
                }
                _ => {
                    all.extend(self.send(Msg::Tick, until));
                    return all;
                }
            }
        }
        panic!("the player never stopped asking to be woken");
    }

    /// Ticks at every deadline the player asks for, until it asks for none.
    fn play_out(&mut self) {
        for _ in 0..100_000 {
            let Some(deadline) = self.player.next_deadline(self.now) else {
                return;
            };
            assert!(deadline >= self.now, "a deadline in the past");
            self.send(Msg::Tick, deadline);
        }
        panic!("the player never stopped asking to be woken");
    }

    fn cues(&self) -> Vec<Cue> {
        cues(self.log.iter().map(|(_, e)| e))
    }

    fn timed_cues(&self) -> Vec<(Instant, Cue)> {
        self.log
            .iter()
            .filter_map(|(at, e)| match e {
                Effect::Cue(c) => Some((*at, *c)),
                _ => None,
            })
            .collect()
    }

    fn segment_changes(&self) -> Vec<(Instant, usize)> {
        self.log
            .iter()
            .filter_map(|(at, e)| match e {
                Effect::SegmentChanged(s) => Some((*at, *s)),
                _ => None,
            })
            .collect()
    }

    fn summary(&self) -> Summary {
        let ended: Vec<&Summary> = self
            .log
            .iter()
            .filter_map(|(_, e)| match e {
                Effect::Ended(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(ended.len(), 1, "exactly one Ended effect: {:?}", self.log);
        ended[0].clone()
    }

    /// The cues due exactly at the start of segment `index`.
    fn start_cues(&self, index: usize) -> Vec<Cue> {
        let start = self.timeline.segments[index].start;
        self.timeline
            .cues
            .iter()
            .filter(|c| c.at == start)
            .copied()
            .collect()
    }

    fn position(&self) -> Duration {
        self.player.position(self.now)
    }
}

fn cues<'a>(effects: impl IntoIterator<Item = &'a Effect>) -> Vec<Cue> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Cue(c) => Some(*c),
            _ => None,
        })
        .collect()
}

fn segment_changes(effects: &[Effect]) -> Vec<usize> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SegmentChanged(s) => Some(*s),
            _ => None,
        })
        .collect()
}

fn ended(effects: &[Effect]) -> Option<&Summary> {
    effects.iter().find_map(|e| match e {
        Effect::Ended(s) => Some(s),
        _ => None,
    })
}

const EVERY_MSG: [Msg; 9] = [
    Msg::Tick,
    Msg::TogglePause,
    Msg::Pause,
    Msg::Resume,
    Msg::Next,
    Msg::Previous,
    Msg::Quit,
    Msg::Suspend,
    Msg::Continue,
];

// ---------------------------------------------------------------------------
// Playing to the end

#[test]
fn every_bundled_routine_plays_to_the_end_on_time() {
    for (name, routine) in bundled() {
        let mut run = Run::start(&routine);
        assert_eq!(run.log[0].1, Effect::AmbientStart, "{name}");
        run.play_out();
        let timeline = run.timeline.clone();

        // Every cue once, in order, each exactly at its offset.
        assert_eq!(run.cues(), timeline.cues, "{name}");
        for (at, cue) in run.timed_cues() {
            assert_eq!(
                at,
                run.at(cue.at),
                "{name}: {cue:?} came at the wrong moment"
            );
        }
        // Every segment announced once, in order, at its start.
        let changes = run.segment_changes();
        let expected: Vec<(Instant, usize)> = timeline
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (run.at(s.start), i))
            .collect();
        assert_eq!(changes, expected, "{name}");

        // The end: the session-end cue, the ambient stops, the summary last.
        let tail: Vec<&Effect> = run.log.iter().rev().take(3).map(|(_, e)| e).collect();
        assert!(
            matches!(
                tail.as_slice(),
                [
                    Effect::Ended(_),
                    Effect::AmbientStop,
                    Effect::Cue(Cue {
                        kind: CueKind::SessionEnd,
                        ..
                    })
                ]
            ),
            "{name}: {tail:?}"
        );
        let summary = run.summary();
        assert_eq!(summary.outcome, Outcome::Completed, "{name}");
        assert_eq!(summary.planned, timeline.total, "{name}");
        assert_eq!(summary.position, timeline.total, "{name}");
        assert_eq!(summary.paused, Duration::ZERO, "{name}");
        assert_eq!(summary.wall, timeline.total, "{name}");
        assert_eq!(summary.steps_total, routine.steps.len(), "{name}");
        assert_eq!(summary.steps_done, summary.steps_total, "{name}");
        assert_eq!(run.now, run.at(timeline.total), "{name}");
        assert_eq!(
            run.player.state(),
            State::Ended(Outcome::Completed),
            "{name}"
        );
        assert_eq!(run.player.next_deadline(run.now), None, "{name}");
    }
}

#[test]
fn ticks_that_come_late_fire_every_crossed_cue_once() {
    for (name, routine) in bundled() {
        let mut run = Run::start(&routine);
        let every = secs(7.3);
        let mut now = run.t0;
        while !matches!(run.player.state(), State::Ended(_)) {
            now += every;
            run.send(Msg::Tick, now);
            assert!(
                now < run.at(run.timeline.total + every * 2),
                "{name}: never ended"
            );
        }
        assert_eq!(run.cues(), run.timeline.cues, "{name}");
        for (at, cue) in run.timed_cues() {
            assert!(at >= run.at(cue.at), "{name}: {cue:?} came early");
            assert!(
                at < run.at(cue.at) + every,
                "{name}: {cue:?} waited past a tick"
            );
        }
        let changes: Vec<usize> = run.segment_changes().iter().map(|c| c.1).collect();
        assert!(
            changes.windows(2).all(|w| w[0] < w[1]),
            "{name}: {changes:?}"
        );
        assert_eq!(
            changes.last(),
            Some(&(run.timeline.segments.len() - 1)),
            "{name}"
        );
        let summary = run.summary();
        assert_eq!(summary.outcome, Outcome::Completed, "{name}");
        assert_eq!(summary.position, run.timeline.total, "{name}");
        assert_eq!(summary.steps_done, routine.steps.len(), "{name}");
    }
}

#[test]
fn irregular_and_repeated_ticks_fire_every_cue_once() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for (name, routine) in bundled() {
        let mut run = Run::start(&routine);
        let mut now = run.t0;
        let longest = secs(4.0);
        while !matches!(run.player.state(), State::Ended(_)) {
            // Now and then the same instant twice, otherwise anything up to 4 s.
            if !rng.next().is_multiple_of(5) {
                now += rng.between(Duration::ZERO, longest);
            }
            run.send(Msg::Tick, now);
        }
        assert_eq!(run.cues(), run.timeline.cues, "{name}");
        for (at, cue) in run.timed_cues() {
            assert!(at >= run.at(cue.at), "{name}: {cue:?} came early");
            assert!(at < run.at(cue.at) + longest, "{name}: {cue:?} came late");
        }
        assert_eq!(run.summary().outcome, Outcome::Completed, "{name}");
    }
}

// ---------------------------------------------------------------------------
// An hour with a hundred pauses

fn hour_long() -> Routine {
    let mut text = String::from("stillpoint = 1\ntitle = \"An hour\"\nlead_in = \"5s\"\n");
    for i in 0..30 {
        let kind = match i % 3 {
            0 => "kind = \"knead\"",
            1 => "kind = \"breathe\"\npattern = { inhale = 4.5, hold = 1, exhale = 6.5 }",
            _ => "kind = \"stretch\"\nsides = \"alternate\"",
        };
        text.push_str(&format!(
            "\n[[step]]\ntitle = \"Step {i}\"\n{kind}\nduration = \"2m\"\ninstructions = \"Go on.\"\n"
        ));
    }
    routine(&text)
}

#[test]
fn an_hour_with_a_hundred_pauses_ends_on_time() {
    let routine = hour_long();
    let planned = routine.total();
    assert_eq!(planned, secs(3605.0));
    let mut run = Run::start(&routine);
    assert_eq!(run.timeline.total, planned);

    let mut rng = Rng(0x00DD_BA11_0000_0007);
    let mut positions: Vec<Duration> = (0..100)
        .map(|_| rng.between(Duration::from_millis(1), planned))
        .collect();
    positions.sort();
    positions.dedup();
    assert_eq!(positions.len(), 100);
    let lengths: Vec<Duration> = (0..100)
        .map(|_| rng.between(Duration::from_millis(1), secs(300.0)))
        .collect();
    let total_paused: Duration = lengths.iter().sum();

    let mut done = 0;
    let mut paused_so_far = Duration::ZERO;
    for _ in 0..100_000 {
        let Some(deadline) = run.player.next_deadline(run.now) else {
            break;
        };
        let pause_at = positions.get(done).map(|p| run.at(*p + paused_so_far));
        match pause_at {
            Some(at) if at < deadline => {
                let effects = run.send(Msg::Pause, at);
                assert!(effects.contains(&Effect::AmbientStop));
                assert_eq!(run.position(), positions[done], "pause {done}");
                assert_eq!(run.player.state(), State::Paused);
                assert_eq!(run.player.next_deadline(at), None);
                let quiet = run.send(Msg::Tick, at + lengths[done] / 2);
                assert!(quiet.is_empty(), "ticks while paused: {quiet:?}");
                let effects = run.send(Msg::Resume, at + lengths[done]);
                assert!(effects.contains(&Effect::AmbientStart));
                assert_eq!(run.position(), positions[done], "resume {done}");
                paused_so_far += lengths[done];
                done += 1;
            }
            _ => {
                run.send(Msg::Tick, deadline);
            }
        }
    }
    assert_eq!(done, 100, "every pause happened");
    assert_eq!(run.cues(), run.timeline.cues);

    // Each cue came at its offset plus the pauses before it.
    for (at, cue) in run.timed_cues() {
        let before: Duration = positions
            .iter()
            .zip(&lengths)
            .filter(|(p, _)| **p < cue.at)
            .map(|(_, l)| *l)
            .sum();
        assert_eq!(at, run.at(cue.at + before), "{cue:?}");
    }

    let summary = run.summary();
    let within_1ms = |a: Duration, b: Duration| a.abs_diff(b) <= Duration::from_millis(1);
    assert_eq!(summary.outcome, Outcome::Completed);
    assert!(within_1ms(summary.position, planned), "{summary:?}");
    assert_eq!(summary.paused, total_paused);
    assert!(
        within_1ms(summary.wall, planned + total_paused),
        "{summary:?}"
    );
    let (end_at, end) = *run.timed_cues().last().unwrap();
    assert_eq!(end.kind, CueKind::SessionEnd);
    let expected_end = run.at(planned + total_paused);
    assert!(
        end_at.max(expected_end) - end_at.min(expected_end) <= Duration::from_millis(1),
        "the session ended {:?} off plan",
        end_at.max(expected_end) - end_at.min(expected_end)
    );
}

// ---------------------------------------------------------------------------
// Next

#[test]
fn next_walks_through_every_segment_announcing_only_its_start() {
    for (name, routine) in bundled() {
        let mut run = Run::start(&routine);
        let count = run.timeline.segments.len();
        for from in 0..count {
            assert_eq!(run.player.segment(), from, "{name}");
            let now = run.now + secs(1.0);
            let effects = run.send(Msg::Next, now);
            if from + 1 < count {
                assert_eq!(
                    cues(&effects),
                    run.start_cues(from + 1),
                    "{name}: next from {from}"
                );
                assert_eq!(segment_changes(&effects), vec![from + 1], "{name}");
                assert!(ended(&effects).is_none(), "{name}");
                assert_eq!(
                    run.position(),
                    run.timeline.segments[from + 1].start,
                    "{name}"
                );
            } else {
                assert_eq!(
                    cues(&effects),
                    vec![],
                    "{name}: next on the last segment sounds no end, as nothing was done"
                );
                assert!(effects.contains(&Effect::AmbientStop), "{name}");
                let summary = ended(&effects).expect("next on the last segment ends");
                assert_eq!(summary.outcome, Outcome::Skipped, "{name}");
                assert_eq!(summary.steps_done, 0, "{name}: every step was skipped");
                assert_eq!(
                    summary.skipped,
                    (0..routine.steps.len()).collect::<Vec<_>>(),
                    "{name}"
                );
                assert!(matches!(run.player.state(), State::Ended(_)), "{name}");
            }
        }
        assert_eq!(run.player.next_deadline(run.now), None, "{name}");
    }
}

#[test]
fn next_from_the_middle_of_every_segment_skips_the_rest_of_it() {
    for (name, routine) in bundled() {
        let count = Timeline::build(&routine).segments.len();
        for from in 0..count {
            let mut run = Run::start(&routine);
            let segment = run.timeline.segments[from].clone();
            let middle = segment.start + segment.duration / 2;
            run.tick_until(run.at(middle));
            assert_eq!(run.player.segment(), from, "{name}");
            let before = run.cues().len();
            assert_eq!(
                run.cues(),
                run.timeline.cues[..before].to_vec(),
                "{name}: cues up to the middle of segment {from}"
            );

            let effects = run.send(Msg::Next, run.now);
            if from + 1 == count {
                assert_eq!(cues(&effects), vec![], "{name}");
                let summary = ended(&effects).expect("ends");
                assert_eq!(summary.outcome, Outcome::Skipped, "{name}");
                assert_eq!(
                    summary.skipped.len() + summary.steps_done,
                    routine.steps.len(),
                    "{name}: every step either done or skipped"
                );
                continue;
            }
            let target = run.timeline.segments[from + 1].start;
            assert_eq!(
                cues(&effects),
                run.start_cues(from + 1),
                "{name}: next from {from}"
            );
            assert_eq!(segment_changes(&effects), vec![from + 1], "{name}");
            assert_eq!(run.player.segment(), from + 1, "{name}");
            assert_eq!(run.position(), target, "{name}");

            // From there on, every later cue once, on time relative to the jump.
            let jumped_at = run.now;
            run.play_out();
            let skipped: Vec<Cue> = run
                .timeline
                .cues
                .iter()
                .filter(|c| c.at > middle && c.at < target)
                .copied()
                .collect();
            let expected: Vec<Cue> = run
                .timeline
                .cues
                .iter()
                .filter(|c| !skipped.contains(c))
                .copied()
                .collect();
            assert_eq!(run.cues(), expected, "{name}: after next from {from}");
            for (at, cue) in run.timed_cues() {
                if cue.at > target {
                    assert_eq!(at, jumped_at + (cue.at - target), "{name}: {cue:?}");
                }
            }
            let summary = run.summary();
            assert_eq!(summary.steps_done, routine.steps.len(), "{name}");
        }
    }
}

#[test]
fn next_while_paused_stays_paused() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(10.0)));
    assert_eq!(run.player.segment(), 1);
    run.send(Msg::Pause, run.at(secs(10.0)));
    let effects = run.send(Msg::Next, run.at(secs(12.0)));
    assert_eq!(run.player.state(), State::Paused);
    assert_eq!(run.player.segment(), 2);
    assert!(!effects.contains(&Effect::AmbientStart), "{effects:?}");
    assert!(
        cues(&effects)
            .iter()
            .all(|c| c.at == run.timeline.segments[2].start),
        "no skipped cues: {effects:?}"
    );
    assert_eq!(run.player.next_deadline(run.now), None);
    let quiet = run.send(Msg::Tick, run.at(secs(100.0)));
    assert!(quiet.is_empty(), "{quiet:?}");
    assert_eq!(run.position(), run.timeline.segments[2].start);

    // Resuming plays on from the start of that segment; its start cue once.
    let resumed = run.at(secs(200.0));
    let effects = run.send(Msg::Resume, resumed);
    assert!(effects.contains(&Effect::AmbientStart));
    assert_eq!(run.player.state(), State::Playing);
    run.play_out();
    let start = run.timeline.segments[2].start;
    let expected: Vec<Cue> = run
        .timeline
        .cues
        .iter()
        .filter(|c| c.at <= secs(10.0) || c.at >= start)
        .copied()
        .collect();
    assert_eq!(run.cues(), expected);
    let end = run.timed_cues().last().unwrap().0;
    assert_eq!(end, resumed + (run.timeline.total - start));
}

// ---------------------------------------------------------------------------
// Previous

#[test]
fn previous_early_in_a_segment_goes_back_one() {
    for (name, routine) in bundled() {
        let count = Timeline::build(&routine).segments.len();
        for from in 0..count {
            let mut run = Run::start(&routine);
            let segment = run.timeline.segments[from].clone();
            let into = secs(1.0).min(segment.duration / 2);
            run.tick_until(run.at(segment.start + into));
            assert_eq!(run.player.segment(), from, "{name}");

            let effects = run.send(Msg::Previous, run.now);
            let target = from.saturating_sub(1);
            assert_eq!(
                cues(&effects),
                run.start_cues(target),
                "{name}: previous from {from}"
            );
            let expected_changes = if from == 0 { vec![] } else { vec![target] };
            assert_eq!(segment_changes(&effects), expected_changes, "{name}");
            assert_eq!(run.player.segment(), target, "{name}");
            assert_eq!(
                run.position(),
                run.timeline.segments[target].start,
                "{name}"
            );

            // Playing on replays from there, each cue once more, no burst.
            let back_at = run.now;
            let fired_before = run.cues().len() - cues(&effects).len();
            run.play_out();
            let later: Vec<Cue> = run.cues()[fired_before..].to_vec();
            let target_start = run.timeline.segments[target].start;
            let expected: Vec<Cue> = run
                .timeline
                .cues
                .iter()
                .filter(|c| c.at >= target_start)
                .copied()
                .collect();
            assert_eq!(later, expected, "{name}: after previous from {from}");
            let (end_at, _) = *run.timed_cues().last().unwrap();
            assert_eq!(
                end_at,
                back_at + (run.timeline.total - target_start),
                "{name}"
            );
            assert_eq!(run.summary().outcome, Outcome::Completed, "{name}");
        }
    }
}

#[test]
fn previous_after_three_seconds_restarts_the_segment() {
    for (name, routine) in bundled() {
        let count = Timeline::build(&routine).segments.len();
        for from in 0..count {
            let mut run = Run::start(&routine);
            let segment = run.timeline.segments[from].clone();
            let into = secs(3.5).max(segment.duration / 2);
            if into >= segment.duration {
                continue;
            }
            run.tick_until(run.at(segment.start + into));
            let effects = run.send(Msg::Previous, run.now);
            assert_eq!(
                cues(&effects),
                run.start_cues(from),
                "{name}: restart {from}"
            );
            assert_eq!(segment_changes(&effects), Vec::<usize>::new(), "{name}");
            assert_eq!(run.player.segment(), from, "{name}");
            assert_eq!(run.position(), segment.start, "{name}");
            assert_eq!(run.player.state(), State::Playing, "{name}");
        }
    }
}

#[test]
fn previous_turns_from_going_back_to_restarting_at_three_seconds() {
    let routine = short_routine();
    let step = Timeline::build(&routine).segments[1].start;

    let mut run = Run::start(&routine);
    run.tick_until(run.at(step + secs(2.999)));
    run.send(Msg::Previous, run.now);
    assert_eq!(run.player.segment(), 0);
    assert_eq!(run.position(), Duration::ZERO);

    let mut run = Run::start(&routine);
    run.tick_until(run.at(step + secs(3.001)));
    run.send(Msg::Previous, run.now);
    assert_eq!(run.player.segment(), 1);
    assert_eq!(run.position(), step);
}

#[test]
fn previous_at_the_first_segment_restarts_it() {
    let routine = short_routine();
    for into in [0.0, 1.0, 4.0] {
        let mut run = Run::start(&routine);
        run.tick_until(run.at(secs(into)));
        let effects = run.send(Msg::Previous, run.now);
        assert_eq!(cues(&effects), run.start_cues(0), "at {into}s");
        assert_eq!(cues(&effects)[0].kind, CueKind::LeadIn);
        assert_eq!(run.player.segment(), 0);
        assert_eq!(run.position(), Duration::ZERO);
    }
}

#[test]
fn next_and_previous_back_and_forth_never_burst() {
    let routine = desk_reset();
    let mut run = Run::start(&routine);
    let mut now = run.t0;
    for i in 0..40 {
        now += secs(0.5);
        let msg = if i % 3 == 2 { Msg::Previous } else { Msg::Next };
        let before = run.player.segment();
        let effects = run.send(msg, now);
        if ended(&effects).is_some() {
            break;
        }
        let after = run.player.segment();
        assert_eq!(
            cues(&effects),
            run.start_cues(after),
            "{msg:?} from {before}"
        );
        assert!(cues(&effects).len() <= 2, "a burst: {effects:?}");
    }
}

// ---------------------------------------------------------------------------
// A segment boundary crossed with no tick in between: the key press must act
// on the segment that is actually playing, not on the last one ticked.

#[test]
fn next_after_a_boundary_crossed_without_a_tick_goes_forward() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    // Segment 0 is the 5 s lead-in, segment 1 the 20 s knead from 5 s to 25 s.
    // No tick since the start; the person presses Next 7 s in, in segment 1.
    run.send(Msg::Next, run.at(secs(7.0)));
    assert_eq!(
        run.position(),
        run.timeline.segments[2].start,
        "Next at 7 s (in segment 1) should jump to segment 2 at {:?}, not back to segment 1's start",
        run.timeline.segments[2].start
    );
    assert_eq!(run.player.segment(), 2);
}

#[test]
fn previous_after_a_boundary_crossed_without_a_tick_restarts_the_playing_segment() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    // 12 s in: 7 s into segment 1 (the knead, 5 s – 25 s), with no tick since
    // the start. More than 3 s in, so Previous restarts segment 1.
    run.send(Msg::Previous, run.at(secs(12.0)));
    assert_eq!(
        run.position(),
        secs(5.0),
        "Previous 7 s into segment 1 should restart it, not go to the lead-in"
    );
    assert_eq!(run.player.segment(), 1);
}

// ---------------------------------------------------------------------------
// Pause, resume, suspend

#[test]
fn pause_stops_the_clock_and_the_cues_and_resume_goes_on() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(12.0)));
    let deadline = run.player.next_deadline(run.now).unwrap();
    let effects = run.send(Msg::Pause, run.at(secs(12.0)));
    assert_eq!(effects, vec![Effect::AmbientStop]);
    assert_eq!(run.player.state(), State::Paused);
    assert_eq!(run.player.next_deadline(run.now), None);
    for later in [13.0, 30.0, 500.0] {
        let quiet = run.send(Msg::Tick, run.at(secs(later)));
        assert!(quiet.is_empty(), "at {later}: {quiet:?}");
        assert_eq!(run.position(), secs(12.0));
        assert_eq!(run.player.next_deadline(run.now), None);
    }
    // Pausing again changes nothing.
    assert!(run.send(Msg::Pause, run.at(secs(501.0))).is_empty());

    let effects = run.send(Msg::Resume, run.at(secs(600.0)));
    assert_eq!(effects, vec![Effect::AmbientStart]);
    assert_eq!(run.player.state(), State::Playing);
    assert_eq!(run.position(), secs(12.0));
    assert_eq!(
        run.player.next_deadline(run.now),
        Some(deadline + secs(588.0))
    );
    assert!(run.send(Msg::Resume, run.at(secs(601.0))).is_empty());

    run.play_out();
    assert_eq!(run.cues(), run.timeline.cues);
    let summary = run.summary();
    assert_eq!(summary.paused, secs(588.0));
    assert_eq!(summary.position, run.timeline.total);
    assert_eq!(summary.wall, run.timeline.total + secs(588.0));
}

#[test]
fn toggle_pause_pauses_and_resumes() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(6.0)));
    assert_eq!(
        run.send(Msg::TogglePause, run.at(secs(6.0))),
        vec![Effect::AmbientStop]
    );
    assert_eq!(run.player.state(), State::Paused);
    assert_eq!(
        run.send(Msg::TogglePause, run.at(secs(9.0))),
        vec![Effect::AmbientStart]
    );
    assert_eq!(run.player.state(), State::Playing);
    assert_eq!(run.player.position(run.at(secs(10.0))), secs(7.0));
}

#[test]
fn a_cue_due_at_the_moment_of_pausing_fires_once() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(4.5)));
    // Pause exactly when segment 1 starts, without a tick there first.
    let effects = run.send(Msg::Pause, run.at(secs(5.0)));
    assert_eq!(cues(&effects), run.start_cues(1));
    run.send(Msg::Resume, run.at(secs(50.0)));
    run.play_out();
    assert_eq!(run.cues(), run.timeline.cues);
}

#[test]
fn the_clock_does_not_move_while_suspended() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(8.0)));
    run.send(Msg::Suspend, run.at(secs(8.0)));
    assert_eq!(run.player.state(), State::Suspended { was_paused: false });
    assert_eq!(run.player.next_deadline(run.now), None);
    let quiet = run.send(Msg::Tick, run.at(secs(300.0)));
    assert!(quiet.is_empty(), "{quiet:?}");
    assert_eq!(run.position(), secs(8.0));

    run.send(Msg::Continue, run.at(secs(400.0)));
    assert_eq!(run.player.state(), State::Playing);
    assert_eq!(run.position(), secs(8.0));
    assert!(run.player.next_deadline(run.now).is_some());
    run.play_out();
    assert_eq!(run.cues(), run.timeline.cues);
    let summary = run.summary();
    assert_eq!(summary.position, run.timeline.total);
    assert_eq!(summary.paused, secs(392.0));
    assert_eq!(summary.outcome, Outcome::Completed);
}

#[test]
fn continuing_after_a_suspend_while_paused_stays_paused() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(8.0)));
    run.send(Msg::Pause, run.at(secs(8.0)));
    run.send(Msg::Suspend, run.at(secs(10.0)));
    assert_eq!(run.player.state(), State::Suspended { was_paused: true });
    let effects = run.send(Msg::Continue, run.at(secs(20.0)));
    assert!(!effects.contains(&Effect::AmbientStart), "{effects:?}");
    assert_eq!(run.player.state(), State::Paused);
    assert_eq!(run.player.next_deadline(run.now), None);
    assert!(run.send(Msg::Tick, run.at(secs(30.0))).is_empty());
    assert_eq!(run.position(), secs(8.0));

    run.send(Msg::Resume, run.at(secs(40.0)));
    assert_eq!(run.player.state(), State::Playing);
    assert_eq!(run.player.position(run.at(secs(41.0))), secs(9.0));
}

#[test]
fn pause_and_resume_while_suspended_change_nothing() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(8.0)));
    run.send(Msg::Suspend, run.at(secs(8.0)));
    for (i, msg) in [Msg::Pause, Msg::Resume, Msg::TogglePause, Msg::Suspend]
        .into_iter()
        .enumerate()
    {
        run.send(msg, run.at(secs(9.0 + i as f64)));
        assert_eq!(
            run.player.state(),
            State::Suspended { was_paused: false },
            "{msg:?}"
        );
        assert_eq!(run.position(), secs(8.0));
    }
    run.send(Msg::Continue, run.at(secs(20.0)));
    assert_eq!(run.player.state(), State::Playing);
    // Continue when not suspended changes nothing.
    assert!(run.send(Msg::Continue, run.at(secs(21.0))).is_empty());
    assert_eq!(run.position(), secs(9.0));
}

// ---------------------------------------------------------------------------
// Quitting and the end

#[test]
fn quit_ends_early_with_the_steps_done_so_far() {
    let routine = desk_reset();
    let timeline = Timeline::build(&routine);
    // Quit in the middle of every segment: the steps done are those whose
    // every segment lies before.
    for (index, segment) in timeline.segments.iter().enumerate() {
        let mut run = Run::start(&routine);
        let at = segment.start + segment.duration / 2;
        run.tick_until(run.at(at));
        let effects = run.send(Msg::Quit, run.at(at));
        assert_eq!(effects.len(), 2, "{effects:?}");
        assert_eq!(effects[0], Effect::AmbientStop);
        let summary = ended(&effects).expect("ended").clone();
        assert_eq!(summary.outcome, Outcome::EndedEarly);
        assert_eq!(summary.position, at);
        assert_eq!(summary.planned, timeline.total);
        assert_eq!(summary.steps_total, routine.steps.len());
        let current = segment.part.step();
        let expected = match segment.part {
            Part::LeadIn => 0,
            _ => current.unwrap(),
        };
        assert_eq!(
            summary.steps_done, expected,
            "quit in segment {index} ({:?})",
            segment.part
        );
        assert_eq!(run.player.state(), State::Ended(Outcome::EndedEarly));
        assert_eq!(run.player.next_deadline(run.now), None);
    }
}

#[test]
fn quit_while_paused_records_the_pause() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(30.0)));
    run.send(Msg::Pause, run.at(secs(30.0)));
    let effects = run.send(Msg::Quit, run.at(secs(90.0)));
    let summary = ended(&effects).expect("ended");
    assert_eq!(summary.outcome, Outcome::EndedEarly);
    assert_eq!(summary.position, secs(30.0));
    assert_eq!(summary.paused, secs(60.0));
    assert_eq!(summary.wall, secs(90.0));
    // The lead-in and the 20 s knead (5 s – 25 s) are done.
    assert_eq!(summary.steps_done, 1);
}

#[test]
fn nothing_happens_after_the_end() {
    let routine = short_routine();
    for how in [Msg::Quit, Msg::Tick] {
        let mut run = Run::start(&routine);
        if how == Msg::Quit {
            run.send(Msg::Quit, run.at(secs(10.0)));
        } else {
            run.play_out();
        }
        assert!(matches!(run.player.state(), State::Ended(_)));
        let state = run.player.state();
        let mut now = run.now;
        for msg in EVERY_MSG {
            now += secs(1.0);
            let effects = run.send(msg, now);
            assert!(effects.is_empty(), "{msg:?} after the end: {effects:?}");
            assert_eq!(run.player.state(), state);
            assert_eq!(run.player.next_deadline(now), None);
        }
        run.summary(); // still exactly one Ended
    }
}

#[test]
fn a_very_late_tick_ends_the_session_once_with_every_cue() {
    let routine = short_routine();
    let mut run = Run::start(&routine);
    let late = run.at(run.timeline.total + secs(3600.0));
    let effects = run.send(Msg::Tick, late);
    assert_eq!(cues(&effects), run.timeline.cues[1..].to_vec());
    assert_eq!(run.cues(), run.timeline.cues);
    let summary = ended(&effects).expect("ended");
    assert_eq!(summary.outcome, Outcome::Completed);
    assert_eq!(summary.position, run.timeline.total);
    assert_eq!(summary.steps_done, 4);
    assert!(run.send(Msg::Tick, late + secs(1.0)).is_empty());
}

#[test]
fn summary_position_counts_only_time_played_not_time_skipped() {
    // `Summary::position` is documented as "session time actually covered
    // (skips excluded)": the journal's actual active time.
    let routine = short_routine();
    let mut run = Run::start(&routine);
    run.tick_until(run.at(secs(10.0)));
    // Skip the last 15 s of the knead (5 s – 25 s), play 2 s, quit.
    run.send(Msg::Next, run.at(secs(10.0)));
    let effects = run.send(Msg::Quit, run.at(secs(12.0)));
    let summary = ended(&effects).expect("ended");
    assert_eq!(summary.wall, secs(12.0));
    assert_eq!(
        summary.position,
        secs(12.0),
        "12 s were played; the 15 s skipped should not count as covered"
    );
}
