//! The session engine: a clock handed `Instant`s and a player state machine.
//! Pure: no terminal, no audio, no files.

pub mod clock;
pub mod played;
pub mod player;

pub use player::{Effect, Msg, Outcome, Player, State, Summary};
