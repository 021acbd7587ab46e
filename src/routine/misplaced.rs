//! A key written in the wrong table: `ambient` in a step, `duration` above
//! the first step, `inhale` beside a step's `kind`. TOML puts a key in the
//! table of the header above it, so the fix is to move it, not to respell it.

use std::ops::Range;

use super::keys::key_sets;
use super::spans::Place;
use crate::diagnostic::Diagnostic;

/// The diagnostic for `key`, unknown in `place`, if it is a key of another table.
pub fn misplaced(key: &str, place: &Place, span: Range<usize>) -> Option<Diagnostic> {
    let sets = key_sets();
    let in_step = matches!(place, Place::Step { .. });
    let (home, help) = if matches!(place, Place::Pattern { .. }) && sets.step.contains(&key) {
        (
            "in the step, beside `pattern`".to_owned(),
            "take it out of `pattern = { … }` and write it on its own line in the step".to_owned(),
        )
    } else if !in_step && sets.step.contains(&key) {
        (
            "in a step".to_owned(),
            "move it below a `[[step]]` header, with the step's title and kind".to_owned(),
        )
    } else if !matches!(place, Place::Sound) && sets.sound.contains(&key) {
        (
            "under `[sound]`".to_owned(),
            "move it below the `[sound]` header (if the file has none, add `[sound]` above the first `[[step]]`)"
                .to_owned(),
        )
    } else if in_step && sets.pattern.contains(&key) {
        (
            "in the step's `pattern`".to_owned(),
            "write it inside the pattern: `pattern = { inhale = 4, exhale = 6 }`".to_owned(),
        )
    } else {
        return None;
    };
    let here = match place {
        Place::Top => "not at the top of the file".to_owned(),
        _ => format!("not in {place}"),
    };
    Some(
        Diagnostic::error(format!("`{key}` belongs {home}, {here}"))
            .at(span)
            .help(help),
    )
}
