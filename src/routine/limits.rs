//! The format's limits, in one place: `validate` enforces them and the
//! JSON Schema states them, so an editor and `stillpoint check` agree.

use std::ops::RangeInclusive;
use std::time::Duration;

pub const MAX_TITLE_CHARS: usize = 80;
/// A tag is a word or two; it may be as long as a title.
pub const MAX_TAG_CHARS: usize = MAX_TITLE_CHARS;
pub const MAX_INSTRUCTION_CHARS: usize = 1000;
/// The longest `say` a step may have: a sentence or two.
pub const MAX_SAY_CHARS: usize = 200;
/// A caution is a sentence or two, and a routine has a few at most.
pub const MAX_CAUTION_CHARS: usize = 200;
pub const MAX_CAUTIONS: usize = 10;
pub const MIN_STEP: Duration = Duration::from_secs(1);
pub const MAX_STEP: Duration = Duration::from_secs(2 * 3600);
pub const MAX_SESSION: Duration = Duration::from_secs(4 * 3600);
pub const LONG_SESSION: Duration = Duration::from_secs(3600);
pub const MAX_LEAD_IN: Duration = Duration::from_secs(300);
pub const DEFAULT_LEAD_IN: Duration = Duration::from_secs(3);
/// Soft pips in the last this many seconds of each timed step.
pub const COUNTDOWN: RangeInclusive<i128> = 0..=10;
/// Strokes, circles or presses a minute.
pub const TEMPO: RangeInclusive<i128> = 1..=120;
/// How many times a step is done.
pub const REPEAT: RangeInclusive<i128> = 1..=50;
/// Breathing cycles in a breathe step, given or fitted to its duration.
pub const MAX_CYCLES: i128 = 200;
pub const CYCLES: RangeInclusive<i128> = 1..=MAX_CYCLES;
/// The longest phase of a breath, in seconds; phases are whole or half
/// seconds, and breathing in and out take at least a second each.
pub const MAX_PHASE_SECONDS: f64 = 30.0;
pub const PHASE_STEP_SECONDS: f64 = 0.5;
pub const MIN_BREATH_SECONDS: f64 = 1.0;
/// How loud the ambient bed may be.
pub const AMBIENT_VOLUME: RangeInclusive<f64> = 0.0..=1.0;
