//! Values written without quotes: numbers, `true` and dates are fine;
//! words are text that needs quotes, and so are words in curly quotes from
//! a word processor; a value and a key run together lack a comma.

use std::ops::Range;

use toml_parser::decoder::ScalarKind;
use toml_parser::parser::{Event, EventKind};
use toml_parser::{ParseError, Raw, Span};

use super::mends::Mend;
use super::mistakes::Found;
use crate::diagnostic::Diagnostic;

const CURLY_DOUBLE: [char; 4] = ['\u{201c}', '\u{201d}', '\u{201e}', '\u{201f}'];
const CURLY_SINGLE: [char; 3] = ['\u{2018}', '\u{2019}', '\u{201a}'];
/// The curly quotes that close a text.
const CLOSING: [char; 3] = ['\u{201d}', '\u{2019}', '\u{201c}'];

/// A value without quotes: a number, `true` and the like are fine; text is
/// a mistake, and so is text in curly quotes or a missing comma.
pub(super) fn unquoted(
    text: &str,
    at: Range<usize>,
    key: Option<&str>,
    in_inline_table: bool,
    next: Option<&Event>,
    found: &mut Found,
) -> Option<Bare> {
    let raw = text.get(at.clone()).unwrap_or("");
    let written = raw.trim();
    if written.is_empty() || decodes(written) {
        return None;
    }
    let lead = raw.len() - raw.trim_start().len();
    let at = at.start + lead..at.start + lead + written.len();
    let first = written.chars().next().unwrap_or(' ');
    let last = written.chars().next_back().unwrap_or(' ');
    if CURLY_DOUBLE.contains(&first) || CURLY_SINGLE.contains(&first) {
        curly(text, at, key, first, last, found);
        return None;
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
        return None;
    }
    if ["true", "false"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(written))
    {
        let word = written.to_ascii_lowercase();
        found.diagnostics.push(
            Diagnostic::error(format!("write `{word}` in small letters"))
                .at(at.clone())
                .help("`true` and `false` are written in small letters, without quotes"),
        );
        found.mends.push(Mend::new(at, word));
        return None;
    }
    // A backslash starts an escape in "…", not in '…': a Windows path
    // goes in single quotes.
    let quoted = match (written.contains('\\'), written.contains(['"', '\''])) {
        (_, true) => return None,
        (true, false) => format!("'{written}'"),
        (false, false) => format!("\"{written}\""),
    };
    Some(Bare { at, quoted })
}

/// A word or words written without quotes, and the same in quotes.
pub(super) struct Bare {
    pub at: Range<usize>,
    pub quoted: String,
}

/// A list being read, whose words without quotes are told of together.
pub(super) struct List<'t> {
    pub open: usize,
    pub key: Option<&'t str>,
    pub bare: Vec<Bare>,
}

pub(super) fn bare_text(key: Option<&str>, bare: Bare, found: &mut Found) {
    let example = match key {
        Some(key) => format!("{key} = {}", bare.quoted),
        None => bare.quoted.clone(),
    };
    quotes_needed(&example, bare.at.clone(), found);
    found.mends.push(Mend::new(bare.at, bare.quoted));
}

/// Every word of one list written without quotes: one error, with the list
/// as it should be.
pub(super) fn bare_list(text: &str, list: List<'_>, end: usize, found: &mut Found) {
    let (Some(first), Some(last)) = (list.bare.first(), list.bare.last()) else {
        return;
    };
    if list.bare.len() == 1 {
        return list
            .bare
            .into_iter()
            .for_each(|b| bare_text(None, b, found));
    }
    let at = first.at.start..last.at.end;
    let mut written = String::new();
    let mut copied = list.open;
    for bare in &list.bare {
        written.push_str(text.get(copied..bare.at.start).unwrap_or(""));
        written.push_str(&bare.quoted);
        copied = bare.at.end;
    }
    written.push_str(text.get(copied..end).unwrap_or(""));
    let example = match list.key {
        Some(key) => format!("{key} = {written}"),
        None => written,
    };
    quotes_needed(&example, at, found);
    for bare in list.bare {
        found.mends.push(Mend::new(bare.at, bare.quoted));
    }
}

fn quotes_needed(example: &str, at: Range<usize>, found: &mut Found) {
    found.diagnostics.push(
        Diagnostic::error(format!("text must be in straight quotes: `{example}`"))
            .at(at)
            .help("only numbers, `true` and `false` are written without quotes"),
    );
}

/// Text between curly quotes, as word processors write them.
fn curly(
    text: &str,
    mut at: Range<usize>,
    key: Option<&str>,
    first: char,
    mut last: char,
    found: &mut Found,
) {
    // TOML ends a value without quotes at a `,` or `#`, which text in curly
    // quotes may hold: it runs to the last closing curly quote on its line.
    if !CLOSING.contains(&last) {
        let line = &text[at.start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        if let Some((i, c)) = line.char_indices().rev().find(|(_, c)| CLOSING.contains(c))
            && i > 0
        {
            at.end = at.start + i + c.len_utf8();
            last = c;
            found.skip_until = at.end;
        }
    }
    let written = &text[at.clone()];
    let inner = written
        .strip_prefix(first)
        .unwrap_or(written)
        .strip_suffix(last)
        .filter(|_| CLOSING.contains(&last))
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
