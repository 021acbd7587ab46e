//! The record of one medication intake.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{MedicationClass, words};
use crate::journal::{FORMAT_VERSION, RecordId, time_format};

words! {
    /// How well an intake helped.
    Effect {
        /// It did not help.
        NoEffect = "none",
        /// It helped some.
        Partial = "some",
        PainFree = "pain-free",
    }
}

/// One medicine taken once: when, what, its class, the dose and how well
/// it helped. An intake within an attack's time belongs to that attack
/// (see `super::attack_at`); that is worked out, not written down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Medication {
    /// The journal format this record was written in ([`FORMAT_VERSION`]).
    pub version: u32,
    /// This line's own id, unique like every record's.
    pub id: RecordId,
    /// The id of the intake's first record, when this is a later revision
    /// of it (adding the effect): see `super::revision`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revises: Option<RecordId>,
    /// When it was taken, with the UTC offset in force there and then.
    #[serde(serialize_with = "time_format::serialize")]
    pub time: DateTime<FixedOffset>,
    /// The medicine, in the person's words ("sumatriptan").
    pub name: String,
    pub class: MedicationClass,
    /// The dose, in the person's words ("50 mg").
    pub dose: Option<String>,
    pub effect: Option<Effect>,
}

impl Medication {
    /// An intake of `name` of `class` at `time`, with a fresh id.
    pub fn new(time: DateTime<FixedOffset>, name: String, class: MedicationClass) -> Self {
        Self {
            version: FORMAT_VERSION,
            id: RecordId::generate(),
            revises: None,
            time,
            name,
            class,
            dose: None,
            effect: None,
        }
    }

    /// Which intake this is: the id of its first record, shared by every
    /// revision of it.
    pub fn key(&self) -> &RecordId {
        self.revises.as_ref().unwrap_or(&self.id)
    }

    /// A new revision of this intake (a fresh id naming the first record).
    pub fn revision(&self) -> Self {
        Self {
            version: FORMAT_VERSION,
            id: RecordId::generate(),
            revises: Some(self.key().clone()),
            ..self.clone()
        }
    }
}
