//! The timeline a routine expands into: segments with exact start offsets and
//! every cue due along the way.

use std::time::Duration;

use stillpoint::routine::vocabulary::Side;
use stillpoint::routine::{BreathPattern, Pacing, Routine};
use stillpoint::timeline::{BreathPhase, Cue, CueKind, Part, Timeline, breath_at};

mod routine_support;
use routine_support::{bundled, routine, secs};

fn ms(m: u64) -> Duration {
    Duration::from_millis(m)
}

/// A routine with the given header lines (after the title) and steps.
fn with_steps(header: &str, steps: &str) -> Routine {
    routine(&format!(
        "stillpoint = 1\ntitle = \"Test\"\n{header}\n{steps}"
    ))
}

fn cues_of(timeline: &Timeline, segment: usize) -> Vec<Cue> {
    timeline
        .cues
        .iter()
        .filter(|c| c.segment == segment)
        .copied()
        .collect()
}

fn breaths(timeline: &Timeline, segment: usize) -> Vec<(Duration, BreathPhase, Duration)> {
    cues_of(timeline, segment)
        .into_iter()
        .filter_map(|c| match c.kind {
            CueKind::Breath { phase, length } => Some((c.at, phase, length)),
            _ => None,
        })
        .collect()
}

fn pips(timeline: &Timeline, segment: usize) -> Vec<(Duration, u32)> {
    cues_of(timeline, segment)
        .into_iter()
        .filter_map(|c| match c.kind {
            CueKind::Pip { remaining } => Some((c.at, remaining)),
            _ => None,
        })
        .collect()
}

fn pattern_of(routine: &Routine, step: usize) -> BreathPattern {
    match routine.steps[step].pacing {
        Pacing::Breathe { pattern, .. } => pattern,
        other => panic!("step {step} is not a breathing step: {other:?}"),
    }
}

/// Invariants every timeline keeps, whatever the routine.
fn assert_well_formed(name: &str, routine: &Routine, timeline: &Timeline) {
    assert_eq!(timeline.total, routine.total(), "{name}: total");
    assert!(!timeline.segments.is_empty(), "{name}: no segments");
    assert_eq!(timeline.segments[0].start, Duration::ZERO, "{name}");
    for pair in timeline.segments.windows(2) {
        assert_eq!(pair[0].end(), pair[1].start, "{name}: gap or overlap");
    }
    for segment in &timeline.segments {
        assert!(!segment.duration.is_zero(), "{name}: empty {segment:?}");
    }
    assert_eq!(timeline.segments.last().unwrap().end(), timeline.total);
    for pair in timeline.cues.windows(2) {
        assert!(pair[0].at <= pair[1].at, "{name}: cues out of order");
    }
    let (end, rest) = timeline.cues.split_last().expect("cues");
    assert_eq!(end.kind, CueKind::SessionEnd, "{name}: last cue");
    assert_eq!(end.at, timeline.total, "{name}");
    assert_eq!(end.segment, timeline.segments.len() - 1, "{name}");
    for cue in rest {
        assert_ne!(cue.kind, CueKind::SessionEnd, "{name}: two session ends");
        let segment = &timeline.segments[cue.segment];
        assert!(
            segment.start <= cue.at && cue.at < segment.end(),
            "{name}: {cue:?} lies outside its segment {segment:?}"
        );
    }
    // Every segment opens with exactly one start cue at its start.
    for (index, segment) in timeline.segments.iter().enumerate() {
        let starts: Vec<Cue> = cues_of(timeline, index)
            .into_iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    CueKind::LeadIn
                        | CueKind::StepStart
                        | CueKind::BetweenStart
                        | CueKind::SwitchSide { .. }
                ) && c.at == segment.start
            })
            .collect();
        assert_eq!(
            starts.len(),
            1,
            "{name}: segment {index} start cues {starts:?}"
        );
        let first = cues_of(timeline, index)[0];
        assert_eq!(
            first, starts[0],
            "{name}: segment {index} opens with another cue"
        );
    }
}

#[test]
fn every_bundled_routine_expands_into_a_well_formed_timeline() {
    for (name, routine) in bundled() {
        let timeline = Timeline::build(&routine);
        assert_well_formed(name, &routine, &timeline);
        assert_eq!(timeline.segments[0].part, Part::LeadIn, "{name}");
        assert_eq!(timeline.segments[0].duration, routine.lead_in, "{name}");
        // Every step appears, in order.
        let steps: Vec<usize> = timeline
            .segments
            .iter()
            .filter_map(|s| s.part.step())
            .collect();
        let mut distinct = steps.clone();
        distinct.dedup();
        assert_eq!(
            distinct,
            (0..routine.steps.len()).collect::<Vec<_>>(),
            "{name}"
        );
    }
}

#[test]
fn the_lead_in_comes_first_with_its_cue() {
    let r = with_steps(
        "lead_in = \"5s\"",
        "[[step]]\ntitle = \"Rest\"\nkind = \"rest\"\nduration = \"20s\"\ninstructions = \"Rest.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("lead-in", &r, &t);
    assert_eq!(t.segments.len(), 2);
    assert_eq!(t.segments[0].part, Part::LeadIn);
    assert_eq!(t.segments[0].start, Duration::ZERO);
    assert_eq!(t.segments[0].duration, secs(5.0));
    assert_eq!(
        t.cues[0],
        Cue {
            at: Duration::ZERO,
            segment: 0,
            kind: CueKind::LeadIn
        }
    );
    assert_eq!(
        t.segments[1].part,
        Part::Step {
            step: 0,
            repeat: 1,
            side: None
        }
    );
    assert_eq!(t.segments[1].start, secs(5.0));
    assert_eq!(t.total, secs(25.0));
}

#[test]
fn the_lead_in_defaults_to_three_seconds_and_zero_leaves_it_out() {
    let step = "[[step]]\ntitle = \"Rest\"\nkind = \"rest\"\nduration = \"20s\"\ninstructions = \"Rest.\"\n";
    let t = Timeline::build(&with_steps("", step));
    assert_eq!(t.segments[0].part, Part::LeadIn);
    assert_eq!(t.segments[0].duration, secs(3.0));

    let r = with_steps("lead_in = \"0s\"", step);
    let t = Timeline::build(&r);
    assert_well_formed("no lead-in", &r, &t);
    assert_eq!(t.segments.len(), 1);
    assert!(matches!(t.segments[0].part, Part::Step { step: 0, .. }));
    assert_eq!(t.cues[0].kind, CueKind::StepStart);
    assert!(!t.cues.iter().any(|c| c.kind == CueKind::LeadIn));
}

#[test]
fn repeats_with_a_rest_between_make_n_passes_and_n_minus_1_rests() {
    let r = with_steps(
        "lead_in = \"4s\"\n[sound]\ncountdown = 0",
        "[[step]]\ntitle = \"Rolls\"\nkind = \"stretch\"\nduration = \"30s\"\nrepeat = 3\nbetween = \"10s\"\ninstructions = \"Roll.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("repeat", &r, &t);
    let parts: Vec<Part> = t.segments.iter().map(|s| s.part).collect();
    let pass = |repeat| Part::Step {
        step: 0,
        repeat,
        side: None,
    };
    let rest = |after| Part::Between { step: 0, after };
    assert_eq!(
        parts,
        vec![Part::LeadIn, pass(1), rest(1), pass(2), rest(2), pass(3)]
    );
    let starts: Vec<f64> = t.segments.iter().map(|s| s.start.as_secs_f64()).collect();
    assert_eq!(starts, vec![0.0, 4.0, 34.0, 44.0, 74.0, 84.0]);
    assert_eq!(t.total, secs(114.0));
    let kinds: Vec<CueKind> = t.cues.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            CueKind::LeadIn,
            CueKind::StepStart,
            CueKind::BetweenStart,
            CueKind::StepStart,
            CueKind::BetweenStart,
            CueKind::StepStart,
            CueKind::SessionEnd,
        ]
    );
    for index in [2, 4] {
        assert_eq!(t.segments[index].duration, secs(10.0));
        assert_eq!(t.segments[index].part.step(), Some(0));
    }
}

#[test]
fn repeats_without_a_rest_follow_each_other_directly() {
    let r = with_steps(
        "lead_in = \"0s\"\n[sound]\ncountdown = 0",
        "[[step]]\ntitle = \"Rolls\"\nkind = \"stretch\"\nduration = \"30s\"\nrepeat = 4\ninstructions = \"Roll.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("repeat", &r, &t);
    assert_eq!(t.segments.len(), 4);
    for (i, s) in t.segments.iter().enumerate() {
        assert_eq!(
            s.part,
            Part::Step {
                step: 0,
                repeat: i as u32 + 1,
                side: None
            }
        );
        assert_eq!(s.start, secs(30.0 * i as f64));
    }
    assert_eq!(t.total, secs(120.0));
}

#[test]
fn each_side_gives_a_left_then_a_right_segment_that_starts_with_a_switch() {
    let r = with_steps(
        "lead_in = \"0s\"\n[sound]\ncountdown = 0",
        "[[step]]\ntitle = \"Knead\"\nkind = \"knead\"\nsides = \"each\"\nduration = \"40s\"\nrepeat = 2\nbetween = \"5s\"\ninstructions = \"Knead.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("each", &r, &t);
    let side = |repeat, side| Part::Step {
        step: 0,
        repeat,
        side: Some(side),
    };
    let parts: Vec<Part> = t.segments.iter().map(|s| s.part).collect();
    assert_eq!(
        parts,
        vec![
            side(1, Side::Left),
            side(1, Side::Right),
            Part::Between { step: 0, after: 1 },
            side(2, Side::Left),
            side(2, Side::Right),
        ]
    );
    for index in [0, 1, 3, 4] {
        assert_eq!(
            t.segments[index].duration,
            secs(40.0),
            "each side lasts the whole duration"
        );
    }
    assert_eq!(t.total, secs(165.0));
    assert_eq!(t.total, r.total());
    for (index, expected) in [
        (0, CueKind::StepStart),
        (1, CueKind::SwitchSide { to: Side::Right }),
        (2, CueKind::BetweenStart),
        (3, CueKind::StepStart),
        (4, CueKind::SwitchSide { to: Side::Right }),
    ] {
        let cues = cues_of(&t, index);
        assert_eq!(cues[0].kind, expected, "segment {index}");
        assert_eq!(cues[0].at, t.segments[index].start);
        if index == 1 || index == 4 {
            assert!(
                !cues.iter().any(|c| c.kind == CueKind::StepStart),
                "the right side has no chime of its own: {cues:?}"
            );
        }
    }
}

#[test]
fn alternate_switches_to_the_right_at_half_time() {
    let r = with_steps(
        "lead_in = \"2s\"\n[sound]\ncountdown = 0",
        "[[step]]\ntitle = \"Press\"\nkind = \"press\"\nsides = \"alternate\"\nduration = \"45s\"\ninstructions = \"Press.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("alternate", &r, &t);
    assert_eq!(t.segments.len(), 2);
    assert_eq!(t.segments[1].duration, secs(45.0));
    let cues = cues_of(&t, 1);
    assert_eq!(cues[0].kind, CueKind::StepStart);
    let switches: Vec<&Cue> = cues
        .iter()
        .filter(|c| matches!(c.kind, CueKind::SwitchSide { .. }))
        .collect();
    assert_eq!(switches.len(), 1, "{cues:?}");
    assert_eq!(switches[0].kind, CueKind::SwitchSide { to: Side::Right });
    assert_eq!(switches[0].at, secs(2.0 + 22.5));
    assert!(!cues.iter().any(|c| c.kind == CueKind::ReverseDirection));
}

#[test]
fn reverse_halfway_circles_turn_at_half_time_and_others_do_not() {
    let r = with_steps(
        "lead_in = \"3s\"\n[sound]\ncountdown = 0",
        "[[step]]\ntitle = \"Circles\"\nkind = \"circles\"\ndirection = \"reverse-halfway\"\nduration = \"61s\"\nrepeat = 2\nbetween = \"9s\"\ninstructions = \"Circle.\"\n\
         [[step]]\ntitle = \"Clockwise\"\nkind = \"circles\"\ndirection = \"clockwise\"\nduration = \"20s\"\ninstructions = \"Circle.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("reverse", &r, &t);
    let reversals: Vec<(usize, Duration)> = t
        .cues
        .iter()
        .filter(|c| c.kind == CueKind::ReverseDirection)
        .map(|c| (c.segment, c.at))
        .collect();
    // Lead-in 0–3, pass 1 3–64, rest 64–73, pass 2 73–134, clockwise 134–154.
    assert_eq!(
        reversals,
        vec![(1, secs(3.0 + 30.5)), (3, secs(73.0 + 30.5))]
    );
    assert!(
        !t.cues
            .iter()
            .any(|c| matches!(c.kind, CueKind::SwitchSide { .. }))
    );
}

#[test]
fn breathing_cues_follow_the_pattern_exactly() {
    let r = with_steps(
        "lead_in = \"5s\"",
        "[[step]]\ntitle = \"Box\"\nkind = \"breathe\"\npattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }\ncycles = 3\ninstructions = \"Breathe.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("box", &r, &t);
    assert_eq!(t.segments[1].duration, secs(48.0));
    let got = breaths(&t, 1);
    let mut expected = Vec::new();
    let mut at = 5.0;
    for _ in 0..3 {
        for phase in [
            BreathPhase::Inhale,
            BreathPhase::Hold,
            BreathPhase::Exhale,
            BreathPhase::Rest,
        ] {
            expected.push((secs(at), phase, secs(4.0)));
            at += 4.0;
        }
    }
    assert_eq!(got, expected);
    // The step's own start cue comes first, then the first breath, together.
    let cues = cues_of(&t, 1);
    assert_eq!(cues[0].kind, CueKind::StepStart);
    assert!(matches!(
        cues[1].kind,
        CueKind::Breath {
            phase: BreathPhase::Inhale,
            ..
        }
    ));
    assert_eq!(cues[0].at, cues[1].at);
}

#[test]
fn breathing_in_halves_is_exact_and_zero_phases_are_skipped() {
    let r = with_steps(
        "lead_in = \"0s\"",
        "[[step]]\ntitle = \"Halves\"\nkind = \"breathe\"\npattern = { inhale = 4.5, hold = 0, exhale = 5.5, rest = 0 }\nduration = \"1m\"\ninstructions = \"Breathe.\"\n\
         [[step]]\ntitle = \"Four seven eight\"\nkind = \"breathe\"\npattern = { inhale = 4, hold = 7, exhale = 8 }\ncycles = 2\ninstructions = \"Breathe.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("halves", &r, &t);
    assert_eq!(t.segments[0].duration, secs(60.0));
    let got = breaths(&t, 0);
    assert_eq!(got.len(), 12, "six whole cycles of two phases: {got:?}");
    for (i, (at, phase, length)) in got.iter().enumerate() {
        let cycle = (i / 2) as u64;
        if i % 2 == 0 {
            assert_eq!(*at, ms(cycle * 10_000));
            assert_eq!(*phase, BreathPhase::Inhale);
            assert_eq!(*length, ms(4_500));
        } else {
            assert_eq!(*at, ms(cycle * 10_000 + 4_500));
            assert_eq!(*phase, BreathPhase::Exhale);
            assert_eq!(*length, ms(5_500));
        }
    }
    let got = breaths(&t, 1);
    let expected = vec![
        (secs(60.0), BreathPhase::Inhale, secs(4.0)),
        (secs(64.0), BreathPhase::Hold, secs(7.0)),
        (secs(71.0), BreathPhase::Exhale, secs(8.0)),
        (secs(79.0), BreathPhase::Inhale, secs(4.0)),
        (secs(83.0), BreathPhase::Hold, secs(7.0)),
        (secs(90.0), BreathPhase::Exhale, secs(8.0)),
    ];
    assert_eq!(got, expected);
    assert_eq!(t.total, secs(98.0));
}

#[test]
fn breathing_phases_fill_each_bundled_breathing_step_exactly() {
    for (name, routine) in bundled() {
        let t = Timeline::build(&routine);
        for (index, segment) in t.segments.iter().enumerate() {
            let Part::Step { step, .. } = segment.part else {
                continue;
            };
            let Pacing::Breathe { pattern, cycles } = routine.steps[step].pacing else {
                assert!(
                    breaths(&t, index).is_empty(),
                    "{name}: breaths outside a breathing step"
                );
                continue;
            };
            let got = breaths(&t, index);
            let phases_per_cycle = [pattern.inhale, pattern.hold, pattern.exhale, pattern.rest]
                .iter()
                .filter(|p| !p.is_zero())
                .count();
            assert_eq!(got.len(), phases_per_cycle * cycles as usize, "{name}");
            let mut at = segment.start;
            for (cue_at, _, length) in &got {
                assert_eq!(*cue_at, at, "{name}: phases must follow each other");
                assert!(!length.is_zero(), "{name}");
                at += *length;
            }
            assert_eq!(at, segment.end(), "{name}: the breaths fill the step");
        }
    }
}

#[test]
fn countdown_pips_sound_in_the_last_seconds_of_timed_segments() {
    let r = with_steps(
        "lead_in = \"5s\"\n[sound]\ncountdown = 3",
        "[[step]]\ntitle = \"Knead\"\nkind = \"knead\"\nduration = \"10s\"\ninstructions = \"Knead.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("pips", &r, &t);
    assert_eq!(
        pips(&t, 1),
        vec![(secs(12.0), 3), (secs(13.0), 2), (secs(14.0), 1)]
    );
    // The lead-in counts down too.
    assert_eq!(
        pips(&t, 0),
        vec![(secs(2.0), 3), (secs(3.0), 2), (secs(4.0), 1)]
    );

    let r = with_steps(
        "lead_in = \"0s\"\n[sound]\ncountdown = 5",
        "[[step]]\ntitle = \"Knead\"\nkind = \"knead\"\nduration = \"20s\"\ninstructions = \"Knead.\"\n",
    );
    let t = Timeline::build(&r);
    let got: Vec<u32> = pips(&t, 0).iter().map(|p| p.1).collect();
    assert_eq!(got, vec![5, 4, 3, 2, 1]);
    assert_eq!(pips(&t, 0)[0].0, secs(15.0));
}

#[test]
fn no_pips_when_the_countdown_is_zero() {
    let r = with_steps(
        "lead_in = \"5s\"\n[sound]\ncountdown = 0",
        "[[step]]\ntitle = \"Knead\"\nkind = \"knead\"\nduration = \"30s\"\nrepeat = 2\nbetween = \"10s\"\ninstructions = \"Knead.\"\n",
    );
    let t = Timeline::build(&r);
    assert!(
        !t.cues.iter().any(|c| matches!(c.kind, CueKind::Pip { .. })),
        "{:?}",
        t.cues
    );
}

#[test]
fn no_pips_on_breathing_steps() {
    let r = with_steps(
        "lead_in = \"0s\"\n[sound]\ncountdown = 5",
        "[[step]]\ntitle = \"Box\"\nkind = \"breathe\"\npattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }\ncycles = 4\ninstructions = \"Breathe.\"\n\
         [[step]]\ntitle = \"Rest\"\nkind = \"rest\"\nduration = \"10s\"\ninstructions = \"Rest.\"\n",
    );
    let t = Timeline::build(&r);
    assert!(pips(&t, 0).is_empty(), "{:?}", pips(&t, 0));
    assert_eq!(pips(&t, 1).len(), 5);
}

#[test]
fn pips_never_sound_at_a_segment_start() {
    let r = with_steps(
        "lead_in = \"0s\"\n[sound]\ncountdown = 5",
        "[[step]]\ntitle = \"Short\"\nkind = \"stretch\"\nduration = \"3s\"\ninstructions = \"Stretch.\"\n\
         [[step]]\ntitle = \"Shorter\"\nkind = \"stretch\"\nduration = \"1s\"\ninstructions = \"Stretch.\"\n\
         [[step]]\ntitle = \"Exact\"\nkind = \"stretch\"\nduration = \"5s\"\ninstructions = \"Stretch.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("short", &r, &t);
    assert_eq!(pips(&t, 0), vec![(secs(1.0), 2), (secs(2.0), 1)]);
    assert!(pips(&t, 1).is_empty());
    assert_eq!(
        pips(&t, 2),
        vec![
            (secs(5.0), 4),
            (secs(6.0), 3),
            (secs(7.0), 2),
            (secs(8.0), 1)
        ]
    );
    for cue in &t.cues {
        if matches!(cue.kind, CueKind::Pip { .. }) {
            assert_ne!(cue.at, t.segments[cue.segment].start, "{cue:?}");
        }
    }
}

#[test]
fn bundled_routines_pip_as_their_countdown_says() {
    for (name, routine) in bundled() {
        let t = Timeline::build(&routine);
        let n = routine.sound.countdown;
        for (index, segment) in t.segments.iter().enumerate() {
            let breathing = matches!(
                segment.part,
                Part::Step { step, .. } if matches!(routine.steps[step].pacing, Pacing::Breathe { .. })
            );
            let got = pips(&t, index);
            if breathing || n == 0 {
                assert!(got.is_empty(), "{name}: segment {index}: {got:?}");
                continue;
            }
            let expected: Vec<(Duration, u32)> = (1..=n)
                .rev()
                .filter_map(|k| {
                    let at = segment.end().checked_sub(secs(k as f64))?;
                    (at > segment.start).then_some((at, k))
                })
                .collect();
            assert_eq!(got, expected, "{name}: segment {index}");
        }
    }
}

#[test]
fn the_timeline_lasts_as_long_as_the_routine() {
    for (name, routine) in bundled() {
        assert_eq!(Timeline::build(&routine).total, routine.total(), "{name}");
    }
    let r = with_steps(
        "lead_in = \"7s\"",
        "[[step]]\ntitle = \"Each\"\nkind = \"stretch\"\nsides = \"each\"\nduration = \"25s\"\nrepeat = 3\nbetween = \"4s\"\ninstructions = \"Stretch.\"\n\
         [[step]]\ntitle = \"Breathe\"\nkind = \"breathe\"\npattern = { inhale = 3.5, exhale = 6.5 }\ncycles = 7\nrepeat = 2\nbetween = \"12s\"\ninstructions = \"Breathe.\"\n",
    );
    let t = Timeline::build(&r);
    assert_well_formed("mixed", &r, &t);
    // 7 + 3·2·25 + 2·4 + 2·70 + 12
    assert_eq!(t.total, secs(317.0));
    assert_eq!(t.total, r.total());
}

#[test]
fn segment_at_finds_the_segment_on_both_sides_of_each_boundary() {
    for (name, routine) in bundled() {
        let t = Timeline::build(&routine);
        let last = t.segments.len() - 1;
        assert_eq!(t.segment_at(Duration::ZERO), 0, "{name}");
        for (index, segment) in t.segments.iter().enumerate() {
            assert_eq!(t.segment_at(segment.start), index, "{name}: at start");
            assert_eq!(
                t.segment_at(segment.start + segment.duration / 2),
                index,
                "{name}: midway"
            );
            assert_eq!(
                t.segment_at(segment.end() - Duration::from_nanos(1)),
                index,
                "{name}: just before the end"
            );
            if index > 0 {
                assert_eq!(
                    t.segment_at(segment.start - Duration::from_nanos(1)),
                    index - 1,
                    "{name}: just before the start"
                );
            }
        }
        assert_eq!(t.segment_at(t.total), last, "{name}: at the end");
        assert_eq!(
            t.segment_at(t.total + secs(3600.0)),
            last,
            "{name}: past the end"
        );
    }
}

#[test]
fn breath_at_names_the_phase_progress_and_time_left() {
    let r = with_steps(
        "",
        "[[step]]\ntitle = \"478\"\nkind = \"breathe\"\npattern = { inhale = 4, hold = 7, exhale = 8 }\ncycles = 3\ninstructions = \"Breathe.\"\n\
         [[step]]\ntitle = \"Box\"\nkind = \"breathe\"\npattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }\ncycles = 3\ninstructions = \"Breathe.\"\n\
         [[step]]\ntitle = \"Halves\"\nkind = \"breathe\"\npattern = { inhale = 4.5, exhale = 5.5 }\ncycles = 3\ninstructions = \"Breathe.\"\n",
    );
    let check = |pattern: &BreathPattern,
                 offset: Duration,
                 phase: BreathPhase,
                 progress: f64,
                 remaining: Duration,
                 cycle: u32| {
        let got = breath_at(pattern, offset);
        assert_eq!(got.phase, phase, "at {offset:?}: {got:?}");
        assert!(
            (got.progress - progress).abs() < 1e-9,
            "at {offset:?}: progress {} not {progress}",
            got.progress
        );
        assert_eq!(got.remaining, remaining, "at {offset:?}");
        assert_eq!(got.cycle, cycle, "at {offset:?}");
        assert!((0.0..1.0).contains(&got.progress));
    };
    use BreathPhase::*;

    let p = pattern_of(&r, 0);
    check(&p, ms(0), Inhale, 0.0, secs(4.0), 1);
    check(&p, ms(2_000), Inhale, 0.5, secs(2.0), 1);
    check(&p, ms(3_999), Inhale, 3.999 / 4.0, ms(1), 1);
    check(&p, ms(4_000), Hold, 0.0, secs(7.0), 1);
    check(&p, ms(7_500), Hold, 0.5, ms(3_500), 1);
    check(&p, ms(11_000), Exhale, 0.0, secs(8.0), 1);
    check(&p, ms(17_000), Exhale, 0.75, secs(2.0), 1);
    check(&p, ms(18_999), Exhale, 7.999 / 8.0, ms(1), 1);
    check(&p, ms(19_000), Inhale, 0.0, secs(4.0), 2);
    check(&p, ms(19_000 * 2 + 12_000), Exhale, 1.0 / 8.0, secs(7.0), 3);

    let p = pattern_of(&r, 1);
    check(&p, ms(13_000), Rest, 0.25, secs(3.0), 1);
    check(&p, ms(15_999), Rest, 3.999 / 4.0, ms(1), 1);
    check(&p, ms(16_000), Inhale, 0.0, secs(4.0), 2);
    check(&p, ms(16_000 + 9_000), Exhale, 0.25, secs(3.0), 2);

    let p = pattern_of(&r, 2);
    check(&p, ms(2_250), Inhale, 0.5, ms(2_250), 1);
    check(&p, ms(4_499), Inhale, 4.499 / 4.5, ms(1), 1);
    check(&p, ms(4_500), Exhale, 0.0, ms(5_500), 1);
    check(&p, ms(7_250), Exhale, 0.5, ms(2_750), 1);
    check(&p, ms(10_000), Inhale, 0.0, ms(4_500), 2);
    check(&p, ms(24_500), Exhale, 0.0, ms(5_500), 3);
}

#[test]
fn breath_at_agrees_with_the_breath_cues() {
    for (name, routine) in bundled() {
        let t = Timeline::build(&routine);
        for (index, segment) in t.segments.iter().enumerate() {
            let Part::Step { step, .. } = segment.part else {
                continue;
            };
            let Pacing::Breathe { pattern, .. } = routine.steps[step].pacing else {
                continue;
            };
            for (at, phase, length) in breaths(&t, index) {
                let offset = at - segment.start;
                let got = breath_at(&pattern, offset);
                assert_eq!(got.phase, phase, "{name}: at {offset:?}");
                assert_eq!(got.remaining, length, "{name}: at {offset:?}");
                assert_eq!(got.progress, 0.0, "{name}");
                let mid = breath_at(&pattern, offset + length / 2);
                assert_eq!(mid.phase, phase, "{name}: midway");
            }
        }
    }
}
