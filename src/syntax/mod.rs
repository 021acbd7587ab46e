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
    /// Every repair comes with an error, so a mended file is never taken.
    pub mended: Mended,
    /// The syntax mistakes and TOML 1.1 warnings, at places in the text
    /// as written.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the mended text is worth checking further: false after a
    /// mistake that leaves the rest of the file unreadable.
    pub checkable: bool,
}

/// Reads `text`'s syntax. It does not parse the file as TOML: the check
/// that follows does that, once, and tells what TOML still finds wrong
/// with [`explain`].
pub fn read(text: &str, shape: &Shape) -> Reading {
    let written = Events::of(text);
    let mut diagnostics = toml_versions::warnings(&written);
    let (invisible, mends) = invisible::find(&written);
    diagnostics.extend(invisible);
    let mut mended = Mended::new(text);
    mended.apply(mends);

    let found = if mended.is_mended() {
        mistakes::find(&Events::of(&mended.text), shape)
    } else {
        mistakes::find(&written, shape)
    };
    diagnostics.extend(found.diagnostics.into_iter().map(|d| back(d, &mended)));
    mended.apply(found.mends);
    Reading {
        mended,
        diagnostics,
        checkable: !found.beyond_repair,
    }
}

impl Reading {
    /// The diagnostics of the check of the mended text, moved to the text
    /// as written, after the syntax's own: all of them in the file's order.
    pub fn merge(self, checked: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics;
        diagnostics.extend(checked.into_iter().map(|d| back(d, &self.mended)));
        diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        diagnostics
    }
}

/// A TOML error in `text` that no explained mistake accounts for, in the
/// parser's words made plain.
pub fn explain(error: &toml::de::Error, text: &str) -> Diagnostic {
    parser_words::explain(error, text)
}

/// A diagnostic about the mended text, moved to the text as written.
fn back(mut diagnostic: Diagnostic, mended: &Mended) -> Diagnostic {
    diagnostic.span = diagnostic.span.map(|s| mended.original(&s));
    diagnostic
}
