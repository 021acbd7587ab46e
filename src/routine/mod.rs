//! Routines: the validated model of a routine file, and how files become it.

pub mod duration;
pub(crate) mod keys;
pub mod limits;
mod messages;
mod misplaced;
mod parse;
pub mod raw;
mod recordings;
mod slips;
mod sounds;
pub mod source;
mod spans;
mod validate;
pub mod vocabulary;

use std::time::Duration;

use crate::diagnostic::Diagnostic;
pub use crate::sound_file::SoundFile;
pub use keys::suggest as suggest_word;
pub use parse::parse;
pub use source::RoutineSource;
pub use validate::{SCREEN_TEXT_ROWS, SCREEN_TEXT_WIDTH};
use vocabulary::{Area, Direction, Pressure, Sides, Spoken, StepKind, Temperature};

/// A routine, checked and ready to play.
#[derive(Debug, Clone, PartialEq)]
pub struct Routine {
    pub title: String,
    pub summary: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// The BCP 47 tag the routine is written in, when it names one.
    pub language: Option<String>,
    /// Safety notes shown before the session starts.
    pub cautions: Vec<String>,
    pub lead_in: Duration,
    pub sound: SoundSettings,
    pub steps: Vec<Step>,
}

/// Session-wide sound settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SoundSettings {
    pub ambient: Sound,
    pub ambient_volume: f32,
    pub cues: bool,
    /// Soft pips in the last this many seconds of each timed step.
    pub countdown: u32,
    pub chime: Sound,
    pub tempo_ticks: bool,
    /// What the voice says.
    pub voice: Spoken,
}

impl Default for SoundSettings {
    fn default() -> Self {
        Self {
            ambient: Sound::None,
            ambient_volume: 0.25,
            cues: true,
            countdown: 3,
            chime: Sound::Builtin("bowl"),
            tempo_ticks: false,
            voice: Spoken::Steps,
        }
    }
}

/// A sound a routine names: one of ours, a file next to the routine, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sound {
    None,
    Builtin(&'static str),
    /// A sound file, checked and held open (see [`SoundFile`]).
    File(SoundFile),
}

/// One step of a routine.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: String,
    pub instructions: String,
    /// How long one pass lasts; for `sides = "each"` that is one side; for
    /// a wait, its `at_most` or [`WAIT_COUNTED`].
    pub duration: Duration,
    pub area: Option<Area>,
    pub sides: Sides,
    pub repeat: u32,
    pub between: Duration,
    /// This step's own start sound, instead of the chime.
    pub sound: Option<Sound>,
    /// What the voice says at the step's start instead of its title.
    pub say: Option<String>,
    /// A recording spoken at the step's start instead of the voice.
    pub voice: Option<SoundFile>,
    pub pacing: Pacing,
}

impl Step {
    pub fn kind(&self) -> StepKind {
        match self.pacing {
            Pacing::Compress { .. } => StepKind::Compress,
            Pacing::Knead { .. } => StepKind::Knead,
            Pacing::Circles { .. } => StepKind::Circles,
            Pacing::Press { .. } => StepKind::Press,
            Pacing::Stretch => StepKind::Stretch,
            Pacing::Breathe { .. } => StepKind::Breathe,
            Pacing::Rest => StepKind::Rest,
            Pacing::Wait { .. } => StepKind::Wait,
        }
    }

    /// The time the step takes with all its sides, repeats and rests between.
    pub fn total(&self) -> Duration {
        let passes = if self.sides == Sides::Each { 2 } else { 1 };
        self.duration * passes * self.repeat + self.between * (self.repeat - 1)
    }
}

/// What paces a step, by kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pacing {
    Compress {
        temperature: Temperature,
    },
    Knead {
        tempo: Option<u32>,
        pressure: Option<Pressure>,
    },
    Circles {
        tempo: Option<u32>,
        direction: Direction,
        pressure: Option<Pressure>,
    },
    Press {
        tempo: Option<u32>,
        pressure: Option<Pressure>,
    },
    Stretch,
    Breathe {
        pattern: BreathPattern,
        cycles: u32,
    },
    Rest,
    /// Holds until the person goes on, or until `at_most` has passed.
    Wait {
        at_most: Option<Duration>,
    },
}

/// How long a wait step without `at_most` counts for in the routine's
/// length, in `plan` and in `render`, which cannot wait for a key.
pub const WAIT_COUNTED: Duration = Duration::from_secs(10);

impl Pacing {
    /// Strokes, presses or circles a minute, only where the routine gives a
    /// `tempo`: there is no default, so nothing is paced that the author did
    /// not ask to pace. The view, the tempo ticks and `plan` all read this.
    pub fn tempo(&self) -> Option<u32> {
        match *self {
            Pacing::Knead { tempo, .. }
            | Pacing::Circles { tempo, .. }
            | Pacing::Press { tempo, .. } => tempo,
            _ => None,
        }
    }

    /// What one beat of the tempo is called: "strokes", "circles", "presses".
    pub fn beats(&self) -> &'static str {
        match self {
            Pacing::Circles { .. } => "circles",
            Pacing::Press { .. } => "presses",
            _ => "strokes",
        }
    }
}

/// One breath: seconds in, held, out and resting, as exact durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreathPattern {
    pub inhale: Duration,
    pub hold: Duration,
    pub exhale: Duration,
    pub rest: Duration,
}

impl BreathPattern {
    pub fn cycle(&self) -> Duration {
        self.inhale + self.hold + self.exhale + self.rest
    }

    pub fn breaths_per_minute(&self) -> f64 {
        60.0 / self.cycle().as_secs_f64()
    }
}

impl Routine {
    /// The whole session: lead-in and every step with its repeats.
    pub fn total(&self) -> Duration {
        self.lead_in + self.steps.iter().map(Step::total).sum::<Duration>()
    }
}

/// The outcome of reading a routine: the routine if it had no errors, and
/// every diagnostic found, errors and warnings, in file order.
#[derive(Debug)]
pub struct Parsed {
    pub routine: Option<Routine>,
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings only the routine's author can act on, about how it sounds
    /// (a step too short for its spoken announcement): shown by `check`
    /// and `plan`, not each time the routine is played.
    pub for_author: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
