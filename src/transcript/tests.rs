use super::*;
use crate::audio::sheet::tests::routine;
use crate::library::BUNDLED;
use crate::routine::{RoutineSource, parse};

fn transcript(text: &str) -> Transcript {
    let routine = routine(text);
    Transcript::new(&routine, &Timeline::build(&routine), WORDS_A_MINUTE)
}

fn moments(t: &Transcript) -> Vec<(f64, &str)> {
    t.lines
        .iter()
        .map(|l| {
            (
                (l.moment.as_secs_f64() * 100.0).round() / 100.0,
                l.text.as_str(),
            )
        })
        .collect()
}

/// Every rule plain mode keeps, or what breaks one.
fn keeps_the_rules(routine: &Routine, t: &Transcript) -> Result<(), String> {
    let words = |s: &Said| s.text.split_whitespace().count() as f64;
    let mut read_by = 0.0f64;
    for pair in t.lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.moment < a.moment {
            return Err(format!("out of order: {a:?} then {b:?}"));
        }
        // Issue 12's rule, at 180 words a minute: words / 3 seconds.
        read_by = read_by.max(a.moment.as_secs_f64() + words(a) / 3.0);
        if b.kind != Kind::Breath && b.moment.as_secs_f64() < read_by - 1e-9 {
            return Err(format!("{:?} printed while {:?} is read", b.text, a.text));
        }
    }
    for (index, step) in routine.steps.iter().enumerate() {
        let of = |kind| {
            t.lines
                .iter()
                .filter(move |l| l.step == Some(index) && l.kind == kind)
        };
        if of(Kind::Step).count() != step.repeat as usize {
            return Err(format!("step {} not announced each round", index + 1));
        }
        let said: Vec<&str> = of(Kind::Instructions).map(|l| l.text.as_str()).collect();
        let whole = step.instructions.split_whitespace().collect::<Vec<_>>();
        if said.join(" ").split_whitespace().collect::<Vec<_>>() != whole {
            return Err(format!(
                "step {}'s instructions not whole: {said:?}",
                index + 1
            ));
        }
        let starts = of(Kind::Starting)
            .next()
            .or_else(|| of(Kind::Step).next())
            .unwrap()
            .moment;
        if let Some(late) = of(Kind::Instructions)
            .find(|l| l.moment + reading_time(&l.text, WORDS_A_MINUTE) > starts)
        {
            return Err(format!("{:?} read after its step started", late.text));
        }
    }
    for line in t.lines.iter().filter(|l| l.held.is_some()) {
        match t.hold_at(line.at) {
            Some(h) if line.held <= Some(h.length) => {}
            _ => return Err(format!("{line:?} is held outside a hold")),
        }
    }
    Ok(())
}

const SHORT: &str = r#"
stillpoint = 1
title = "Short test routine"
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
duration = "4s"
instructions = "Knead the side of your neck. Use your fingertips."
[[step]]
title = "Slow breaths"
kind = "breathe"
pattern = { inhale = 1, exhale = 2 }
cycles = 1
"#;

#[test]
fn short_steps_hold_the_clock_while_their_instructions_are_read() {
    let t = transcript(SHORT);
    assert_eq!(
        moments(&t),
        [
            (0.0, "Short test routine. Settle in; starting in 2 seconds."),
            (3.3, "Step 1 of 3: Warm compress, 3 seconds."),
            (6.27, "Lay a warm compress across the back of your neck."),
            (9.6, "Starting."),
            (
                12.6,
                "Step 2 of 3: Neck kneading, 4 seconds. Start on the left side."
            ),
            (17.23, "Knead the side of your neck."),
            (19.53, "Use your fingertips."),
            (20.53, "Starting."),
            (22.53, "Switch to the right side."),
            (24.53, "Step 3 of 3: Slow breaths, 1 breath, 3 seconds."),
            (27.87, "Breathe in, 1"),
            (28.87, "Breathe out, 2"),
            (30.87, "Done. Short test routine is complete."),
        ]
    );
    // Two steps read out, and the breaths wait for their step's line.
    assert_eq!(t.holds.len(), 3, "{:?}", t.holds);
    keeps_the_rules(&routine(SHORT), &t).unwrap();
}

const LONG_STEPS: &str = r#"
stillpoint = 1
title = "Neck and temples"
lead_in = "20s"
[[step]]
title = "Neck kneading"
kind = "knead"
sides = "each"
duration = "40s"
instructions = "Knead the side of the neck. Slowly."
[[step]]
title = "Temple press"
kind = "press"
duration = "4m"
instructions = "Press the temples."
[[step]]
title = "Box breathing"
kind = "breathe"
pattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }
cycles = 2
instructions = "Breathe with the count."
"#;

#[test]
fn instructions_come_in_the_quiet_before_their_step_after_what_is_next() {
    let t = transcript(LONG_STEPS);
    // Only the breaths wait, for their step's line.
    assert_eq!(t.holds.len(), 1, "{:?}", t.holds);
    assert!(t.holds[0].length < Duration::from_secs(4), "{:?}", t.holds);
    let said: Vec<&str> = t.lines.iter().map(|l| l.text.as_str()).collect();
    let at = |text: &str| said.iter().position(|s| *s == text).unwrap();
    assert!(at("Next: Neck kneading.") < at("Knead the side of the neck."));
    assert!(at("Slowly.") < at("Step 1 of 3: Neck kneading, 40 seconds. Start on the left side."));
    assert!(at("Switch to the right side.") < at("Next: Temple press."));
    assert!(at("Press the temples.") < at("Step 2 of 3: Temple press, 4 minutes."));
    let minute = &t.lines[at("One minute left.")];
    assert_eq!(minute.at, Duration::from_secs(20 + 80 + 180));
    assert!(
        at("Breathe with the count.") < at("Step 3 of 3: Box breathing, 2 breaths, 32 seconds.")
    );
    assert_eq!(
        said.iter().filter(|s| s.starts_with("Breathe in")).count(),
        2
    );
    assert!(!said.contains(&"Starting."));
    keeps_the_rules(&routine(LONG_STEPS), &t).unwrap();
}

#[test]
fn a_first_step_with_no_lead_in_is_read_out_while_held() {
    let text = LONG_STEPS.replace("lead_in = \"20s\"", "lead_in = 0");
    let t = transcript(&text);
    assert_eq!(t.holds.len(), 2);
    assert_eq!(t.holds[0].at, Duration::ZERO);
    let said: Vec<(Option<Duration>, &str)> = t
        .lines
        .iter()
        .take(4)
        .map(|l| (l.held, l.text.as_str()))
        .collect();
    assert_eq!(
        said[0].1,
        "Step 1 of 3: Neck kneading, 40 seconds. Start on the left side."
    );
    assert_eq!(said[0].0, Some(Duration::ZERO));
    assert_eq!(said[1].1, "Knead the side of the neck.");
    assert_eq!(said[2].1, "Slowly.");
    assert_eq!(said[3], (None, "Starting."));
    keeps_the_rules(&routine(&text), &t).unwrap();
}

#[test]
fn after_a_skip_the_step_skipped_to_is_read_out_whole_and_nothing_before_it() {
    let routine = routine(LONG_STEPS);
    let timeline = Timeline::build(&routine);
    let entry = timeline
        .segments
        .iter()
        .position(|s| s.part.step() == Some(1))
        .unwrap();
    let t = Transcript::from_segment(&routine, &timeline, WORDS_A_MINUTE, entry);
    let start = timeline.segments[entry].start;
    assert!(t.lines.iter().all(|l| l.at >= start));
    assert_eq!(t.lines[0].text, "Step 2 of 3: Temple press, 4 minutes.");
    assert_eq!(t.lines[1].text, "Press the temples.");
    assert_eq!(t.lines[2].text, "Starting.");
    assert_eq!(t.holds[0].at, start);
}

#[test]
fn a_slower_reading_speed_leaves_more_room() {
    let routine = routine(SHORT);
    let timeline = Timeline::build(&routine);
    let fast = Transcript::new(&routine, &timeline, 180);
    let slow = Transcript::new(&routine, &timeline, 120);
    let held = |t: &Transcript| t.holds.iter().map(|h| h.length).sum::<Duration>();
    assert!(held(&slow) > held(&fast));
    keeps_the_rules(&routine, &slow).unwrap();
}

#[test]
fn instructions_split_into_sentences() {
    assert_eq!(
        words::sentences("Sit tall.\nLet the  shoulders drop! Is it \"easy?\" Yes"),
        [
            "Sit tall.",
            "Let the shoulders drop!",
            "Is it \"easy?\"",
            "Yes"
        ]
    );
}

#[test]
fn every_bundled_routine_keeps_the_rules_from_the_start_and_from_every_segment() {
    for (name, text) in BUNDLED {
        let routine = parse(&RoutineSource::bundled(name, text)).routine.unwrap();
        let timeline = Timeline::build(&routine);
        let t = Transcript::new(&routine, &timeline, WORDS_A_MINUTE);
        if let Err(e) = keeps_the_rules(&routine, &t) {
            panic!("{name}: {e}");
        }
        for entry in 1..timeline.segments.len() {
            let t = Transcript::from_segment(&routine, &timeline, WORDS_A_MINUTE, entry);
            let mut lines = t.lines.iter().map(|l| l.text.as_str());
            if let Some(first) = lines.next() {
                assert!(!first.starts_with("Next:"), "{name} from {entry}: {first}");
            }
        }
    }
}
