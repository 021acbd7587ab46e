//! The syntax mistakes a person who has never seen TOML makes, each said in
//! their words with the line as it should be, and repaired so the rest of
//! the file can still be checked: text without quotes, curly quotes, a
//! list's header with one bracket, a missing comma, an unclosed text.

use std::ops::Range;

use toml_parser::parser::{Event, EventKind};

use super::Shape;
use super::events::{Events, span};
use super::mends::Mend;
use super::unquoted::{Bare, List, bare_list, bare_text, unquoted};
use crate::diagnostic::Diagnostic;

/// What was found: diagnostics, repairs, and whether the file could be
/// repaired well enough to check the rest of it.
#[derive(Default)]
pub struct Found {
    pub diagnostics: Vec<Diagnostic>,
    pub mends: Vec<Mend>,
    pub beyond_repair: bool,
}

pub fn find(events: &Events<'_>, shape: &Shape) -> Found {
    let mut found = Found::default();
    let mut key_start: Option<usize> = None;
    let mut key: Option<&str> = None;
    let mut header: Option<(&Event, Vec<&str>)> = None;
    // How deep in `[ … ]` and `{ … }` a value is.
    let mut depth = 0usize;
    let mut in_inline_table = Vec::new();
    let mut lists: Vec<List<'_>> = Vec::new();
    for (index, event) in events.significant() {
        match event.kind() {
            EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                header = Some((event, Vec::new()))
            }
            EventKind::SimpleKey => {
                if let Some((_, path)) = header.as_mut() {
                    path.push(events.raw(event));
                } else if key_start.is_none() {
                    key_start = Some(span(event).start);
                }
            }
            EventKind::StdTableClose | EventKind::ArrayTableClose => {
                if let Some((open, path)) = header.take() {
                    wrong_brackets(open, event, &path, shape, &mut found);
                }
            }
            EventKind::KeyValSep => {
                key = key_start
                    .and_then(|start| events.text.get(start..span(event).start))
                    .map(str::trim);
                key_start = None;
            }
            EventKind::ArrayOpen => {
                let in_table = in_inline_table.last().copied().unwrap_or(false);
                lists.push(List {
                    open: span(event).start,
                    key: key.filter(|_| depth == 0 || in_table),
                    bare: Vec::new(),
                });
                depth += 1;
                in_inline_table.push(false);
            }
            EventKind::InlineTableOpen => {
                depth += 1;
                in_inline_table.push(true);
            }
            EventKind::ArrayClose | EventKind::InlineTableClose => {
                depth = depth.saturating_sub(1);
                let was_list = in_inline_table.pop() == Some(false);
                if let Some(list) = lists.pop_if(|_| was_list) {
                    bare_list(events.text, list, span(event).end, &mut found);
                }
            }
            EventKind::Scalar => {
                let in_table = in_inline_table.last().copied().unwrap_or(false);
                let in_list = in_inline_table.last() == Some(&false);
                let key = key.filter(|_| depth == 0 || in_table);
                let next = events.next_significant(index);
                match (
                    scalar(events, event, key, in_table, next, &mut found),
                    lists.last_mut(),
                ) {
                    (Some(bare), Some(list)) if in_list => list.bare.push(bare),
                    (Some(bare), _) => bare_text(key, bare, &mut found),
                    (None, _) => {}
                }
            }
            EventKind::Newline if depth == 0 => key = None,
            _ => {}
        }
    }
    // Lists never closed: their words are told of one by one.
    for list in lists {
        list.bare
            .into_iter()
            .for_each(|b| bare_text(None, b, &mut found));
    }
    found
}

/// `[step]` for a list's `[[step]]`, or `[[sound]]` for `[sound]`.
fn wrong_brackets(open: &Event, close: &Event, path: &[&str], shape: &Shape, found: &mut Found) {
    let [name] = path else { return };
    let whole = span(open).start..span(close).end;
    let single = open.kind() == EventKind::StdTableOpen;
    if single && shape.lists.contains(name) {
        found.diagnostics.push(
            Diagnostic::error(format!(
                "each {name} starts with `[[{name}]]`, two brackets"
            ))
            .at(whole)
            .help(format!(
                "write `[[{name}]]`: with one bracket, every {name} after the first is read as the same one"
            )),
        );
        found.mends.push(Mend::new(span(open), "[["));
        found.mends.push(Mend::new(span(close), "]]"));
    } else if !single && shape.tables.contains(name) {
        found.diagnostics.push(
            Diagnostic::error(format!(
                "`[{name}]` is written with one bracket on each side"
            ))
            .at(whole)
            .help(format!(
                "write `[{name}]`: there is only one `[{name}]` table"
            )),
        );
        found.mends.push(Mend::new(span(open), "["));
        found.mends.push(Mend::new(span(close), "]"));
    }
}

fn scalar(
    events: &Events<'_>,
    event: &Event,
    key: Option<&str>,
    in_inline_table: bool,
    next: Option<&Event>,
    found: &mut Found,
) -> Option<Bare> {
    let raw = events.raw(event);
    let at = span(event);
    // The parser stands an empty value in for one it could not find.
    if raw.is_empty() {
        return None;
    }
    match event.encoding() {
        Some(_) => {
            unclosed(raw, at, found);
            None
        }
        None => unquoted(raw, at, key, in_inline_table, next, found),
    }
}

/// A text in quotes whose closing quote is missing: pointed at where it
/// opened, where the author can see which text it is.
fn unclosed(raw: &str, at: Range<usize>, found: &mut Found) {
    let quote = ['"', '\'']
        .into_iter()
        .find(|q| raw.starts_with(*q))
        .unwrap_or('"');
    let triple: String = std::iter::repeat_n(quote, 3).collect();
    if raw.starts_with(&triple) {
        if raw.len() < 6 || !raw.ends_with(&triple) {
            found.diagnostics.push(
                Diagnostic::error(format!("this text opens with {triple} and is never closed"))
                    .at(at.start..at.start + 3)
                    .help(format!(
                        "end it with {triple}; everything below it was read as part of the text"
                    )),
            );
            found.beyond_repair = true;
        }
        return;
    }
    let escaped = quote == '"' && ends_escaped(raw);
    if raw.len() >= 2 && raw.ends_with(quote) && !escaped {
        return;
    }
    found.diagnostics.push(
        Diagnostic::error(format!("this text has no closing {quote}"))
            .at(at.start..at.start + 1)
            .help(format!(
                "end the text with {quote} on the same line; for text over several lines, use {triple} at both ends"
            )),
    );
    found.mends.push(Mend::insert(at.end, quote.to_string()));
}

/// Whether a basic string's last quote is escaped (an odd run of `\` before it).
fn ends_escaped(raw: &str) -> bool {
    let body = &raw[..raw.len().saturating_sub(1)];
    body.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1
}
