//! A file's text as TOML's parser sees it: headers, keys, `=`, values and
//! the space between them, each with its place. The parser goes on past
//! mistakes, so the parts after one are still seen.

use std::ops::Range;

use toml_parser::parser::{Event, EventKind, RecursionGuard};
use toml_parser::{ParseError, Source};

/// How deep values nest before the parser stops descending: the `toml`
/// crate's own limit.
const MAX_DEPTH: u32 = 80;

pub struct Events<'t> {
    pub text: &'t str,
    pub list: Vec<Event>,
}

impl<'t> Events<'t> {
    pub fn of(text: &'t str) -> Self {
        let source = Source::new(text);
        let tokens: Vec<_> = source.lex().collect();
        let mut list = Vec::new();
        let mut errors: Vec<ParseError> = Vec::new();
        // The parser descends into each `[` and `{`; as deep as TOML's own
        // reader goes, and no deeper, whatever the file holds.
        let mut guarded = RecursionGuard::new(&mut list, MAX_DEPTH);
        toml_parser::parser::parse_document(&tokens, &mut guarded, &mut errors);
        Self { text, list }
    }

    pub fn raw(&self, event: &Event) -> &'t str {
        self.text.get(span(event)).unwrap_or("")
    }

    /// The next event after `index` that is not space or a comment.
    pub fn next_significant(&self, index: usize) -> Option<&Event> {
        self.list[index + 1..].iter().find(|e| {
            !matches!(
                e.kind(),
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline
            )
        })
    }
}

pub fn span(event: &Event) -> Range<usize> {
    let span = event.span();
    span.start()..span.end()
}
