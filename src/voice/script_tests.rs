use super::*;
use crate::audio::sheet::tests::routine;
use crate::library::BUNDLED;
use crate::routine::{RoutineSource, parse};

fn lines(text: &str) -> Vec<(f64, String)> {
    let routine = routine(text);
    Script::new(&routine, &Timeline::build(&routine))
        .lines
        .iter()
        .map(|l| (l.at.as_secs_f64(), l.text.clone()))
        .collect()
}

const KNEAD_THEN_PRESS: &str = r#"
stillpoint = 1
title = "Neck and temples"
lead_in = "5s"
[[step]]
title = "Neck kneading"
kind = "knead"
sides = "each"
duration = "30s"
instructions = "Knead the side of the neck."
[[step]]
title = "Temple press"
kind = "press"
duration = "4m"
instructions = "Press the temples."
"#;

#[test]
fn says_each_step_its_side_the_switch_what_is_next_and_the_end() {
    assert_eq!(
        lines(KNEAD_THEN_PRESS),
        [
            (0.0, "Neck and temples.".to_owned()),
            (5.5, "Neck kneading. Left side.".to_owned()),
            (35.5, "Switch to the right side.".to_owned()),
            (60.075, "Next: Temple press.".to_owned()),
            (65.5, "Temple press.".to_owned()),
            (245.0, "One minute left.".to_owned()),
            (305.5, "The session is complete.".to_owned()),
        ]
    );
}

#[test]
fn a_routine_can_ask_for_the_instructions_or_for_nothing() {
    let sound = |voice: &str| {
        KNEAD_THEN_PRESS.replace(
            "lead_in = \"5s\"",
            &format!("lead_in = \"5s\"\n[sound]\nvoice = \"{voice}\""),
        )
    };
    let with = lines(&sound("instructions"));
    assert!(
        with.iter()
            .any(|(_, t)| t == "Temple press. Press the temples."),
        "{with:?}"
    );
    assert_eq!(lines(&sound("none")), []);
}

#[test]
fn a_step_says_its_own_words_instead_of_its_title() {
    let said = KNEAD_THEN_PRESS.replace(
        "title = \"Temple press\"",
        "title = \"Temple press\"\nsay = \"Now the temples, gently.\"",
    );
    let said = lines(&said);
    assert!(
        said.iter()
            .any(|(at, t)| *at == 65.5 && t == "Now the temples, gently."),
        "{said:?}"
    );
}

#[test]
fn a_step_too_short_for_its_words_is_shortened_and_the_cut_is_kept() {
    let said = |say: &str| {
        let text = KNEAD_THEN_PRESS
            .replace(
                "title = \"Neck kneading\"",
                &format!("title = \"Neck kneading\"\nsay = \"{say}\""),
            )
            .replace("duration = \"30s\"", "duration = \"8s\"");
        let routine = routine(&text);
        Script::new(&routine, &Timeline::build(&routine))
    };
    let script = said("Now bring both hands to the back of the neck and knead it, slowly.");
    let cut = &script.cuts[0];
    assert_eq!(cut.step, 0);
    assert!(cut.text.starts_with("Now bring"), "{cut:?}");
    assert_eq!(cut.instead, None);
    assert!(cut.needs > cut.has, "{cut:?}");
    assert!(
        !script
            .lines
            .iter()
            .any(|l| l.purpose == Purpose::Step { step: 0 }),
        "{:?}",
        script.lines
    );
    assert_eq!(said("Knead.").cuts, []);
}

#[test]
fn a_step_announced_as_next_needs_no_room_at_its_start() {
    let text = KNEAD_THEN_PRESS.replace(
        "title = \"Temple press\"",
        "title = \"Temple press\"\nsay = \"Now bring both hands up to the temples and press, gently and evenly.\"",
    ).replace("duration = \"4m\"", "duration = \"4s\"");
    let routine = routine(&text);
    let script = Script::new(&routine, &Timeline::build(&routine));
    assert!(script.cuts.is_empty(), "{:?}", script.cuts);
    assert!(script.lines.iter().any(|l| l.text == "Next: Temple press."));
}

#[test]
fn breathing_steps_are_announced_between_breaths() {
    let text = r#"
stillpoint = 1
title = "Breathing"
lead_in = "3s"
[[step]]
title = "Box breathing"
kind = "breathe"
pattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }
duration = "4m"
[[step]]
title = "Rest"
kind = "rest"
duration = "30s"
"#;
    let said = lines(text);
    assert!(
        said.contains(&(3.5, "Box breathing.".to_owned())),
        "{said:?}"
    );
    let minute = said
        .iter()
        .find(|(_, t)| t == "One minute left.")
        .expect("a minute left");
    assert_eq!(
        minute.0,
        3.0 + 180.0 + 0.5,
        "the first quiet moment after a breath"
    );
    let next = said.iter().find(|(_, t)| t == "Next: Rest.").expect("next");
    assert!(next.0 > 230.0 && next.0 < 243.0, "{next:?}");
}

#[test]
fn a_person_can_have_each_breath_s_phase_said() {
    let text = r#"
stillpoint = 1
title = "Breaths"
lead_in = "3s"
[[step]]
title = "Box breathing"
kind = "breathe"
pattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }
cycles = 2
"#;
    let routine = routine(text);
    let timeline = Timeline::build(&routine);
    let said: Vec<(f64, String)> = Script::with(&routine, &timeline, true)
        .lines
        .iter()
        .map(|l| (l.at.as_secs_f64(), l.text.clone()))
        .collect();
    assert!(
        said.contains(&(3.5, "Box breathing.".to_owned())),
        "the step's title wins over its first breath's word: {said:?}"
    );
    let phases: Vec<_> = said
        .iter()
        .filter(|(at, _)| *at >= 7.0 && *at < 19.0)
        .collect();
    assert_eq!(
        phases,
        [
            &(7.0, "Hold.".to_owned()),
            &(11.0, "Out.".to_owned()),
            &(15.0, "Rest.".to_owned()),
        ]
    );
    assert!(
        !Script::new(&routine, &timeline)
            .lines
            .iter()
            .any(|l| l.text == "Hold.")
    );
}

/// For every bundled routine: every line ends before the next cue, with
/// room, and no line runs into the next.
#[test]
fn no_line_of_a_bundled_routine_runs_over_a_cue_or_another_line() {
    for (name, text) in BUNDLED {
        let source = RoutineSource {
            name: (*name).into(),
            text: (*text).into(),
            folder: None,
        };
        let routine = parse(&source).routine.expect("bundled routines are valid");
        let timeline = Timeline::build(&routine);
        let script = Script::new(&routine, &timeline);
        assert!(
            script.lines.len() > routine.steps.len(),
            "{name}: {:?}",
            script.lines
        );
        for line in &script.lines {
            let ends = line.at + speaking_time(&line.text);
            let next_cue = timeline
                .cues
                .iter()
                .map(|c| c.at)
                .find(|c| *c > line.at.saturating_sub(AFTER_CUE));
            if let Some(until) = line.until {
                assert!(ends <= until, "{name}: {line:?}");
                assert!(
                    next_cue.is_some_and(|c| until + GAP <= c),
                    "{name}: {line:?}"
                );
            } else {
                assert_eq!(line.purpose, Purpose::End);
            }
        }
        for pair in script.lines.windows(2) {
            assert!(
                pair[0].at + speaking_time(&pair[0].text) < pair[1].at,
                "{name}: {pair:?}"
            );
        }
        for step in 0..routine.steps.len() {
            assert!(
                script
                    .lines
                    .iter()
                    .any(|l| l.purpose == Purpose::Step { step }),
                "{name}: step {} is not announced",
                step + 1
            );
        }
    }
}
