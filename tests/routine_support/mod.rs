//! Routines for the engine tests: written in a test, or bundled.

#![allow(dead_code)] // each test file uses its own part

use std::time::Duration;

use stillpoint::library::BUNDLED;
use stillpoint::routine::{Routine, RoutineSource, parse};

pub fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// Parses a routine written in a test; it must have no errors.
pub fn routine(text: &str) -> Routine {
    let source = RoutineSource {
        name: "test.toml".into(),
        text: text.into(),
        folder: None,
    };
    let parsed = parse(&source);
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    parsed.routine.expect("a routine")
}

/// Every bundled routine, by file name.
pub fn bundled() -> Vec<(&'static str, Routine)> {
    BUNDLED
        .iter()
        .map(|(name, text)| {
            let parsed = parse(&RoutineSource::bundled(name, text));
            (*name, parsed.routine.expect(name))
        })
        .collect()
}
