//! The expanded session: every segment (lead-in, step passes, rests between
//! repeats) with its exact start offset, and every cue due along the way.
//! One pure function builds it; `plan`, the player and the audio renderer
//! all read the same timeline.

use std::time::Duration;

use crate::routine::vocabulary::{Direction, Side, Sides};
use crate::routine::{BreathPattern, Pacing, Routine};

/// A stretch of the session with one thing to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub start: Duration,
    pub duration: Duration,
    pub part: Part,
    /// Whether it waits for the person to go on (a wait step).
    pub waits: Option<Wait>,
}

/// How a wait step's segment waits for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Held at its start until the person goes on; its length is only what
    /// it counts for where nobody can press a key (`plan`, `render`).
    UntilGoOn,
    /// Plays for its length unless the person goes on sooner.
    AtMost,
}

impl Segment {
    pub fn end(&self) -> Duration {
        self.start + self.duration
    }
}

/// What a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The settle-in countdown before the first step.
    LeadIn,
    /// One pass of a step: `step` counts from 0, `repeat` from 1.
    Step {
        step: usize,
        repeat: u32,
        side: Option<Side>,
    },
    /// The rest after repeat `after` of a step.
    Between { step: usize, after: u32 },
}

impl Part {
    /// The routine step this segment belongs to, if any.
    pub fn step(&self) -> Option<usize> {
        match *self {
            Part::LeadIn => None,
            Part::Step { step, .. } | Part::Between { step, .. } => Some(step),
        }
    }
}

/// A phase of one breath.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreathPhase {
    Inhale,
    Hold,
    Exhale,
    Rest,
}

impl BreathPhase {
    /// The words shown and spoken for the phase.
    pub fn words(self) -> &'static str {
        match self {
            BreathPhase::Inhale => "Breathe in",
            BreathPhase::Hold => "Hold",
            BreathPhase::Exhale => "Breathe out",
            BreathPhase::Rest => "Rest",
        }
    }
}

/// Something to announce at a moment of the session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CueKind {
    /// The lead-in begins.
    LeadIn,
    /// A step pass begins (the chime, or the step's own sound).
    StepStart,
    /// A rest between repeats begins.
    BetweenStart,
    /// Change to the other side of the body.
    SwitchSide { to: Side },
    /// Circle the other way.
    ReverseDirection,
    /// A breathing phase begins and lasts this long.
    Breath {
        phase: BreathPhase,
        length: Duration,
    },
    /// A soft pip this many seconds before the segment ends.
    Pip { remaining: u32 },
    /// The session is over.
    SessionEnd,
}

impl CueKind {
    /// Among cues due at the same moment, the order they are announced in.
    fn order(&self) -> u8 {
        match self {
            CueKind::LeadIn | CueKind::StepStart | CueKind::BetweenStart => 0,
            CueKind::SwitchSide { .. } | CueKind::ReverseDirection => 1,
            CueKind::Breath { .. } => 2,
            CueKind::Pip { .. } => 3,
            CueKind::SessionEnd => 4,
        }
    }
}

/// A cue due at an offset, within a segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cue {
    pub at: Duration,
    pub segment: usize,
    pub kind: CueKind,
}

/// The whole session laid out in time.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub segments: Vec<Segment>,
    /// Every cue, in order of time.
    pub cues: Vec<Cue>,
    pub total: Duration,
}

impl Timeline {
    /// Lays out `routine`. Countdown pips follow the routine's `countdown`.
    pub fn build(routine: &Routine) -> Timeline {
        let mut b = Builder {
            segments: Vec::new(),
            cues: Vec::new(),
            at: Duration::ZERO,
            countdown: routine.sound.countdown,
        };
        if !routine.lead_in.is_zero() {
            b.segment(Part::LeadIn, routine.lead_in, CueKind::LeadIn);
        }
        for (index, step) in routine.steps.iter().enumerate() {
            for repeat in 1..=step.repeat {
                if repeat > 1 && !step.between.is_zero() {
                    let part = Part::Between {
                        step: index,
                        after: repeat - 1,
                    };
                    b.segment(part, step.between, CueKind::BetweenStart);
                }
                let sides: &[Option<Side>] = match step.sides {
                    Sides::Each => &[Some(Side::Left), Some(Side::Right)],
                    Sides::Left | Sides::Alternate => &[Some(Side::Left)],
                    Sides::Right => &[Some(Side::Right)],
                    Sides::Both => &[None],
                };
                for (pass, side) in sides.iter().enumerate() {
                    let part = Part::Step {
                        step: index,
                        repeat,
                        side: *side,
                    };
                    let start_cue = match side {
                        Some(s) if pass > 0 => CueKind::SwitchSide { to: *s },
                        _ => CueKind::StepStart,
                    };
                    let start = b.at;
                    let segment = b.segments.len();
                    let half = start + step.duration / 2;
                    match step.pacing {
                        Pacing::Breathe { pattern, cycles } => {
                            b.breaths(segment, start, pattern, cycles)
                        }
                        Pacing::Circles {
                            direction: Direction::ReverseHalfway,
                            ..
                        } => {
                            b.cue(half, segment, CueKind::ReverseDirection);
                        }
                        _ if step.sides == Sides::Alternate => {
                            b.cue(half, segment, CueKind::SwitchSide { to: Side::Right });
                        }
                        _ => {}
                    }
                    let waits = match step.pacing {
                        Pacing::Wait { at_most: None } => Some(Wait::UntilGoOn),
                        Pacing::Wait { at_most: Some(_) } => Some(Wait::AtMost),
                        _ => None,
                    };
                    let pips = !matches!(step.pacing, Pacing::Breathe { .. }) && waits.is_none();
                    b.timed_segment(part, step.duration, start_cue, pips);
                    b.segments[segment].waits = waits;
                }
            }
        }
        let total = b.at;
        let last = b.segments.len().saturating_sub(1);
        b.cues.push(Cue {
            at: total,
            segment: last,
            kind: CueKind::SessionEnd,
        });
        b.cues.sort_by_key(|c| (c.at, c.kind.order()));
        Timeline {
            segments: b.segments,
            cues: b.cues,
            total,
        }
    }

    /// What the waits held until the person goes on count for in `total`:
    /// time that is not timed, so not part of what a session plans to play.
    pub fn held(&self) -> Duration {
        self.segments
            .iter()
            .filter(|s| s.waits == Some(Wait::UntilGoOn))
            .map(|s| s.duration)
            .sum()
    }

    /// The segment playing at `position`; the last one at or past the end.
    pub fn segment_at(&self, position: Duration) -> usize {
        self.segments
            .partition_point(|s| s.start <= position)
            .saturating_sub(1)
    }
}

struct Builder {
    segments: Vec<Segment>,
    cues: Vec<Cue>,
    at: Duration,
    countdown: u32,
}

impl Builder {
    fn cue(&mut self, at: Duration, segment: usize, kind: CueKind) {
        self.cues.push(Cue { at, segment, kind });
    }

    fn segment(&mut self, part: Part, duration: Duration, start_cue: CueKind) {
        self.timed_segment(part, duration, start_cue, true);
    }

    fn timed_segment(&mut self, part: Part, duration: Duration, start_cue: CueKind, pips: bool) {
        let index = self.segments.len();
        let start = self.at;
        self.cue(start, index, start_cue);
        if pips {
            for remaining in (1..=self.countdown).rev() {
                let Some(at) =
                    (start + duration).checked_sub(Duration::from_secs(remaining.into()))
                else {
                    continue;
                };
                if at > start {
                    self.cue(at, index, CueKind::Pip { remaining });
                }
            }
        }
        self.segments.push(Segment {
            start,
            duration,
            part,
            waits: None,
        });
        self.at = start + duration;
    }

    fn breaths(&mut self, segment: usize, start: Duration, pattern: BreathPattern, cycles: u32) {
        let phases = phases(&pattern);
        let mut at = start;
        for _ in 0..cycles {
            for (phase, length) in phases {
                if length.is_zero() {
                    continue;
                }
                self.cue(at, segment, CueKind::Breath { phase, length });
                at += length;
            }
        }
    }
}

/// The phases of one breath in order, with their lengths (zero for a
/// hold or rest the pattern leaves out).
fn phases(pattern: &BreathPattern) -> [(BreathPhase, Duration); 4] {
    [
        (BreathPhase::Inhale, pattern.inhale),
        (BreathPhase::Hold, pattern.hold),
        (BreathPhase::Exhale, pattern.exhale),
        (BreathPhase::Rest, pattern.rest),
    ]
}

/// Where a breathing step is at `offset` into its segment: the phase, how far
/// into it (0.0 to 1.0), the time left in it, and the cycle (from 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreathPosition {
    pub phase: BreathPhase,
    pub progress: f64,
    pub remaining: Duration,
    pub cycle: u32,
}

/// Finds the breathing phase at `offset` into a breathing step.
pub fn breath_at(pattern: &BreathPattern, offset: Duration) -> BreathPosition {
    let cycle_len = pattern.cycle();
    let cycle_ms = cycle_len.as_millis().max(1);
    let cycle = (offset.as_millis() / cycle_ms) as u32 + 1;
    let mut within = Duration::from_millis((offset.as_millis() % cycle_ms) as u64);
    for (phase, length) in phases(pattern) {
        if within < length {
            return BreathPosition {
                phase,
                progress: within.as_secs_f64() / length.as_secs_f64(),
                remaining: length - within,
                cycle,
            };
        }
        within -= length;
    }
    BreathPosition {
        phase: BreathPhase::Inhale,
        progress: 0.0,
        remaining: pattern.inhale,
        cycle,
    }
}
