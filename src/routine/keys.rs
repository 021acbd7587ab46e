//! Which keys each table of a routine file takes, read from the format's own
//! schema so the parser, the schema and the diagnostics always agree.

use std::sync::OnceLock;

use schemars::JsonSchema;

use super::raw::{RawPattern, RawRoutine, RawSound, RawStep};
use super::vocabulary::StepKind;

/// The keys of every table in the format.
pub struct KeySets {
    pub routine: Vec<String>,
    pub sound: Vec<String>,
    pub step: Vec<String>,
    pub pattern: Vec<String>,
}

/// The key sets, built once from the schema.
pub fn key_sets() -> &'static KeySets {
    static SETS: OnceLock<KeySets> = OnceLock::new();
    SETS.get_or_init(|| KeySets {
        routine: properties::<RawRoutine>(),
        sound: properties::<RawSound>(),
        step: properties::<RawStep>(),
        pattern: properties::<RawPattern>(),
    })
}

fn properties<T: JsonSchema>() -> Vec<String> {
    let schema = schemars::schema_for!(T);
    schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Keys every step takes, whatever its kind.
pub const COMMON_STEP_KEYS: &[&str] = &[
    "title",
    "kind",
    "instructions",
    "repeat",
    "between",
    "sound",
    "say",
    "voice",
];

/// The keys a step of `kind` takes besides the common ones.
pub fn kind_keys(kind: StepKind) -> &'static [&'static str] {
    match kind {
        StepKind::Compress => &["duration", "temperature", "area"],
        StepKind::Knead => &["duration", "area", "tempo", "sides", "pressure"],
        StepKind::Circles => &["duration", "area", "tempo", "direction", "pressure"],
        StepKind::Press => &["duration", "area", "tempo", "sides", "pressure"],
        StepKind::Stretch => &["duration", "area", "sides"],
        StepKind::Breathe => &["pattern", "cycles", "duration"],
        StepKind::Rest => &["duration"],
    }
}

/// The closest known word to `unknown`, if one is close enough to be a typo.
pub fn suggest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let unknown = unknown.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(&unknown, k), k))
        .filter(|&(distance, k)| distance <= (k.len() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_sets_come_from_the_schema() {
        let sets = key_sets();
        assert!(sets.step.iter().any(|k| k == "duration"));
        assert!(sets.routine.iter().any(|k| k == "lead_in"));
        assert!(sets.sound.iter().any(|k| k == "tempo_ticks"));
        assert_eq!(sets.pattern, ["exhale", "hold", "inhale", "rest"]);
    }

    #[test]
    fn every_kind_key_is_a_step_key() {
        let step = &key_sets().step;
        for kind in StepKind::ALL {
            for key in kind_keys(*kind).iter().chain(COMMON_STEP_KEYS) {
                assert!(step.iter().any(|k| k == key), "{key} of {kind}");
            }
        }
    }

    #[test]
    fn suggests_close_words_only() {
        let known = ["duration", "direction", "title"];
        assert_eq!(suggest("duratoin", known), Some("duration"));
        assert_eq!(suggest("Titel", known), Some("title"));
        assert_eq!(suggest("colour", known), None);
    }
}
