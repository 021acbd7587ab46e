//! Spoken guidance: what the voice says and when ([`script`]), made into
//! sound by a speech engine ([`engine`]) ahead of time ([`phrases`]) and
//! kept for the next session ([`cache`]).

pub mod cache;
pub mod engine;
pub mod phrases;
pub mod script;
pub mod wav_in;

use std::sync::Arc;
use std::time::Duration;

use rodio::SampleRate;

use crate::routine::Routine;
use crate::timeline::Timeline;
use cache::Cache;
use engine::Engine;
use phrases::{Phrases, Sources};
pub use script::{Line, Script};

/// The pace the voice speaks at, and that plain mode leaves room for.
pub const WORDS_A_MINUTE: f64 = 160.0;

/// About how long `text` takes to say at [`WORDS_A_MINUTE`], with a short
/// pause at each punctuation mark.
pub fn speaking_time(text: &str) -> Duration {
    let words = text.split_whitespace().count() as f64;
    let pauses = text.matches(['.', ',', ':', ';', '?', '!']).count() as f64;
    Duration::from_secs_f64(words * 60.0 / WORDS_A_MINUTE + pauses * 0.15 + 0.2)
}

/// How the person wants to be spoken to: whether at all, and by which
/// engine (`voice_command` in the config; eSpeak NG when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceChoice {
    pub on: bool,
    pub command: Option<String>,
    /// Each breath's phase said too (`voice_breaths` in the config).
    pub breaths: bool,
}

/// The lines of a session, not yet spoken, and where they will come from;
/// `None` when the voice is off or the routine says nothing.
pub fn session_phrases(
    routine: &Routine,
    timeline: &Timeline,
    rate: SampleRate,
    choice: &VoiceChoice,
) -> Option<(Arc<Phrases>, Sources)> {
    if !choice.on {
        return None;
    }
    let script = Script::with(routine, timeline, choice.breaths);
    if script.lines.is_empty() {
        return None;
    }
    let engine = Engine::choose(choice.command.as_deref(), routine.language.as_deref())
        .map(|(engine, _)| engine);
    let sources = Sources {
        engine,
        cache: Cache::standard(),
    };
    Some((Phrases::new(&script, rate), sources))
}
