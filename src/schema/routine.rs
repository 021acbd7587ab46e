//! The routine schema: the keys of `RawRoutine`, held to the limits
//! `routine::validate` enforces, with the keys each kind of step takes.

use std::ops::RangeInclusive;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::duration::Durations;
use super::text::{self, Lines};
use super::{add, at, generate};
use crate::routine::keys::{COMMON_STEP_KEYS, kind_keys};
use crate::routine::limits::{
    AMBIENT_VOLUME, COUNTDOWN, CYCLES, MAX_CAUTION_CHARS, MAX_CAUTIONS, MAX_INSTRUCTION_CHARS,
    MAX_LEAD_IN, MAX_PHASE_SECONDS, MAX_SAY_CHARS, MAX_STEP, MAX_TAG_CHARS, MAX_TITLE_CHARS,
    MIN_BREATH_SECONDS, MIN_STEP, PHASE_STEP_SECONDS, REPEAT, TEMPO,
};
use crate::routine::raw::RawRoutine;
use crate::routine::vocabulary::StepKind;

const TOP: &str = "/properties";
const SOUND: &str = "/properties/sound/properties";
const STEP: &str = "/properties/step/items";
const STEP_KEYS: &str = "/properties/step/items/properties";
const PATTERN: &str = "/properties/step/items/properties/pattern/properties";

/// The routine schema.
pub fn schema() -> Value {
    let mut schema = generate::<RawRoutine>();
    top(&mut schema);
    sound(&mut schema);
    step(&mut schema);
    let definitions = durations(&mut schema);
    add(&mut schema, STEP, kinds());
    add(&mut schema, "", json!({ "definitions": definitions }));
    schema
}

fn top(s: &mut Value) {
    add(s, &at(TOP, "stillpoint"), json!({ "const": 1 }));
    add(s, &at(TOP, "title"), name(Lines::Many, MAX_TITLE_CHARS));
    let plain = json!({ "pattern": text::plain(Lines::Many) });
    add(s, &at(TOP, "summary"), plain.clone());
    add(s, &at(TOP, "author"), plain);
    let tag = json!({ "maxLength": MAX_TAG_CHARS, "pattern": text::plain(Lines::One) });
    add(s, "/properties/tags/items", tag);
    let language = json!({ "pattern": text::LANGUAGE_TAG });
    add(s, &at(TOP, "language"), language);
    add(s, &at(TOP, "cautions"), json!({ "maxItems": MAX_CAUTIONS }));
    let caution = name(Lines::One, MAX_CAUTION_CHARS);
    add(s, "/properties/cautions/items", caution);
    add(s, &at(TOP, "step"), json!({ "minItems": 1 }));
}

fn sound(s: &mut Value) {
    let (quiet, loud) = (*AMBIENT_VOLUME.start(), *AMBIENT_VOLUME.end());
    let volume = json!({ "minimum": quiet, "maximum": loud });
    add(s, &at(SOUND, "ambient_volume"), volume);
    add(s, &at(SOUND, "countdown"), whole(&COUNTDOWN));
    let sound = json!({ "pattern": text::sound() });
    add(s, &at(SOUND, "ambient"), sound.clone());
    add(s, &at(SOUND, "chime"), sound);
}

fn step(s: &mut Value) {
    let title = name(Lines::One, MAX_TITLE_CHARS);
    add(s, &at(STEP_KEYS, "title"), title);
    let instructions = json!({
        "maxLength": MAX_INSTRUCTION_CHARS,
        "pattern": text::plain(Lines::Many),
    });
    add(s, &at(STEP_KEYS, "instructions"), instructions);
    add(s, &at(STEP_KEYS, "say"), name(Lines::One, MAX_SAY_CHARS));
    let sound = json!({ "pattern": text::sound() });
    add(s, &at(STEP_KEYS, "sound"), sound.clone());
    add(s, &at(STEP_KEYS, "voice"), sound);
    add(s, &at(STEP_KEYS, "tempo"), whole(&TEMPO));
    add(s, &at(STEP_KEYS, "cycles"), whole(&CYCLES));
    add(s, &at(STEP_KEYS, "repeat"), whole(&REPEAT));
    for (key, least) in [
        ("inhale", MIN_BREATH_SECONDS),
        ("hold", 0.0),
        ("exhale", MIN_BREATH_SECONDS),
        ("rest", 0.0),
    ] {
        let phase = json!({
            "minimum": least,
            "maximum": MAX_PHASE_SECONDS,
            "multipleOf": PHASE_STEP_SECONDS,
        });
        add(s, &at(PATTERN, key), phase);
    }
}

/// Writes each duration key anew with its limits; returns the text patterns they
/// refer to.
fn durations(s: &mut Value) -> Map<String, Value> {
    let mut durations = Durations::default();
    for (table, key, low, high) in [
        (TOP, "lead_in", Duration::ZERO, MAX_LEAD_IN),
        (STEP_KEYS, "duration", MIN_STEP, MAX_STEP),
        (STEP_KEYS, "at_most", MIN_STEP, MAX_STEP),
        (STEP_KEYS, "between", Duration::ZERO, MAX_STEP),
    ] {
        let at = s.pointer_mut(&at(table, key));
        debug_assert!(at.is_some(), "the schema has no {table}/{key}");
        if let Some(at) = at {
            *at = durations.key(at["description"].take(), low, high);
        }
    }
    durations.into_definitions()
}

/// A name or a sentence: not blank, plain text, at most `max` characters.
fn name(lines: Lines, max: usize) -> Value {
    json!({ "minLength": 1, "maxLength": max, "pattern": text::not_blank(lines) })
}

fn whole(range: &RangeInclusive<i128>) -> Value {
    let limit = |n: i128| i64::try_from(n).ok();
    json!({ "minimum": limit(*range.start()), "maximum": limit(*range.end()) })
}

/// What a step may and must have, by its kind: `if` one kind `then` its
/// rules, `else` the next kind's test. Not an `allOf` of `if`s: taplo
/// leaves the keys of a table with an `allOf` out of its completions.
fn kinds() -> Value {
    StepKind::ALL.iter().rev().fold(json!({}), |later, &kind| {
        let mut test = json!({
            "if": { "properties": { "kind": { "const": kind.word() } }, "required": ["kind"] },
            "then": rules(kind),
        });
        if let Value::Object(later) = later
            && !later.is_empty()
        {
            test["else"] = Value::Object(later);
        }
        test
    })
}

/// The rules for a step of `kind`: the keys it takes and no others; a
/// duration where it takes one, unless it takes cycles instead, when it
/// needs one of the two; a breathing pattern where it takes one.
fn rules(kind: StepKind) -> Value {
    let keys = kind_keys(kind);
    let takes: Map<String, Value> = COMMON_STEP_KEYS
        .iter()
        .chain(keys)
        .map(|key| (key.to_string(), Value::Bool(true)))
        .collect();
    let mut rules = json!({ "properties": takes, "additionalProperties": false });
    let mut required = Vec::new();
    if keys.contains(&"pattern") {
        required.push("pattern");
    }
    if keys.contains(&"cycles") {
        rules["oneOf"] = json!([{ "required": ["cycles"] }, { "required": ["duration"] }]);
    } else if keys.contains(&"duration") {
        required.push("duration");
    }
    if !required.is_empty() {
        rules["required"] = json!(required);
    }
    rules
}
