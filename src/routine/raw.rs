//! The routine file format, version 1, exactly as written in TOML. These
//! types both parse the file and generate its JSON Schema, so the two cannot
//! drift apart. Values are checked and turned into the model in `validate`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use super::vocabulary::{Area, Direction, Pressure, Sides, Spoken, StepKind, Temperature};

/// A Stillpoint routine: a paced sequence of self-care steps.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Stillpoint routine, format version 1")]
pub struct RawRoutine {
    /// The format version of this file. Always 1.
    pub stillpoint: Whole,
    /// The routine's name, shown in the library and the player (at most 80 characters).
    pub title: String,
    /// One or two sentences on what the routine is for, shown in the library.
    pub summary: Option<String>,
    /// Who wrote the routine.
    pub author: Option<String>,
    /// Words to find the routine by, such as "seated" or "breathing".
    pub tags: Option<Vec<String>>,
    /// The language the routine is written in, as a BCP 47 tag such as "en" or "de": the voice speaks in it. Default "en".
    pub language: Option<String>,
    /// Safety notes shown before the session starts and in `stillpoint plan`, e.g. "Stop if you feel dizzy." (at most 10, each at most 200 characters).
    pub cautions: Option<Vec<String>>,
    /// A settle-in countdown before the first step. Default 3s.
    pub lead_in: Option<DurationText>,
    /// Session-wide sound settings.
    pub sound: Option<RawSound>,
    /// The steps, in order. Write each as a `[[step]]` table.
    pub step: Vec<RawStep>,
}

/// Session-wide sound settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSound {
    /// The quiet background bed: "brown-noise", "pink-noise", "none", or a sound file path relative to the routine.
    pub ambient: Option<String>,
    /// Loudness of the ambient bed, from 0.0 to 1.0. Default 0.25.
    pub ambient_volume: Option<f64>,
    /// false turns off every cue sound (the ambient bed still plays). Default true.
    pub cues: Option<bool>,
    /// Soft pips in the last N seconds of each timed step; 0 turns them off. Default 3.
    pub countdown: Option<Whole>,
    /// The sound at each step start: "bowl", "bell", "wood", or a sound file path relative to the routine. Default "bowl".
    pub chime: Option<String>,
    /// A soft tick at the tempo of knead, circles and press steps. Default false.
    pub tempo_ticks: Option<bool>,
    /// What the voice says: "steps" (titles, sides, switches, "one minute left", "next"; the default), "instructions" (that and each step's instructions) or "none".
    pub voice: Option<Spoken>,
}

/// One step of the routine. Which keys a step takes depends on its `kind`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    /// The step's name, shown large in the player (at most 80 characters).
    pub title: String,
    /// What the person does: compress, knead, circles, press, stretch, breathe, rest or wait.
    pub kind: StepKind,
    /// What to do, in short sentences a person can follow with eyes half closed (at most 1,000 characters).
    pub instructions: Option<String>,
    /// How long the step lasts (1s to 2h): seconds as a number, or text such as "90s", "1m30s", "2m". Required for every kind but breathe and wait.
    pub duration: Option<DurationText>,
    /// The part of the body worked on (compress, knead, circles, press, stretch).
    pub area: Option<Area>,
    /// Strokes, circles or presses a minute, from 1 to 120 (knead, circles, press).
    pub tempo: Option<Whole>,
    /// Which side (knead, press, stretch): both (default), left, right, alternate (switch at half time) or each (left, then right, the duration each).
    pub sides: Option<Sides>,
    /// How firmly to work (knead, circles, press): light, medium or firm.
    pub pressure: Option<Pressure>,
    /// Which way to circle (circles): clockwise (default), counterclockwise or reverse-halfway.
    pub direction: Option<Direction>,
    /// The compress's temperature (compress): warm (default) or cool.
    pub temperature: Option<Temperature>,
    /// The breathing pattern in seconds (breathe), e.g. { inhale = 4, hold = 4, exhale = 4, rest = 4 }.
    pub pattern: Option<RawPattern>,
    /// How many breathing cycles (breathe), from 1 to 200. Give either cycles or duration.
    pub cycles: Option<Whole>,
    /// How long a wait step waits for space before it moves on by itself (1s to 2h), e.g. "3m" (wait). Without it the step waits as long as it takes.
    pub at_most: Option<DurationText>,
    /// How many times to do the step, from 1 to 50. Default 1.
    pub repeat: Option<Whole>,
    /// A rest between repeats, e.g. "10s". Default none.
    pub between: Option<DurationText>,
    /// This step's start sound instead of the chime: a built-in name or a sound file path relative to the routine.
    pub sound: Option<String>,
    /// What the voice says at the step's start instead of its title and side (at most 200 characters).
    pub say: Option<String>,
    /// A recorded file spoken at the step's start instead of the voice: a sound file path relative to the routine.
    pub voice: Option<String>,
}

/// A breathing pattern, in seconds; halves such as 4.5 are allowed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPattern {
    /// Seconds breathing in, 1 to 30.
    pub inhale: f64,
    /// Seconds holding the breath in, 0 to 30. Default 0.
    pub hold: Option<f64>,
    /// Seconds breathing out, 1 to 30.
    pub exhale: f64,
    /// Seconds resting before the next breath, 0 to 30. Default 0.
    pub rest: Option<f64>,
}

/// A whole number as written. Numbers far too large for any limit are kept
/// (up to 38 digits), so that the range check can name them, and a fraction
/// gets a message of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Whole(pub i128);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Whole;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Whole, E> {
                Ok(Whole(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Whole, E> {
                Ok(Whole(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Whole, E> {
                Ok(Whole(i128::try_from(v).unwrap_or(i128::MAX)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Whole, E> {
                Err(E::custom(format!("{v:?} is not a whole number")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// In the schema, a whole number is what editors know as an integer.
impl JsonSchema for Whole {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        i64::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        i64::json_schema(generator)
    }
}

/// A length of time as written: whole seconds as a number, or text such as
/// "90", "90s", "1m30s", "2m" or "1h". A number with a fraction is kept too,
/// so that the check can say that only whole seconds are allowed.
#[derive(Debug, Clone, PartialEq)]
pub enum DurationText {
    Seconds(i128),
    Fraction(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for DurationText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = DurationText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of seconds or a text such as \"1m30s\"")
            }
            fn visit_i64<E>(self, v: i64) -> Result<DurationText, E> {
                Ok(DurationText::Seconds(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<DurationText, E> {
                Ok(DurationText::Seconds(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<DurationText, E> {
                Ok(DurationText::Seconds(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<DurationText, E> {
                Ok(DurationText::Seconds(
                    i128::try_from(v).unwrap_or(i128::MAX),
                ))
            }
            fn visit_f64<E>(self, v: f64) -> Result<DurationText, E> {
                Ok(DurationText::Fraction(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<DurationText, E> {
                Ok(DurationText::Text(v.to_owned()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
/// The kinds of value a duration may be; `crate::schema` gives each
/// duration key its own limits.
impl JsonSchema for DurationText {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["integer", "string"] })
    }
}
