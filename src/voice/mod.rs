//! Spoken guidance: what the voice says and when ([`script`]).

pub mod engine;
pub mod script;
pub mod wav_in;

use std::time::Duration;

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
