//! The words of the parser's diagnostics: what TOML and serde report, said
//! so that a therapist who has never seen a parser understands it.

use std::fmt;
use std::ops::Range;

use super::keys::suggest;
use super::spans::Place;
use super::vocabulary::{Area, Direction, Pressure, Sides, StepKind, Temperature};
use crate::diagnostic::Diagnostic;

/// A key no table of the format takes. `correction` is the key it is
/// taken for, and `offered` what the table takes, for `kind` when a step.
pub fn unknown_key(
    key: &str,
    place: &Place,
    span: Range<usize>,
    correction: Option<&str>,
    kind: Option<StepKind>,
    offered: &[&str],
) -> Diagnostic {
    let message = match place {
        Place::Top => format!("unknown key `{key}`"),
        _ => format!("unknown key `{key}` in {place}"),
    };
    let help = match (correction, kind) {
        (Some(near), _) => format!("did you mean `{near}`?"),
        (None, Some(kind)) => format!("a {kind} step takes {}", backticked(offered)),
        (None, None) => format!("expected one of {}", backticked(offered)),
    };
    Diagnostic::error(message).at(span).help(help)
}

/// A key of the top of the file, written below a `[sound]` or `[[step]]`
/// header, where TOML puts it into that table.
pub fn top_level_key(key: &str, place: &Place, span: Range<usize>) -> Diagnostic {
    Diagnostic::error(format!("unknown key `{key}` in {place}"))
        .at(span)
        .help(format!(
            "`{key}` is a top-level key: move it above the first `[sound]` or `[[step]]` header"
        ))
}

/// The key serde found missing, if that is what `message` says.
pub fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// A required key that is not in its table; `at` is the table's first character.
pub fn missing_key(key: &str, place: &Place, at: Range<usize>) -> Diagnostic {
    match (key, place) {
        ("stillpoint", _) => Diagnostic::error("missing `stillpoint`, the format version")
            .at(at)
            .help("start the file with `stillpoint = 1`"),
        ("step", _) => no_steps(at),
        (_, Place::Top) => Diagnostic::error(format!("missing key `{key}`"))
            .at(at)
            .help(format!("add `{key} = …` near the top of the file")),
        _ => Diagnostic::error(format!("{place} has no `{key}`"))
            .at(at)
            .help(format!("add `{key} = …` to this table")),
    }
}

/// A table written as the value of `key` that lacks the key `missing`.
pub fn missing_inner_key(key: &str, missing: &str, place: &Place, at: Range<usize>) -> Diagnostic {
    Diagnostic::error(format!("`{key}` in {place} has no `{missing}`"))
        .at(at)
        .help(format!("add `{missing} = …` to it"))
}

pub fn no_steps(at: Range<usize>) -> Diagnostic {
    Diagnostic::error("the routine has no steps")
        .at(at)
        .help("add at least one `[[step]]` table with a title, a kind and a duration")
}

/// A value of the wrong type or an unknown word, from serde's `message`.
/// `key` is the key holding it, if known.
pub fn wrong_value(
    message: &str,
    key: Option<&str>,
    place: &Place,
    span: Range<usize>,
) -> Diagnostic {
    let words: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let help = match (message.starts_with("unknown variant"), words.split_first()) {
        (true, Some((given, expected))) => suggest(given, expected.iter().copied())
            .map(|near| format!("did you mean `{near}`?"))
            .unwrap_or_else(|| format!("expected one of {}", backticked(expected))),
        _ => expected_help(key, place),
    };
    let subject = match (key, place) {
        (Some(k), Place::Top) => format!("`{k}`"),
        (Some(k), _) => format!("`{k}` in {place}"),
        (None, _) => place.to_string(),
    };
    Diagnostic::error(format!("wrong value for {subject}: {}", reword(message)))
        .at(span)
        .help(help)
}

/// serde's words for what it found, without what it expected (the help
/// says that, better) and without its programmer's terms.
fn reword(message: &str) -> String {
    let found = message.split(", expected").next().unwrap_or(message);
    let found = found
        .strip_prefix("invalid type: ")
        .or_else(|| found.strip_prefix("invalid value: "))
        .unwrap_or(found);
    match found {
        "map" => "a table".into(),
        "sequence" => "a list".into(),
        "integer number overflowed" => "the number is far too large".into(),
        // What TOML says when a word such as `kind` is given as something else.
        _ if found.starts_with("wanted ") || found.starts_with("expected ") => {
            "not a word in quotes".into()
        }
        _ => found
            .replace("unknown variant", "unknown value")
            .replace("floating point", "decimal number"),
    }
}

fn expected_help(key: Option<&str>, place: &Place) -> String {
    match key {
        Some("sound") if matches!(place, Place::Top) => "write `[sound]` as a table".into(),
        Some("duration" | "lead_in" | "between") => {
            "write seconds as a number (90) or text such as \"90s\", \"1m30s\", \"2m\"".into()
        }
        Some("title" | "summary" | "author" | "instructions" | "sound" | "ambient" | "chime") => {
            "write text in quotes".into()
        }
        Some("tags") => "write a list of words in quotes, e.g. [\"seated\", \"neck\"]".into(),
        Some("cues" | "tempo_ticks") => "write true or false".into(),
        Some("pattern") => {
            "write the pattern as { inhale = 4, hold = 4, exhale = 4, rest = 4 }".into()
        }
        Some(key @ ("inhale" | "hold" | "exhale" | "rest")) => {
            format!("write seconds as a number, e.g. `{key} = 4` or `{key} = 4.5`")
        }
        Some("ambient_volume") => "write a number from 0.0 to 1.0, e.g. 0.25".into(),
        Some(key @ ("stillpoint" | "tempo" | "cycles" | "repeat" | "countdown")) => {
            let example = match key {
                "tempo" => 30,
                "cycles" => 6,
                "repeat" => 2,
                "countdown" => 3,
                _ => 1,
            };
            format!("write a whole number, e.g. `{key} = {example}`")
        }
        Some("kind") => one_of(StepKind::ALL),
        Some("area") => one_of(Area::ALL),
        Some("sides") => one_of(Sides::ALL),
        Some("pressure") => one_of(Pressure::ALL),
        Some("direction") => one_of(Direction::ALL),
        Some("temperature") => one_of(Temperature::ALL),
        _ => "check this value in `stillpoint help format`".into(),
    }
}

fn one_of<W: fmt::Display>(words: &[W]) -> String {
    let words: Vec<String> = words.iter().map(ToString::to_string).collect();
    format!("write one of {}", backticked(&words))
}

pub fn backticked<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .map(|w| format!("`{}`", w.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
