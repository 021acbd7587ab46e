//! `stillpoint plan ROUTINE`: the expanded timeline as a readable table.

use std::fmt::Write as _;
use std::time::Duration;

use super::exit;
use crate::routine::duration::format as length;
use crate::routine::vocabulary::{Sides, StepKind};
use crate::routine::{Pacing, Routine, Step};
use crate::timeline::{Cue, CueKind, Part, Timeline};
use crate::voice::Script;

pub fn run(query: &str) -> u8 {
    match super::load_as_author(query) {
        Ok((_, routine)) => {
            print!("{}", render(&routine));
            exit::OK
        }
        Err(code) => code,
    }
}

/// The plan as text: a header, one row per segment and cue, and the total.
pub fn render(routine: &Routine) -> String {
    let timeline = Timeline::build(routine);
    let steps = routine.steps.len();
    let mut out = String::new();
    let _ = writeln!(out, "{}", routine.title);
    let _ = writeln!(
        out,
        "{} {}, {} in all\n",
        steps,
        if steps == 1 { "step" } else { "steps" },
        length(timeline.total)
    );
    if !routine.cautions.is_empty() {
        let _ = writeln!(out, "Before you start:");
        for caution in &routine.cautions {
            let _ = writeln!(out, "  {caution}");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "{:>8}  what happens", "at");
    let mut rows = Vec::new();
    for cue in &timeline.cues {
        let segment = &timeline.segments[cue.segment];
        let line = match (cue.kind, segment.part) {
            (CueKind::LeadIn, _) => format!("Lead-in: settle in, {}", length(segment.duration)),
            (CueKind::StepStart, Part::Step { step, repeat, side }) => {
                let s = &routine.steps[step];
                let mut line = format!(
                    "Step {} of {steps}: {} ({})",
                    step + 1,
                    s.title,
                    describe(s)
                );
                if s.repeat > 1 {
                    let _ = write!(line, ", round {repeat} of {}", s.repeat);
                }
                if let (Some(side), Sides::Each) = (side, s.sides) {
                    let _ = write!(line, ", {} side", side.word());
                }
                line
            }
            (CueKind::SwitchSide { to }, Part::Step { .. }) if cue.at == segment.start => {
                format!(
                    "  Switch to the {} side, {}",
                    to.word(),
                    length(segment.duration)
                )
            }
            (CueKind::BetweenStart, _) => {
                format!("  Rest between rounds, {}", length(segment.duration))
            }
            (CueKind::SwitchSide { to }, _) => format!("  Switch to the {} side", to.word()),
            (CueKind::ReverseDirection, _) => "  Reverse direction".to_owned(),
            (CueKind::Breath { phase, length: l }, _) => {
                format!("  {} {}", phase.words(), length(l))
            }
            (CueKind::Pip { remaining }, _)
                if remaining == routine.sound.countdown || is_first_pip(&timeline, cue) =>
            {
                format!("  Countdown pips, last {remaining}s")
            }
            (CueKind::Pip { .. }, _) => continue,
            (CueKind::SessionEnd, _) => "End of session".to_owned(),
            (CueKind::StepStart, _) => "Step".to_owned(),
        };
        rows.push((cue.at, line));
    }
    let script = Script::new(routine, &timeline);
    for line in &script.lines {
        rows.push((line.at, format!("  Voice: \"{}\"", line.text)));
    }
    rows.sort_by_key(|(at, _)| *at);
    for (at, line) in rows {
        let _ = writeln!(out, "{:>8}  {line}", clock(at));
    }
    let _ = writeln!(out, "\ntotal {}", length(timeline.total));
    out
}

/// Whether `cue` is the first countdown pip of its segment.
fn is_first_pip(timeline: &Timeline, cue: &Cue) -> bool {
    !timeline
        .cues
        .iter()
        .any(|c| c.segment == cue.segment && c.at < cue.at && matches!(c.kind, CueKind::Pip { .. }))
}

/// What a step is, in a few words: "knead, neck, 90s, 30 a minute".
fn describe(step: &Step) -> String {
    let mut parts = vec![step.kind().word().to_owned()];
    if let Pacing::Compress { temperature } = step.pacing {
        parts.push(temperature.word().to_owned());
    }
    if let Some(area) = step.area {
        parts.push(area.word().to_owned());
    }
    match step.pacing {
        Pacing::Breathe { pattern, cycles } => {
            let times = super::text::glyphs().times;
            parts.push(format!("{cycles} {times} {}", length(pattern.cycle())));
        }
        Pacing::Wait { at_most: None } => {
            parts.push(format!("until space, counted as {}", length(step.duration)))
        }
        Pacing::Wait {
            at_most: Some(at_most),
        } => parts.push(format!("until space, at most {}", length(at_most))),
        _ => parts.push(length(step.duration)),
    }
    if let Some(t) = step.pacing.tempo() {
        parts.push(format!("{t} {} a minute", step.pacing.beats()));
    }
    if let Pacing::Circles { direction, .. } = step.pacing {
        parts.push(direction.word().to_owned());
    }
    if step.kind() != StepKind::Breathe && !matches!(step.sides, Sides::Both) {
        parts.push(format!("sides {}", step.sides.word()));
    }
    parts.join(", ")
}

/// An offset as a clock reading: "2:05", "1:02:05", "0:04.5".
pub fn clock(at: Duration) -> String {
    let secs = at.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let tenths = at.subsec_millis() / 100;
    let mut out = if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    };
    if tenths > 0 {
        let _ = write!(out, ".{tenths}");
    }
    out
}
