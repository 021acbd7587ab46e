//! From routine text to a checked routine: TOML syntax, unknown keys, value
//! types, then the format's rules, with every problem reported at once.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::keys::{COMMON_STEP_KEYS, key_sets, kind_keys, suggest};
use super::messages;
use super::misplaced::misplaced;
use super::raw::{RawRoutine, RawStep};
use super::spans::{Place, TableSpans};
use super::validate::validate;
use super::vocabulary::StepKind;
use super::{Parsed, RoutineSource};
use crate::diagnostic::{Diagnostic, without_repeats};
use crate::syntax::{self, Shape};

const SHAPE: Shape = Shape {
    lists: &["step"],
    tables: &["sound"],
};

/// Reads and checks a routine. Never panics, whatever the text. After a
/// syntax mistake whose repair is plain, the rest is checked as repaired.
pub fn parse(source: &RoutineSource) -> Parsed {
    let reading = syntax::read(&source.text, &SHAPE);
    let checked = match (reading.checkable, reading.mended.is_mended()) {
        (false, _) => Parsed {
            routine: None,
            diagnostics: Vec::new(),
            for_author: Vec::new(),
        },
        (true, false) => parse_checked(source),
        (true, true) => parse_checked(&RoutineSource {
            text: reading.mended.text.clone(),
            ..source.clone()
        }),
    };
    let diagnostics = reading.merge(checked.diagnostics);
    let routine = checked
        .routine
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    let for_author = if routine.is_some() {
        checked.for_author
    } else {
        Vec::new()
    };
    Parsed {
        routine,
        diagnostics: without_repeats(diagnostics),
        for_author,
    }
}

/// Checks a routine: its TOML, then its keys and values. The diagnostics
/// are in the order found, and the routine is there even beside errors:
/// [`parse`] orders them and judges.
fn parse_checked(source: &RoutineSource) -> Parsed {
    let text = source.text.as_str();
    let (mut root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Parsed {
            routine: None,
            diagnostics: errors.iter().map(|e| syntax::explain(e, text)).collect(),
            for_author: Vec::new(),
        };
    }
    let mut diagnostics = Vec::new();
    let sets = key_sets();
    let root_span = root.span();
    let root = root.get_mut();
    sort_out_unknown_keys(root, sets.routine, None, &Place::Top, &mut diagnostics);
    let top_spans = TableSpans::of(text, root_span, root);

    let mut sound_spans = TableSpans::default();
    if let Some((span, table)) = root.get_mut("sound").and_then(as_table_mut) {
        sort_out_unknown_keys(table, sets.sound, None, &Place::Sound, &mut diagnostics);
        sound_spans = TableSpans::of(text, span, table);
    }

    let step_values = take_steps(root, &mut diagnostics);
    let routine: Option<RawRoutine> = deserialize(
        &top_spans,
        std::mem::take(root),
        &Place::Top,
        &mut diagnostics,
    );
    let steps = step_values
        .into_iter()
        .enumerate()
        .filter_map(|(i, value)| read_step(text, i + 1, value, &mut diagnostics))
        .collect();

    let mut for_author = Vec::new();
    let routine = routine.and_then(|raw| {
        let input = RoutineInput {
            raw,
            spans: top_spans,
            sound_spans,
            steps,
            source,
        };
        validate(input, &mut diagnostics, &mut for_author)
    });
    Parsed {
        routine,
        diagnostics,
        for_author,
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

/// Reads step `number`: its unknown keys, its breathing pattern's, then its values.
fn read_step(
    text: &str,
    number: usize,
    mut value: Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<StepInput> {
    let value_span = value.span();
    let Some((span, table)) = as_table_mut(&mut value) else {
        diagnostics.push(
            Diagnostic::error(format!("step {number} is not a table"))
                .at(value_span)
                .help("write each step as a `[[step]]` table"),
        );
        return None;
    };
    let word = |key: &str| table.get(key).and_then(|v| v.get_ref().as_str());
    let title = word("title").map(str::to_owned);
    let kind = word("kind").and_then(|w| StepKind::ALL.iter().copied().find(|k| k.word() == w));
    let place = Place::Step { number, title };
    let sets = key_sets();
    sort_out_unknown_keys(table, sets.step, kind, &place, diagnostics);
    let mut pattern_spans = TableSpans::default();
    if let (Some(pattern_place), Some((pspan, pattern))) = (
        place.inner("pattern"),
        table.get_mut("pattern").and_then(as_table_mut),
    ) {
        sort_out_unknown_keys(pattern, sets.pattern, None, &pattern_place, diagnostics);
        pattern_spans = TableSpans::of(text, pspan, pattern);
    }
    let spans = TableSpans::of(text, span, table);
    let raw = deserialize::<RawStep>(&spans, std::mem::take(table), &place, diagnostics)?;
    Some(StepInput {
        raw,
        place,
        spans,
        pattern_spans,
    })
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

/// Reports every key of `table` that is not `known`. A key close to one the
/// table lacks is read as that key, as the author surely meant, so nothing
/// else reports it missing; any other unknown key is dropped. A step's
/// `kind`, when known, narrows the keys offered to those it takes.
fn sort_out_unknown_keys(
    table: &mut DeTable<'_>,
    known: &[&str],
    kind: Option<StepKind>,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let offered: Vec<&str> = match kind {
        Some(kind) => COMMON_STEP_KEYS
            .iter()
            .chain(kind_keys(kind))
            .copied()
            .collect(),
        None => known.to_vec(),
    };
    let unknown: Vec<(String, Range<usize>)> = table
        .iter()
        .filter(|(k, _)| !known.contains(&k.get_ref().as_ref()))
        .map(|(k, _)| (k.get_ref().to_string(), k.span()))
        .collect();
    let top_keys = key_sets().routine;
    for (key, span) in unknown {
        let Some((key_spanned, value)) = table.remove_entry(key.as_str()) else {
            continue;
        };
        let header = key == "sound" || key == "step";
        if matches!(place, Place::Sound | Place::Step { .. })
            && !header
            && top_keys.contains(&key.as_str())
        {
            diagnostics.push(messages::top_level_key(&key, place, span));
            continue;
        }
        if let Some(diagnostic) = misplaced(&key, place, span.clone()) {
            diagnostics.push(diagnostic);
            continue;
        }
        let correction = suggest(&key, offered.iter().copied());
        diagnostics.push(messages::unknown_key(
            &key, place, span, correction, kind, &offered,
        ));
        if let Some(near) = correction.filter(|near| !table.contains_key(*near)) {
            let renamed = Spanned::new(key_spanned.span(), Cow::Owned(near.to_owned()));
            table.insert(renamed, value);
        }
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
        DeValue::Array(items) if items.is_empty() => {
            diagnostics.push(messages::no_steps(span));
            Vec::new()
        }
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
    spans: &TableSpans,
    mut table: DeTable<'_>,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    // What was taken out, as `key` or `key.inner`, so that its absence is
    // not reported again.
    let mut removed: Vec<String> = Vec::new();
    loop {
        let value = Spanned::new(spans.table.clone(), DeValue::Table(table.clone()));
        let error = match T::deserialize(value.into_deserializer()) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let at = error.span().unwrap_or_else(|| spans.table.clone());
        let message = error.message();
        let Some(culprit) = culprit(&table, &at, place) else {
            match messages::missing_field(message) {
                Some(missing) if removed.iter().any(|r| r == missing) => {}
                Some(missing) => {
                    diagnostics.push(messages::missing_key(missing, place, spans.header()))
                }
                None => diagnostics.push(messages::wrong_value(message, None, place, at)),
            }
            return None;
        };
        let path = match (&culprit.inner, messages::missing_field(message)) {
            (_, Some(missing)) => {
                // A table inside this one lacks a key: give up on the table.
                if !removed.contains(&format!("{}.{missing}", culprit.key)) {
                    let d = messages::missing_inner_key(&culprit.key, missing, place, at);
                    diagnostics.push(d);
                }
                table.remove(culprit.key.as_str());
                culprit.key
            }
            (Some((inner, inner_place)), None) => {
                let d = messages::wrong_value(message, Some(inner), inner_place, at);
                diagnostics.push(d);
                if let Some((_, t)) = table.get_mut(culprit.key.as_str()).and_then(as_table_mut) {
                    t.remove(inner.as_str());
                }
                format!("{}.{inner}", culprit.key)
            }
            (None, None) => {
                diagnostics.push(messages::wrong_value(
                    message,
                    Some(&culprit.key),
                    place,
                    at,
                ));
                table.remove(culprit.key.as_str());
                culprit.key
            }
        };
        removed.push(path);
    }
}

/// The key whose value holds a problem, and the key inside it when that
/// value is a table of the format, such as `cues` in `[sound]`.
struct Culprit {
    key: String,
    inner: Option<(String, Place)>,
}

/// Finds the key at `at`. An empty span, as serde gives for a missing key,
/// is at no key.
fn culprit(table: &DeTable<'_>, at: &Range<usize>, place: &Place) -> Option<Culprit> {
    if at.is_empty() {
        return None;
    }
    let holds = |k: &Spanned<Cow<'_, str>>, v: &Spanned<DeValue<'_>>| {
        contains(&k.span(), at) || contains(&v.span(), at)
    };
    table.iter().find_map(|(k, v)| {
        let key = k.get_ref().to_string();
        let inner = match (place.inner(&key), v.get_ref()) {
            (Some(inner_place), DeValue::Table(t)) => t
                .iter()
                .find(|(ik, iv)| holds(ik, iv))
                .map(|(ik, _)| (ik.get_ref().to_string(), inner_place)),
            _ => None,
        };
        (inner.is_some() || holds(k, v)).then_some(Culprit { key, inner })
    })
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let source = RoutineSource {
            name: "t.toml".into(),
            text: text.into(),
            folder: None,
        };
        parse(&source)
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_misspelled_key_is_read_as_the_key_it_is_taken_for() {
        let text = "stillpoint = 1\ntitle = \"T\"\n[[step]]\ntitle = \"S\"\nkind = \"rest\"\n\
                    instructions = \"Rest.\"\nduratoin = \"6o\"\n";
        assert_eq!(
            messages(text),
            [
                "unknown key `duratoin` in step 1 (\"S\")",
                "`duration` in step 1 (\"S\") is not a duration",
            ]
        );
    }

    #[test]
    fn every_wrong_value_in_a_table_is_named_with_its_place() {
        let text = "stillpoint = 1\ntitle = \"T\"\n[sound]\ncues = 1\ncountdown = \"3\"\n\
                    [[step]]\ntitle = \"S\"\nkind = \"rest\"\ninstructions = \"Rest.\"\nduration = 50\n";
        assert_eq!(
            messages(text),
            [
                "wrong value for `cues` in [sound]: integer `1`",
                "wrong value for `countdown` in [sound]: string \"3\"",
            ]
        );
    }
}
