//! The headache diary: attacks, medication intakes and MIDAS answers
//! ([`midas`]), how a later record
//! revises an earlier one ([`revision`]), the days they make and the
//! figures per 30-day block a clinician reads first ([`blocks`]).
//!
//! Like the stats, the figures are pure functions of the records: they are
//! given "now" and read no clock.

mod attack;
mod attack_words;
mod class;
mod days;
mod figures;
mod flags;
mod medication;
pub mod midas;
pub mod relief;
pub mod revision;
mod spans;
mod words;

pub use attack::{Attack, attack_at, open_attack};
pub use attack_words::{AttackSymptom, HeadacheType, PainArea, Quality, Side};
pub use class::MedicationClass;
pub use days::{Day, DayKind, days};
pub use figures::{BLOCK_DAYS, Block, MedicationDays, blocks};
pub use flags::{Flag, HEADACHE_DAYS_FLAG, MIX_DAYS_FLAG};
pub use medication::{Effect, Medication};
pub use midas::{Grade, Midas, MidasDays};
pub use relief::{ReliefFigure, RoutineRelief};
pub use spans::Spans;
pub use words::Word;
pub(crate) use words::words;
