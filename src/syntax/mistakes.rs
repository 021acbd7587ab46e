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
    /// Where the parts of the line already told of end.
    pub skip_until: usize,
}

/// What a value sits in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Table,
}

pub fn find(events: &Events<'_>, shape: &Shape) -> Found {
    let mut found = Found::default();
    let mut key_start: Option<usize> = None;
    let mut key: Option<&str> = None;
    let mut header: Option<(&Event, Vec<&str>)> = None;
    // The `[ … ]` and `{ … }` a value is in, innermost last.
    let mut containers: Vec<Container> = Vec::new();
    let mut lists: Vec<List<'_>> = Vec::new();
    // The end of the last whole value, while nothing has followed it.
    let mut value_end: Option<usize> = None;
    for (index, event) in events.list.iter().enumerate() {
        let innermost = containers.last().copied();
        if span(event).start < found.skip_until {
            continue;
        }
        match event.kind() {
            EventKind::Whitespace | EventKind::Comment => continue,
            // A line's end ends what was half written on it.
            EventKind::Newline if containers.is_empty() => {
                (key, key_start, header) = (None, None, None);
            }
            EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                header = Some((event, Vec::new()));
            }
            EventKind::SimpleKey => {
                if let Some((_, path)) = header.as_mut() {
                    path.push(events.raw(event));
                } else if key_start.is_none() {
                    key_start = Some(span(event).start);
                }
                if let (Some(end), Some(Container::Table)) = (value_end, innermost) {
                    missing_comma(end, events.raw(event), &mut found);
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
                lists.push(List {
                    open: span(event).start,
                    key: key.filter(|_| innermost != Some(Container::List)),
                    bare: Vec::new(),
                });
                containers.push(Container::List);
            }
            EventKind::InlineTableOpen => containers.push(Container::Table),
            EventKind::ArrayClose | EventKind::InlineTableClose => {
                if containers.pop() == Some(Container::List)
                    && let Some(list) = lists.pop()
                {
                    bare_list(events.text, list, span(event).end, &mut found);
                }
            }
            EventKind::Scalar => {
                let in_table = innermost == Some(Container::Table);
                let key = key.filter(|_| innermost != Some(Container::List));
                let next = events.next_significant(index);
                match (
                    scalar(events, event, key, in_table, next, &mut found),
                    lists.last_mut(),
                ) {
                    (Some(bare), Some(list)) if innermost == Some(Container::List) => {
                        list.bare.push(bare);
                    }
                    (Some(bare), _) => bare_text(key, bare, &mut found),
                    (None, _) => {}
                }
            }
            _ => {}
        }
        let ends_value = matches!(
            event.kind(),
            EventKind::Scalar | EventKind::ArrayClose | EventKind::InlineTableClose
        );
        value_end = ends_value.then(|| span(event).end);
    }
    // Lists cut off at the end of the file: their words are told of one by one.
    for list in lists {
        list.bare
            .into_iter()
            .for_each(|b| bare_text(None, b, &mut found));
    }
    found
}

/// A key straight after a value in `{ … }`, with no `,` between them.
fn missing_comma(after: usize, next_key: &str, found: &mut Found) {
    found.diagnostics.push(
        Diagnostic::error(format!("a `,` is missing before `{next_key}`"))
            .at(after..after + 1)
            .help("inside `{ … }`, put a `,` between each pair: `{ inhale = 4, exhale = 6 }`"),
    );
    found.mends.push(Mend::insert(after, ","));
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
        None => unquoted(events.text, at, key, in_inline_table, next, found),
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
    let closed = raw
        .strip_prefix(quote)
        .and_then(|body| body.strip_suffix(quote))
        .is_some_and(|body| quote == '\'' || !ends_escaped(body));
    if closed {
        return;
    }
    // The lexer ends an unclosed text at the line's end, `\r` included.
    let line = raw.strip_suffix('\r').unwrap_or(raw);
    let end = at.start + line.len();
    let curly = line
        .char_indices()
        .next_back()
        .filter(|(i, c)| *i > 0 && ['\u{201d}', '\u{2019}', '\u{201c}'].contains(c));
    if let Some((i, c)) = curly {
        let at = at.start + i..end;
        found.diagnostics.push(
            Diagnostic::error(format!("this text ends with a curly quote {c}"))
                .at(at.clone())
                .help(format!(
                    "replace {c} with a straight {quote}; curly quotes come from word processors"
                )),
        );
        found.mends.push(Mend::new(at, quote.to_string()));
        return;
    }
    found.diagnostics.push(
        Diagnostic::error(format!("this text has no closing {quote}"))
            .at(at.start..at.start + 1)
            .help(format!(
                "end the text with {quote} on the same line; for text over several lines, use {triple} at both ends"
            )),
    );
    found.mends.push(Mend::insert(end, quote.to_string()));
}

/// Whether the quote after `body` is escaped: an odd run of `\` ends it.
fn ends_escaped(body: &str) -> bool {
    body.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1
}
