//! What TOML 1.1 allows and TOML 1.0 does not. Stillpoint reads both, but
//! most editors and their checkers (taplo, Even Better TOML) read 1.0 and
//! mark such a file as broken, so each gets a warning with the 1.0 way.

use toml_parser::parser::EventKind;

use super::events::{Events, span};
use crate::diagnostic::Diagnostic;

const EDITORS: &str =
    "TOML 1.1 allows it, but most editors read TOML 1.0 and will mark the file as broken";

pub fn warnings(events: &Events<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if events.text.starts_with('\u{feff}') {
        out.push(
            Diagnostic::warning(format!(
                "the file starts with an invisible byte order mark (U+FEFF); {EDITORS}"
            ))
            .at(0..3)
            .help("save the file as \"UTF-8\", not \"UTF-8 with BOM\""),
        );
    }
    // The `[ … ]` and `{ … }` open, innermost last: a `{ … }` with its start
    // and whether a line ends inside it (and not in a list within it,
    // which TOML 1.0 allows).
    let mut open: Vec<Option<(usize, bool)>> = Vec::new();
    for (index, event) in events.list.iter().enumerate() {
        match event.kind() {
            EventKind::InlineTableOpen => open.push(Some((span(event).start, false))),
            EventKind::ArrayOpen => open.push(None),
            EventKind::Newline => {
                if let Some(Some((_, multi_line))) = open.last_mut() {
                    *multi_line = true;
                }
            }
            EventKind::ArrayClose => {
                open.pop();
            }
            EventKind::InlineTableClose => {
                let Some(Some((start, multi_line))) = open.pop() else {
                    continue;
                };
                if multi_line {
                    let end = span(event).end;
                    out.push(one_line(events.text, start..end));
                    // The table around it is then over several lines too.
                    if let Some(Some((_, outer))) = open.last_mut() {
                        *outer = true;
                    }
                }
            }
            EventKind::ValueSep if matches!(open.last(), Some(Some(_))) => {
                let closes = events
                    .next_significant(index)
                    .is_some_and(|e| e.kind() == EventKind::InlineTableClose);
                if closes {
                    out.push(
                        Diagnostic::warning(format!(
                            "a `,` after the last value in `{{ … }}`: {EDITORS}"
                        ))
                        .at(span(event))
                        .help("remove this `,`: in TOML 1.0 a comma only goes between two values"),
                    );
                }
            }
            EventKind::Scalar => escapes(events.raw(event), span(event).start, &mut out),
            _ => {}
        }
    }
    out
}

/// A `{ … }` written over several lines, with the same table on one line.
fn one_line(text: &str, at: std::ops::Range<usize>) -> Diagnostic {
    let written = text.get(at.clone()).unwrap_or("");
    let help = if written.contains('#') {
        "write the `{ … }` on one line, without comments inside it".to_owned()
    } else {
        let words: Vec<&str> = written.split_whitespace().collect();
        let line = words.join(" ").replace(", }", " }");
        format!("write it on one line: `{line}`")
    };
    Diagnostic::warning(format!("a `{{ … }}` over several lines: {EDITORS}"))
        .at(at.start..at.start + 1)
        .help(help)
}

/// The escapes TOML 1.1 added: `\e` and `\xHH`.
fn escapes(raw: &str, start: usize, out: &mut Vec<Diagnostic>) {
    if !raw.starts_with('"') {
        return;
    }
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let Some((_, escaped)) = chars.next() else {
            return;
        };
        let instead = match escaped {
            'e' => "\\u001B",
            'x' => "\\u00HH, with the same two digits",
            _ => continue,
        };
        out.push(
            Diagnostic::warning(format!("`\\{escaped}` in text: {EDITORS}"))
                .at(start + i..start + i + 2)
                .help(format!("write {instead} instead")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warned(text: &str) -> Vec<String> {
        warnings(&Events::of(text))
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_list_over_several_lines_inside_braces_is_toml_1_0() {
        let text = "s = [{ r = \"a\", days = [\n  \"mon\",\n] }]\n";
        assert!(warned(text).is_empty(), "{:?}", warned(text));
    }

    #[test]
    fn braces_over_several_lines_and_a_last_comma_are_toml_1_1() {
        let warnings = warned("p = {\n  a = 4,\n  b = 6,\n}\n");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let says = |words: &str| warnings.iter().any(|w| w.contains(words));
        assert!(says("over several lines"), "{warnings:?}");
        assert!(says("after the last value"), "{warnings:?}");
    }
}
