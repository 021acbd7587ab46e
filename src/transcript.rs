//! What `play --plain` prints and when, laid out once from the timeline for
//! a screen reader: every line with the moment it is printed, each one read
//! whole before the next (at the person's reading speed) unless the next is
//! a breathing phase, which keeps the breath's own time.
//!
//! A step's instructions are printed, one sentence a line, in a quiet
//! stretch before the step (after "Next: …"). Where there is no room for
//! them (the first step, a short step before) the session clock is held at
//! the step's start while they are read, and "Starting." says it goes on.
//! A line that would start before the one before it has been read holds the
//! clock too. Held time is paused time.

mod place;
mod words;

use std::time::Duration;

pub use words::spoken;

use crate::routine::Routine;
use crate::timeline::{CueKind, Part, Timeline};

/// The reading speed plain mode leaves room for, unless the config says.
pub const WORDS_A_MINUTE: u32 = 180;
/// The quiet kept after a line has been read before a line placed in a
/// quiet stretch or read during a hold.
pub const GAP: Duration = crate::voice::script::GAP;

/// How long `text` takes to read at `words_a_minute`.
pub fn reading_time(text: &str, words_a_minute: u32) -> Duration {
    let words = text.split_whitespace().count() as f64;
    Duration::from_secs_f64(words * 60.0 / f64::from(words_a_minute.max(1)))
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Welcome,
    /// A step (or a round of it) begins.
    Step,
    /// A sentence of a step's instructions.
    Instructions,
    /// The clock goes on after a hold.
    Starting,
    Rest,
    Switch,
    Reverse,
    /// A breathing phase with its count: keeps the breath's time.
    Breath,
    MinuteLeft,
    Next,
    End,
}

/// One printed line.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    /// Where the session clock is when it is printed.
    pub at: Duration,
    /// Printed this far into the hold at `at`; `None`: when the clock
    /// reaches `at` (after any hold there).
    pub held: Option<Duration>,
    /// When it is printed, counting holds: session time plus time held.
    pub moment: Duration,
    pub text: String,
    pub kind: Kind,
    /// The step it is about, if any.
    pub step: Option<usize>,
}

/// The session clock stopped at `at` for `length`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hold {
    pub at: Duration,
    pub length: Duration,
}

/// Everything plain mode prints in a session, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcript {
    pub lines: Vec<Said>,
    pub holds: Vec<Hold>,
    /// The reading speed it was laid out for.
    pub words_a_minute: u32,
}

/// A line before its moment is known.
#[derive(Debug, Clone)]
struct Draft {
    at: Duration,
    held: bool,
    /// Among lines at the same moment, the order they are printed in.
    order: u8,
    text: String,
    kind: Kind,
    step: Option<usize>,
}

impl Transcript {
    /// The session from its start.
    pub fn new(routine: &Routine, timeline: &Timeline, words_a_minute: u32) -> Self {
        Self::from_segment(routine, timeline, words_a_minute, 0)
    }

    /// The session from the start of segment `entry` on, as it goes after a
    /// skip: nothing before it, and the step there read out as a first step.
    pub fn from_segment(
        routine: &Routine,
        timeline: &Timeline,
        words_a_minute: u32,
        entry: usize,
    ) -> Self {
        let mut drafts = at_cues(routine, timeline, entry);
        let mut layout = place::Layout::new(&mut drafts, words_a_minute);
        layout.minutes_left(timeline, entry);
        layout.instructions(routine, timeline, entry);
        sweep(drafts, words_a_minute)
    }

    /// The hold at `at`, if the clock is held there.
    pub fn hold_at(&self, at: Duration) -> Option<&Hold> {
        self.holds.iter().find(|h| h.at == at)
    }
}

/// The lines that come with a cue, from segment `entry` on.
fn at_cues(routine: &Routine, timeline: &Timeline, entry: usize) -> Vec<Draft> {
    let mut drafts = Vec::new();
    for cue in timeline.cues.iter().filter(|c| c.segment >= entry) {
        let segment = &timeline.segments[cue.segment];
        let step = segment.part.step();
        let (kind, text) = match (cue.kind, segment.part) {
            (CueKind::LeadIn, _) => (Kind::Welcome, words::welcome(routine, segment.duration)),
            (CueKind::StepStart, Part::Step { .. }) => (Kind::Step, words::step(routine, segment)),
            (CueKind::BetweenStart, _) => (Kind::Rest, words::rest(segment.duration)),
            (CueKind::SwitchSide { to }, _) => (Kind::Switch, words::switch(to)),
            (CueKind::ReverseDirection, _) => (Kind::Reverse, words::REVERSE.to_owned()),
            (CueKind::Breath { phase, length }, _) => (Kind::Breath, words::breath(phase, length)),
            (CueKind::SessionEnd, _) => (Kind::End, words::end(routine)),
            (CueKind::Pip { .. } | CueKind::StepStart, _) => continue,
        };
        drafts.push(Draft {
            at: cue.at,
            held: false,
            order: order(kind),
            text,
            kind,
            step,
        });
    }
    drafts
}

fn order(kind: Kind) -> u8 {
    match kind {
        Kind::Welcome | Kind::Step | Kind::Rest => 1,
        Kind::Starting | Kind::Switch | Kind::Reverse => 2,
        Kind::Breath => 3,
        Kind::MinuteLeft | Kind::Next | Kind::Instructions => 4,
        Kind::End => 5,
    }
}

/// Gives every line its moment: a line that would come before the one
/// before it has been read (a breath aside) holds the clock until it has.
fn sweep(mut drafts: Vec<Draft>, words_a_minute: u32) -> Transcript {
    drafts.sort_by_key(|d| (d.at, !d.held, d.order));
    let mut lines = Vec::with_capacity(drafts.len());
    let mut holds: Vec<Hold> = Vec::new();
    let mut shift = Duration::ZERO;
    // When every line so far has been read.
    let mut free: Option<Duration> = None;
    let mut last_at = None;
    // Where the hold at the current position began, in moments.
    let mut hold_start = None;
    for d in drafts {
        let base = d.at + shift;
        let ready = match free {
            Some(free) if d.held => free + GAP,
            Some(free) => free,
            None => Duration::ZERO,
        };
        // A breath keeps its time, except the first, which waits for the
        // line it comes with (the step's) to be read.
        let moment = if d.kind == Kind::Breath && last_at != Some(d.at) {
            base
        } else {
            base.max(ready)
        };
        last_at = Some(d.at);
        if moment > base {
            match holds.last_mut() {
                Some(h) if h.at == d.at => h.length += moment - base,
                _ => {
                    holds.push(Hold {
                        at: d.at,
                        length: moment - base,
                    });
                    hold_start = Some(base);
                }
            }
            shift += moment - base;
            // The lines already due here are said within the hold now,
            // before this one.
            let start = hold_start.unwrap_or(base);
            for line in lines
                .iter_mut()
                .rev()
                .take_while(|l: &&mut Said| l.at == d.at)
            {
                line.held.get_or_insert(line.moment - start);
            }
        }
        let held = d.held.then(|| {
            let start = match holds.last() {
                Some(h) if h.at == d.at => hold_start.unwrap_or(base),
                _ => base,
            };
            moment - start
        });
        let read = moment + reading_time(&d.text, words_a_minute);
        free = Some(free.map_or(read, |f| f.max(read)));
        lines.push(Said {
            at: d.at,
            held,
            moment,
            text: d.text,
            kind: d.kind,
            step: d.step,
        });
    }
    Transcript {
        lines,
        holds,
        words_a_minute,
    }
}

#[cfg(test)]
mod tests;
