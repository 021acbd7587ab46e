//! A check-in: how the person feels, written without a session.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{Rating, RecordId, SESSION_FORMAT, time_format};

/// A journal entry without a session: pain, stress, symptoms and a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    /// The journal format this record was written in ([`SESSION_FORMAT`]).
    pub version: u32,
    pub id: RecordId,
    /// When, with the UTC offset in force there and then.
    #[serde(serialize_with = "time_format::serialize")]
    pub time: DateTime<FixedOffset>,
    pub pain: Option<Rating>,
    pub stress: Option<Rating>,
    /// Symptoms from the fixed list, in its order, without repeats.
    pub symptoms: Vec<Symptom>,
    /// Other symptoms, in the person's own words.
    pub other_symptoms: Option<String>,
    pub note: Option<String>,
}

impl CheckIn {
    /// An empty check-in at `time` with a fresh id; fill it in with struct
    /// update syntax: `CheckIn { pain: Rating::new(4), ..CheckIn::new(time) }`.
    pub fn new(time: DateTime<FixedOffset>) -> Self {
        Self {
            version: SESSION_FORMAT,
            id: RecordId::generate(),
            time,
            pain: None,
            stress: None,
            symptoms: Vec::new(),
            other_symptoms: None,
            note: None,
        }
    }
}

/// The symptoms a check-in offers to tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Symptom {
    Aura,
    Nausea,
    LightSensitivity,
    SoundSensitivity,
    NeckPain,
    Dizziness,
}

impl Symptom {
    /// Every symptom, in the order a check-in lists them.
    pub const ALL: [Symptom; 6] = [
        Symptom::Aura,
        Symptom::Nausea,
        Symptom::LightSensitivity,
        Symptom::SoundSensitivity,
        Symptom::NeckPain,
        Symptom::Dizziness,
    ];

    /// The name as written in the journal and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Symptom::Aura => "aura",
            Symptom::Nausea => "nausea",
            Symptom::LightSensitivity => "light-sensitivity",
            Symptom::SoundSensitivity => "sound-sensitivity",
            Symptom::NeckPain => "neck-pain",
            Symptom::Dizziness => "dizziness",
        }
    }

    /// The symptom called `name` (any case, spaces or hyphens), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        let wanted = name.trim().to_lowercase().replace([' ', '_'], "-");
        Self::ALL.into_iter().find(|s| s.name() == wanted)
    }
}

impl fmt::Display for Symptom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symptom_names_round_trip_through_serde() {
        for symptom in Symptom::ALL {
            let json = serde_json::to_string(&symptom).unwrap();
            assert_eq!(json, format!("\"{}\"", symptom.name()));
            assert_eq!(Symptom::from_name(symptom.name()), Some(symptom));
        }
        assert_eq!(Symptom::from_name(" Neck Pain "), Some(Symptom::NeckPain));
        assert_eq!(Symptom::from_name("tinnitus"), None);
    }
}
