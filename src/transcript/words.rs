//! The words of plain mode's lines, each meaningful read aloud alone.

use std::time::Duration;

use crate::routine::vocabulary::{Side, Sides};
use crate::routine::{Pacing, Routine};
use crate::timeline::{BreathPhase, Part, Segment, Wait};

/// "Desk reset. Settle in; starting in 5 seconds."
pub fn welcome(routine: &Routine, lead_in: Duration) -> String {
    format!(
        "{}. Settle in; starting in {}.",
        routine.title,
        spoken(lead_in)
    )
}

/// "Step 2 of 7: Neck kneading, 90 seconds. Start on the left side."
pub fn step(routine: &Routine, segment: &Segment) -> String {
    let Part::Step { step, repeat, side } = segment.part else {
        return String::new();
    };
    let s = &routine.steps[step];
    let mut line = format!("Step {} of {}", step + 1, routine.steps.len());
    if s.repeat > 1 {
        line.push_str(&format!(", round {repeat} of {}", s.repeat));
    }
    line.push_str(&format!(": {}, ", s.title));
    if let Pacing::Breathe { cycles, .. } = s.pacing {
        let breaths = if cycles == 1 { "breath" } else { "breaths" };
        line.push_str(&format!("{cycles} {breaths}, "));
    }
    match segment.waits {
        Some(Wait::UntilGoOn) => {
            line.truncate(line.len() - 2);
            line.push_str(". Take your time; Enter goes on.");
        }
        Some(Wait::AtMost) => line.push_str(&format!(
            "up to {}; Enter goes on sooner.",
            spoken(segment.duration)
        )),
        None => line.push_str(&format!("{}.", spoken(segment.duration))),
    }
    match (side, s.sides) {
        (Some(side), Sides::Each | Sides::Alternate) => {
            line.push_str(&format!(" Start on the {} side.", side.word()))
        }
        (Some(side), _) => line.push_str(&format!(" {} side.", capitalised(side.word()))),
        _ => {}
    }
    line
}

/// "Next: Temple circles."
pub fn next(routine: &Routine, step: usize) -> String {
    format!("Next: {}.", routine.steps[step].title)
}

pub fn rest(length: Duration) -> String {
    format!("Rest, {}.", spoken(length))
}

pub fn switch(to: Side) -> String {
    format!("Switch to the {} side.", to.word())
}

pub const REVERSE: &str = "Reverse direction: circle the other way.";
pub const MINUTE_LEFT: &str = "One minute left.";
/// Said when the clock goes on after a step's instructions were read.
pub const STARTING: &str = "Starting.";

/// "Breathe in, 4"
pub fn breath(phase: BreathPhase, length: Duration) -> String {
    format!("{}, {}", phase.words(), seconds(length))
}

pub fn end(routine: &Routine) -> String {
    format!("Done. {} is complete.", routine.title)
}

/// A step's instructions, one sentence a line.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        let bare = word.trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}']);
        if bare.ends_with(['.', '!', '?']) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "4" or "4.5" seconds.
fn seconds(length: Duration) -> String {
    let secs = length.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0}")
    } else {
        format!("{secs:.1}")
    }
}

/// A duration as words: "90 seconds", "2 minutes", "2 minutes 30 seconds".
pub fn spoken(d: Duration) -> String {
    let secs = d.as_secs();
    let unit = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (secs / 60, secs % 60) {
        (0, s) => unit(s, "second"),
        (m, 0) => unit(m, "minute"),
        (m, s) if m < 2 => unit(m * 60 + s, "second"),
        (m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
    }
}
