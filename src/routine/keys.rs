//! Which keys each table of a routine file takes. The lists are written
//! out rather than read from the schema when a routine is parsed, so
//! playing a routine never builds the schema (its code alone is a fair part
//! of the program's memory); a test holds them equal to the schema, so the
//! parser, the schema and the diagnostics always agree.

use super::vocabulary::StepKind;

/// The keys of every table in the format.
pub struct KeySets {
    pub routine: &'static [&'static str],
    pub sound: &'static [&'static str],
    pub step: &'static [&'static str],
    pub pattern: &'static [&'static str],
}

/// The key sets, in the schema's order (alphabetical).
pub fn key_sets() -> &'static KeySets {
    &KEY_SETS
}

static KEY_SETS: KeySets = KeySets {
    routine: &[
        "author",
        "cautions",
        "language",
        "lead_in",
        "sound",
        "step",
        "stillpoint",
        "summary",
        "tags",
        "title",
    ],
    sound: &[
        "ambient",
        "ambient_volume",
        "chime",
        "countdown",
        "cues",
        "tempo_ticks",
        "voice",
    ],
    step: &[
        "area",
        "at_most",
        "between",
        "cycles",
        "direction",
        "duration",
        "instructions",
        "kind",
        "pattern",
        "pressure",
        "repeat",
        "say",
        "sides",
        "sound",
        "temperature",
        "tempo",
        "title",
        "voice",
    ],
    pattern: &["exhale", "hold", "inhale", "rest"],
};

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
        StepKind::Wait => &["at_most"],
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

    fn properties<T: schemars::JsonSchema>() -> Vec<String> {
        let schema = schemars::schema_for!(T);
        schema
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_key_lists_are_the_schema_s_keys_in_its_order() {
        use super::super::raw::{RawPattern, RawRoutine, RawSound, RawStep};
        let sets = key_sets();
        assert_eq!(sets.routine, properties::<RawRoutine>());
        assert_eq!(sets.sound, properties::<RawSound>());
        assert_eq!(sets.step, properties::<RawStep>());
        assert_eq!(sets.pattern, properties::<RawPattern>());
    }

    #[test]
    fn every_kind_key_is_a_step_key() {
        let step = key_sets().step;
        for kind in StepKind::ALL {
            for key in kind_keys(*kind).iter().chain(COMMON_STEP_KEYS) {
                assert!(step.contains(key), "{key} of {kind}");
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
