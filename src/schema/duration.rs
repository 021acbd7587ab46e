//! Durations as the schema states them: whole seconds as a number, or text
//! such as "90s", "1m30s" or "2h" read exactly as `routine::duration`
//! reads it (hours, minutes and seconds once each, in that order, spaces
//! anywhere), held to the key's limits.

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::numbers::{GAP, group, pattern as number};

const UNITS: [(char, u64); 3] = [('h', 3600), ('m', 60), ('s', 1)];

/// The durations of a schema: each key refers to the text form of its
/// limits, written once under `definitions`, as the pattern is long.
#[derive(Default)]
pub struct Durations {
    definitions: Map<String, Value>,
}

impl Durations {
    /// The schema of a duration key from `low` to `high`. A range from zero
    /// is zero or the range from a second, so that durations that may be
    /// zero share the long pattern of those that may not.
    pub fn key(&mut self, description: Value, low: Duration, high: Duration) -> Value {
        let (low, high) = (low.as_secs(), high.as_secs());
        let mut forms = vec![json!({ "type": "integer", "minimum": low, "maximum": high })];
        let mut texts = vec![(low, high)];
        if low == 0 && high > 0 {
            texts = vec![(1, high), (0, 0)];
        }
        for (low, high) in texts {
            let name = format!("duration_text_{low}s_to_{high}s");
            self.definitions.entry(name.clone()).or_insert_with(|| {
                json!({
                    "type": "string",
                    "pattern": text_pattern(low, high),
                })
            });
            forms.push(json!({ "$ref": format!("#/definitions/{name}") }));
        }
        json!({ "description": description, "anyOf": forms })
    }

    pub fn into_definitions(self) -> Map<String, Value> {
        self.definitions
    }
}

/// Text for a duration of `low` to `high` seconds: bare digits ("90") or
/// numbers with units.
fn text_pattern(low: u64, high: u64) -> String {
    let mut forms = vec![number(low, high)];
    forms.extend(with_units(0, low, high));
    format!("^{GAP}{}$", group(&forms))
}

/// The ways to write at least one of `UNITS[first..]`, in order, that add
/// up to `low` to `high` seconds.
fn with_units(first: usize, low: u64, high: u64) -> Vec<String> {
    let Some(&(unit, scale)) = UNITS.get(first) else {
        return Vec::new();
    };
    let zero = format!("(?:0{GAP})+{unit}{GAP}");
    let mut forms = Vec::new();
    let later = with_units(first + 1, low, high);
    if !later.is_empty() {
        forms.push(format!("(?:{zero})?{}", group(&later)));
    }
    if low == 0 {
        forms.push(zero);
    }
    // Counts in a row that may be followed by the same are one range.
    let mut runs: Vec<(u64, u64, String)> = Vec::new();
    for count in 1..=high / scale {
        let spent = count * scale;
        let (low_left, high_left) = (low.saturating_sub(spent), high - spent);
        let later = with_units(first + 1, low_left, high_left);
        let rest = match (later.is_empty(), low_left == 0) {
            (true, true) => String::new(),
            (true, false) => continue,
            (false, true) => format!("(?:{})?", later.join("|")),
            (false, false) => group(&later),
        };
        match runs.last_mut() {
            Some((_, to, same)) if *to + 1 == count && *same == rest => *to = count,
            _ => runs.push((count, count, rest)),
        }
    }
    for (from, to, rest) in runs {
        forms.push(format!("{}{unit}{GAP}{rest}", number(from, to)));
    }
    forms
}
