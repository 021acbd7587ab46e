//! Characters that cannot be seen, pasted in from a word processor, a web
//! page or a chat: TOML reads them as neither space nor text, and the
//! author sees nothing wrong on the line. Each is named with its code point.

use toml_parser::parser::EventKind;

use super::events::{Events, span};
use super::mends::Mend;
use crate::diagnostic::Diagnostic;

/// The invisible characters a person may paste, and their names.
const NAMES: &[(char, &str)] = &[
    ('\u{00a0}', "no-break space"),
    ('\u{00ad}', "soft hyphen"),
    ('\u{2000}', "en quad"),
    ('\u{2001}', "em quad"),
    ('\u{2002}', "en space"),
    ('\u{2003}', "em space"),
    ('\u{2004}', "three-per-em space"),
    ('\u{2005}', "four-per-em space"),
    ('\u{2006}', "six-per-em space"),
    ('\u{2007}', "figure space"),
    ('\u{2008}', "punctuation space"),
    ('\u{2009}', "thin space"),
    ('\u{200a}', "hair space"),
    ('\u{200b}', "zero width space"),
    ('\u{200c}', "zero width non-joiner"),
    ('\u{200d}', "zero width joiner"),
    ('\u{200e}', "left-to-right mark"),
    ('\u{200f}', "right-to-left mark"),
    ('\u{2028}', "line separator"),
    ('\u{2029}', "paragraph separator"),
    ('\u{202f}', "narrow no-break space"),
    ('\u{205f}', "medium mathematical space"),
    ('\u{2060}', "word joiner"),
    ('\u{3000}', "ideographic space"),
    ('\u{feff}', "zero width no-break space (byte order mark)"),
];

pub fn name(c: char) -> Option<&'static str> {
    NAMES.iter().find(|(n, _)| *n == c).map(|(_, name)| *name)
}

/// Every invisible character outside quoted text and comments, where TOML
/// stumbles on it, each replaced by a plain space or, if it has no width,
/// taken out. (A byte order mark at the very start is skipped by the
/// lexer: it is TOML 1.1's to judge.)
pub fn find(events: &Events<'_>) -> (Vec<Diagnostic>, Vec<Mend>) {
    let mut diagnostics = Vec::new();
    let mut mends = Vec::new();
    for event in &events.list {
        let quoted = event.kind() == EventKind::Scalar && event.encoding().is_some();
        if quoted || event.kind() == EventKind::Comment {
            continue;
        }
        let start = span(event).start;
        for (offset, c) in events.raw(event).char_indices() {
            let at = start + offset;
            let Some(name) = name(c) else {
                continue;
            };
            let at = at..at + c.len_utf8();
            diagnostics.push(
                Diagnostic::error(format!(
                    "an invisible character is here: U+{:04X} ({name})",
                    c as u32
                ))
                .at(at.clone())
                .help(
                    "delete it and type a plain space if one is needed; it came with pasted text",
                ),
            );
            // A space where the character stood for one; nothing where it
            // had no width, so that a word it sat in is whole again.
            let spacing = c.is_whitespace();
            mends.push(Mend::new(at, if spacing { " " } else { "" }));
        }
    }
    (diagnostics, mends)
}
