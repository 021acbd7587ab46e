//! From routine text to a checked routine: TOML syntax, unknown keys, value
//! types, then the format's rules, with every problem reported at once.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::keys::{key_sets, suggest};
use super::raw::{RawRoutine, RawStep};
use super::validate::validate;
use super::{Parsed, RoutineSource};
use crate::diagnostic::Diagnostic;

/// Where each key and value of one table is in the file.
#[derive(Debug, Clone, Default)]
pub struct TableSpans {
    /// The whole table; for `[[step]]` tables this starts at the header.
    pub table: Range<usize>,
    pub keys: BTreeMap<String, (Range<usize>, Range<usize>)>,
}

impl TableSpans {
    fn of(span: Range<usize>, table: &DeTable<'_>) -> Self {
        Self {
            table: span,
            keys: table
                .iter()
                .map(|(k, v)| (k.get_ref().to_string(), (k.span(), v.span())))
                .collect(),
        }
    }

    /// The value of `key`, or the table when the key is absent.
    pub fn value(&self, key: &str) -> Range<usize> {
        self.keys
            .get(key)
            .map_or_else(|| self.header(), |(_, v)| v.clone())
    }

    /// The key itself, or the table when the key is absent.
    pub fn key(&self, key: &str) -> Range<usize> {
        self.keys
            .get(key)
            .map_or_else(|| self.header(), |(k, _)| k.clone())
    }

    /// The first character of the table, where a missing key is reported.
    pub fn header(&self) -> Range<usize> {
        self.table.start..self.table.start + 1
    }
}

/// Names a table in messages: "step 3 (\"Temple circles\")", "[sound]".
#[derive(Debug, Clone)]
pub enum Place {
    Top,
    Sound,
    Step {
        number: usize,
        title: Option<String>,
    },
    Pattern {
        number: usize,
        title: Option<String>,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = |f: &mut fmt::Formatter<'_>, number: &usize, title: &Option<String>| match title
        {
            Some(t) => write!(f, "step {number} (\"{t}\")"),
            None => write!(f, "step {number}"),
        };
        match self {
            Place::Top => f.write_str("the routine"),
            Place::Sound => f.write_str("[sound]"),
            Place::Step { number, title } => step(f, number, title),
            Place::Pattern { number, title } => {
                f.write_str("the breathing pattern of ")?;
                step(f, number, title)
            }
        }
    }
}

/// Reads and checks a routine. Never panics, whatever the text.
pub fn parse(source: &RoutineSource) -> Parsed {
    let (mut root, syntax) = DeTable::parse_recoverable(&source.text);
    let mut diagnostics: Vec<Diagnostic> = syntax.iter().map(syntax_diagnostic).collect();
    if !diagnostics.is_empty() {
        return Parsed {
            routine: None,
            diagnostics,
        };
    }
    let sets = key_sets();
    let root_span = root.span();
    let root = root.get_mut();
    drop_unknown_keys(root, &sets.routine, &Place::Top, &mut diagnostics);
    let top_spans = TableSpans::of(root_span.clone(), root);

    let mut sound_spans = TableSpans::default();
    if let Some((span, table)) = root.get_mut("sound").and_then(as_table_mut) {
        drop_unknown_keys(table, &sets.sound, &Place::Sound, &mut diagnostics);
        sound_spans = TableSpans::of(span, table);
    }

    let step_values = take_steps(root, &mut diagnostics);
    let routine: Option<RawRoutine> = deserialize(
        root_span,
        std::mem::take(root),
        &Place::Top,
        &mut diagnostics,
    );

    let mut steps = Vec::new();
    for (i, mut value) in step_values.into_iter().enumerate() {
        let value_span = value.span();
        let Some((span, table)) = as_table_mut(&mut value) else {
            diagnostics.push(
                Diagnostic::error(format!("step {} is not a table", i + 1))
                    .at(value_span)
                    .help("write each step as a `[[step]]` table"),
            );
            continue;
        };
        let title = table
            .get("title")
            .and_then(|t| t.get_ref().as_str().map(str::to_owned));
        let place = Place::Step {
            number: i + 1,
            title: title.clone(),
        };
        drop_unknown_keys(table, &sets.step, &place, &mut diagnostics);
        let mut pattern_spans = TableSpans::default();
        if let Some((pspan, pattern)) = table.get_mut("pattern").and_then(as_table_mut) {
            let place = Place::Pattern {
                number: i + 1,
                title,
            };
            drop_unknown_keys(pattern, &sets.pattern, &place, &mut diagnostics);
            pattern_spans = TableSpans::of(pspan, pattern);
        }
        let spans = TableSpans::of(span.clone(), table);
        if let Some(raw) =
            deserialize::<RawStep>(span, std::mem::take(table), &place, &mut diagnostics)
        {
            steps.push(StepInput {
                raw,
                place,
                spans,
                pattern_spans,
            });
        }
    }

    let routine = routine.and_then(|raw| {
        let input = RoutineInput {
            raw,
            spans: top_spans,
            sound_spans,
            steps,
            source,
        };
        validate(input, &mut diagnostics)
    });
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    let routine = routine.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Parsed {
        routine,
        diagnostics,
    }
}

/// Everything `validate` needs: the raw values and where they are.
pub struct RoutineInput<'a> {
    pub raw: RawRoutine,
    pub spans: TableSpans,
    pub sound_spans: TableSpans,
    pub steps: Vec<StepInput>,
    pub source: &'a RoutineSource,
}

pub struct StepInput {
    pub raw: RawStep,
    pub place: Place,
    pub spans: TableSpans,
    pub pattern_spans: TableSpans,
}

fn as_table_mut<'a, 'i>(
    value: &'a mut Spanned<DeValue<'i>>,
) -> Option<(Range<usize>, &'a mut DeTable<'i>)> {
    let span = value.span();
    match value.get_mut() {
        DeValue::Table(table) => Some((span, table)),
        _ => None,
    }
}

fn syntax_diagnostic(error: &toml::de::Error) -> Diagnostic {
    let mut message = error.message().trim().to_owned();
    if let Some(first) = message.get(..1) {
        message = first.to_lowercase() + &message[1..];
    }
    let d = Diagnostic::error(format!("this is not valid TOML: {message}"))
        .help("see routines/README.md for how a routine file is written");
    match error.span() {
        Some(span) => d.at(span),
        None => d,
    }
}

fn drop_unknown_keys(
    table: &mut DeTable<'_>,
    known: &[String],
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let unknown: Vec<(String, Range<usize>)> = table
        .iter()
        .filter(|(k, _)| !known.iter().any(|n| n == k.get_ref().as_ref()))
        .map(|(k, _)| (k.get_ref().to_string(), k.span()))
        .collect();
    for (key, span) in unknown {
        let mut d = match place {
            Place::Top => Diagnostic::error(format!("unknown key `{key}`")),
            _ => Diagnostic::error(format!("unknown key `{key}` in {place}")),
        }
        .at(span);
        d = match suggest(&key, known.iter().map(String::as_str)) {
            Some(near) => d.help(format!("did you mean `{near}`?")),
            None => d.help(format!("expected one of {}", backticked(known))),
        };
        diagnostics.push(d);
        table.remove(key.as_str());
    }
}

/// Takes the `step` array out of the top table, leaving an empty one so the
/// routine itself still deserializes; each step is then read on its own.
fn take_steps<'i>(
    root: &mut DeTable<'i>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<DeValue<'i>>> {
    let Some(value) = root.get_mut("step") else {
        return Vec::new();
    };
    let span = value.span();
    let taken = std::mem::replace(
        value,
        Spanned::new(span.clone(), DeValue::Array(DeArray::new())),
    );
    match taken.into_inner() {
        DeValue::Array(items) => items.iter().cloned().collect(),
        _ => {
            diagnostics.push(
                Diagnostic::error("`step` must be a list of `[[step]]` tables")
                    .at(span)
                    .help("write each step under its own `[[step]]` header"),
            );
            Vec::new()
        }
    }
}

/// Deserializes a table, reporting each badly typed key and retrying without
/// it, so one wrong value does not hide the next.
fn deserialize<T: DeserializeOwned>(
    span: Range<usize>,
    mut table: DeTable<'_>,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut removed: Vec<String> = Vec::new();
    loop {
        let value = Spanned::new(span.clone(), DeValue::Table(table.clone()));
        let error = match T::deserialize(value.into_deserializer()) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let at = error.span().unwrap_or_else(|| span.clone());
        let message = error.message().to_owned();
        let culprit = table
            .iter()
            .find(|(k, v)| contains(&v.span(), &at) || contains(&k.span(), &at))
            .map(|(k, _)| k.get_ref().to_string());
        match (missing_field(&message), &culprit) {
            (Some(missing), Some(inner)) => diagnostics.push(
                Diagnostic::error(format!("`{inner}` in {place} has no `{missing}`"))
                    .at(at)
                    .help(format!("add `{missing} = …` to it")),
            ),
            (Some(missing), None) => {
                if !removed.iter().any(|r| r == missing) {
                    diagnostics.push(missing_key(missing, place, span.clone()));
                }
                return None;
            }
            (None, _) => diagnostics.push(type_diagnostic(&message, culprit.as_deref(), place, at)),
        }
        let key = culprit?;
        table.remove(key.as_str());
        removed.push(key);
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

fn missing_key(key: &str, place: &Place, table: Range<usize>) -> Diagnostic {
    let at = table.start..table.start + 1;
    match (key, place) {
        ("stillpoint", _) => Diagnostic::error("missing `stillpoint`, the format version")
            .at(at)
            .help("start the file with `stillpoint = 1`"),
        ("step", _) => Diagnostic::error("the routine has no steps")
            .at(at)
            .help("add at least one `[[step]]` table with a title, a kind and a duration"),
        (_, Place::Top) => Diagnostic::error(format!("missing key `{key}`"))
            .at(at)
            .help(format!("add `{key} = …` near the top of the file")),
        _ => Diagnostic::error(format!("{place} has no `{key}`"))
            .at(at)
            .help(format!("add `{key} = …` to this table")),
    }
}

fn type_diagnostic(
    message: &str,
    key: Option<&str>,
    place: &Place,
    span: Range<usize>,
) -> Diagnostic {
    let reworded = message
        .replace("unknown variant", "unknown value")
        .replace("invalid type: ", "")
        .replace("invalid value: ", "");
    let subject = match (key, place) {
        (Some(k), Place::Top) => format!("`{k}`"),
        (Some(k), _) => format!("`{k}` in {place}"),
        (None, _) => place.to_string(),
    };
    let words: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let help = match (message.starts_with("unknown variant"), words.split_first()) {
        (true, Some((given, expected))) => suggest(given, expected.iter().copied())
            .map(|near| format!("did you mean `{near}`?"))
            .unwrap_or_else(|| format!("expected one of {}", backticked(expected))),
        _ => expected_help(key, place),
    };
    let first = reworded.split(", expected").next().unwrap_or(&reworded);
    Diagnostic::error(format!("wrong value for {subject}: {first}"))
        .at(span)
        .help(help)
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
        Some(_) => "write a number".into(),
        None => "check this value against routines/README.md".into(),
    }
}

fn backticked<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .map(|w| format!("`{}`", w.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
