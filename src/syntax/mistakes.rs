//! The syntax mistakes a person who has never seen TOML makes, each said in
//! their words with the line as it should be, and repaired so the rest of
//! the file can still be checked: text without quotes, curly quotes, a
//! list's header with one bracket, a missing comma, an unclosed text.

use std::ops::Range;

use toml_parser::decoder::ScalarKind;
use toml_parser::parser::{Event, EventKind};
use toml_parser::{ParseError, Raw, Span};

use super::Shape;
use super::events::{Events, span};
use super::mends::Mend;
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
                depth += 1;
                in_inline_table.push(false);
            }
            EventKind::InlineTableOpen => {
                depth += 1;
                in_inline_table.push(true);
            }
            EventKind::ArrayClose | EventKind::InlineTableClose => {
                depth = depth.saturating_sub(1);
                in_inline_table.pop();
            }
            EventKind::Scalar => {
                let in_table = in_inline_table.last().copied().unwrap_or(false);
                let key = key.filter(|_| depth == 0 || in_table);
                let next = events.next_significant(index);
                scalar(events, event, key, in_table, next, &mut found);
            }
            EventKind::Newline if depth == 0 => key = None,
            _ => {}
        }
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
) {
    let raw = events.raw(event);
    let at = span(event);
    // The parser stands an empty value in for one it could not find.
    if raw.is_empty() {
        return;
    }
    match event.encoding() {
        Some(_) => unclosed(raw, at, found),
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

const CURLY_DOUBLE: [char; 4] = ['\u{201c}', '\u{201d}', '\u{201e}', '\u{201f}'];
const CURLY_SINGLE: [char; 3] = ['\u{2018}', '\u{2019}', '\u{201a}'];

/// A value without quotes: a number, `true` and the like are fine; text is
/// a mistake, and so is text in curly quotes or a missing comma.
fn unquoted(
    raw: &str,
    at: Range<usize>,
    key: Option<&str>,
    in_inline_table: bool,
    next: Option<&Event>,
    found: &mut Found,
) {
    let written = raw.trim();
    if written.is_empty() || decodes(written) {
        return;
    }
    let lead = raw.len() - raw.trim_start().len();
    let at = at.start + lead..at.start + lead + written.len();
    let first = written.chars().next().unwrap_or(' ');
    let last = written.chars().next_back().unwrap_or(' ');
    if CURLY_DOUBLE.contains(&first) || CURLY_SINGLE.contains(&first) {
        return curly(written, at, key, first, last, found);
    }
    let assignment_follows = next.is_some_and(|e| e.kind() == EventKind::Error);
    if in_inline_table
        && assignment_follows
        && let Some((value, next_key)) = written.split_once(char::is_whitespace)
        && (decodes(value) || value.starts_with('"'))
    {
        let comma_at = at.start + value.len();
        found.diagnostics.push(
            Diagnostic::error(format!(
                "a `,` is missing between `{value}` and `{}`",
                next_key.trim()
            ))
            .at(comma_at..comma_at + 1)
            .help("inside `{ … }`, put a `,` between each pair: `{ inhale = 4, exhale = 6 }`"),
        );
        found.mends.push(Mend::insert(comma_at, ","));
        return;
    }
    if written.contains(['"', '\\']) {
        return;
    }
    let quoted = format!("\"{written}\"");
    let example = match key {
        Some(key) => format!("{key} = {quoted}"),
        None => quoted.clone(),
    };
    found.diagnostics.push(
        Diagnostic::error(format!("text must be in straight quotes: `{example}`"))
            .at(at.clone())
            .help("only numbers, `true` and `false` are written without quotes"),
    );
    found.mends.push(Mend::new(at, quoted));
}

/// Text between curly quotes, as word processors write them.
fn curly(
    written: &str,
    at: Range<usize>,
    key: Option<&str>,
    first: char,
    last: char,
    found: &mut Found,
) {
    let inner = written
        .strip_prefix(first)
        .unwrap_or(written)
        .strip_suffix(last)
        .filter(|_| CURLY_DOUBLE.contains(&last) || CURLY_SINGLE.contains(&last))
        .unwrap_or_else(|| written.strip_prefix(first).unwrap_or(written));
    let quoted = format!("\"{inner}\"");
    let example = match key {
        Some(key) => format!("`{key} = {quoted}`"),
        None => format!("`{quoted}`"),
    };
    let (open, close) = if CURLY_SINGLE.contains(&first) {
        ("\u{2018}", "\u{2019}")
    } else {
        ("\u{201c}", "\u{201d}")
    };
    found.diagnostics.push(
        Diagnostic::error(format!("replace {open} {close} with straight quotes \""))
            .at(at.clone())
            .help(format!(
                "write {example}; curly quotes come from word processors, and TOML reads only straight ones"
            )),
    );
    if !inner.contains(['"', '\\']) {
        found.mends.push(Mend::new(at, quoted));
    }
}

/// Whether `written` is a value TOML takes without quotes: a number, a
/// boolean, a date or time.
fn decodes(written: &str) -> bool {
    let raw = Raw::new_unchecked(written, None, Span::new_unchecked(0, written.len()));
    let mut error: Option<ParseError> = None;
    let kind = raw.decode_scalar(&mut (), &mut error);
    error.is_none() && kind != ScalarKind::String
}
