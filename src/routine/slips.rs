//! Values that are valid but probably not what the author meant: a bare
//! number taken as seconds where minutes were likely meant, a breathing
//! duration that whole breaths do not fill, a rest between repeats longer
//! than the step. Each is a warning that says what the file does as written.

use std::ops::Range;
use std::time::Duration;

use super::duration::format;
use super::raw::DurationText;
use super::spans::Place;
use crate::diagnostic::Diagnostic;

/// Below this, a bare number for a step's length was more likely meant in
/// minutes: nobody holds a compress for 5 seconds.
const FEW_SECONDS: i128 = 10;

/// `duration = 1`: one second, as written; "1m" was likely meant.
pub fn bare_seconds(
    key: &str,
    text: &DurationText,
    place: &Place,
    span: Range<usize>,
) -> Option<Diagnostic> {
    let DurationText::Seconds(n @ 1..FEW_SECONDS) = *text else {
        return None;
    };
    let unit = if n == 1 { "second" } else { "seconds" };
    Some(
        Diagnostic::warning(format!(
            "`{key}` in {place} is {n} {unit} — did you mean \"{n}m\"?"
        ))
        .at(span)
        .help(format!(
            "a bare number is seconds: write \"{n}s\" to keep {n} {unit}, or \"{n}m\" for minutes"
        )),
    )
}

/// A breathing `duration` that is not a whole number of breaths: the step
/// lasts the `cycles` whole breaths that were made of it instead.
pub fn partial_breaths(
    place: &Place,
    asked: Duration,
    cycle: Duration,
    cycles: u32,
    span: Range<usize>,
) -> Option<Diagnostic> {
    let lasts = cycle.checked_mul(cycles)?;
    if lasts == asked {
        return None;
    }
    let breaths = if cycles == 1 { "breath" } else { "breaths" };
    Some(
        Diagnostic::warning(format!(
            "`duration` in {place} is {}, not a whole number of {} breaths: the step lasts {} ({cycles} {breaths})",
            format(asked),
            format(cycle),
            format(lasts)
        ))
        .at(span)
        .help(format!(
            "write `cycles = {cycles}` to say so, or a duration of {}",
            format(lasts)
        )),
    )
}

/// A rest between repeats longer than the step it separates.
pub fn long_between(
    place: &Place,
    between: Duration,
    step: Duration,
    span: Range<usize>,
) -> Option<Diagnostic> {
    if between <= step {
        return None;
    }
    Some(
        Diagnostic::warning(format!(
            "`between` in {place} is {}, longer than the step itself ({})",
            format(between),
            format(step)
        ))
        .at(span)
        .help("a rest between repeats is usually shorter than the step; check the unit"),
    )
}
