//! The TOML of a routine or program file, read for a person who has never
//! seen TOML: each syntax mistake explained in their words, repaired where
//! the intent is plain so that the rest of the file is still checked, and
//! what only TOML 1.1 allows warned of (editors read 1.0).

mod events;
mod invisible;
mod mends;
mod mistakes;
mod parser_words;
mod toml_versions;
mod unquoted;

use toml::de::DeTable;

use crate::diagnostic::Diagnostic;
use events::Events;
pub use mends::Mended;

/// The tables of a format: `[[step]]` is a list of tables, `[sound]` one.
pub struct Shape {
    pub lists: &'static [&'static str],
    pub tables: &'static [&'static str],
}

/// A file's text as far as its syntax goes.
pub struct Reading {
    /// The text with its mistakes repaired; the text as written if none.
    pub mended: Mended,
    /// The syntax mistakes and TOML 1.1 warnings, at places in the text
    /// as written.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the mended text is TOML, so its values can be checked.
    pub checkable: bool,
}

pub fn read(text: &str, shape: &Shape) -> Reading {
    let written = Events::of(text);
    let mut diagnostics = toml_versions::warnings(&written);
    let (invisible, mends) = invisible::find(&written);
    diagnostics.extend(invisible);
    let mut mended = Mended::new(text);
    mended.apply(mends);

    let events = Events::of(&mended.text);
    let found = mistakes::find(&events, shape);
    diagnostics.extend(found.diagnostics.into_iter().map(|d| back(d, &mended)));
    let mut checkable = !found.beyond_repair;
    mended.apply(found.mends);

    if checkable {
        let (_, errors) = DeTable::parse_recoverable(&mended.text);
        checkable = errors.is_empty();
        let explained: Vec<Diagnostic> = errors
            .iter()
            .map(|e| parser_words::explain(e, &mended.text))
            .map(|d| back(d, &mended))
            .collect();
        diagnostics.extend(explained);
    }
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    Reading {
        mended,
        diagnostics,
        checkable,
    }
}

/// A diagnostic about the mended text, moved to the text as written.
pub fn back(mut diagnostic: Diagnostic, mended: &Mended) -> Diagnostic {
    diagnostic.span = diagnostic.span.map(|s| mended.original(&s));
    diagnostic
}
