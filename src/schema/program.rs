//! The program schema: the keys of `RawProgram`, held to the limits
//! `program::check` enforces.

use serde_json::{Value, json};

use super::text;
use super::{add, at, generate};
use crate::program::raw::RawProgram;
use crate::program::{MAX_A_WEEK, MAX_NOTES, MAX_TITLE, MAX_WEEKS};

const TOP: &str = "/properties";
const WEEK: &str = "/properties/week/items";
const SESSION: &str = "/properties/week/items/properties/sessions/items";

/// The program schema.
pub fn schema() -> Value {
    let mut schema = generate::<RawProgram>();
    let s = &mut schema;
    let notes = json!({ "maxLength": MAX_NOTES });

    add(s, &at(TOP, "stillpoint_program"), json!({ "const": 1 }));
    add(
        s,
        &at(TOP, "title"),
        json!({ "pattern": text::trimmed(MAX_TITLE) }),
    );
    add(s, &at(TOP, "notes"), notes.clone());
    // Each week is at least one, and plans at least one session: the
    // limits on all weeks and on a week's sessions bound how many are
    // written, too.
    add(
        s,
        &at(TOP, "week"),
        json!({ "minItems": 1, "maxItems": MAX_WEEKS }),
    );
    add(s, WEEK, json!({ "required": ["sessions"] }));
    add(s, &at(WEEK, "properties/notes"), notes);
    let repeat = json!({ "minimum": 1, "maximum": MAX_WEEKS });
    add(s, &at(WEEK, "properties/repeat"), repeat);
    let sessions = json!({ "minItems": 1, "maxItems": MAX_A_WEEK });
    add(s, &at(WEEK, "properties/sessions"), sessions);

    let either = json!({ "oneOf": [{ "required": ["times"] }, { "required": ["days"] }] });
    add(s, SESSION, either);
    let routine = json!({ "pattern": text::something() });
    add(s, &at(SESSION, "properties/routine"), routine);
    let times = json!({ "minimum": 1, "maximum": MAX_A_WEEK });
    add(s, &at(SESSION, "properties/times"), times);
    let days = json!({ "minItems": 1, "uniqueItems": true });
    add(s, &at(SESSION, "properties/days"), days);
    schema
}
