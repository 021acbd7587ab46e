//! How much of the printed page the report leaves for the program
//! section, so that the section takes the room there is and the report
//! stays one page. A rough estimate of the rest's height from what it
//! holds (blocks, flags, medication classes, routines, questions),
//! measured in headless Chromium on Letter paper, the shorter sheet; it
//! errs towards too tall, so the program is shown with fewer rows rather
//! than on a second page.

use super::Report;

/// The height a Letter sheet prints in, less the page's margins, in mm.
const PAGE: f64 = 259.0;
/// A line of text at the page's 8 pt.
pub const LINE: f64 = 3.4;
/// A table's row.
pub const ROW: f64 = 3.8;
/// A heading with the space around it.
pub const HEADING: f64 = 7.1;
/// What every page holds: the title and key figures, the headings and
/// frames of the tables, the calendar and pain chart, the footer, and
/// the space between them.
const FIXED: f64 = 110.0;

/// The lines `chars` characters take at about `per_line` a line.
pub fn lines(chars: usize, per_line: usize) -> f64 {
    chars.div_ceil(per_line).max(1) as f64
}

/// The mm of the page left below the rest of the report, with
/// `routines_shown` in its relief per routine, as if set in the page's
/// usual type (the smaller type, when `small`, holds about a tenth more).
pub fn left(report: &Report, routines_shown: usize, small: bool) -> f64 {
    let long = report.blocks.len() > 4;
    let blocks = report.blocks.len() as f64 * ROW;
    let flags = report
        .flags()
        .map(|(_, text)| lines(text.chars().count() + 25, 110) * ROW)
        .sum::<f64>()
        .max(ROW);
    let classes = report.medication_days.values().filter(|&&n| n > 0).count();
    let medication = match classes {
        0 => LINE,
        _ if long => lines(classes * 14, 55) * LINE,
        _ => (1 + classes) as f64 * ROW,
    };
    let midas = if report.midas.is_some() {
        5.0 * LINE
    } else {
        LINE
    };
    let relief = HEADING
        + LINE
        + 2.0 * ROW
        + report
            .relief
            .iter()
            .take(routines_shown)
            .map(|r| lines(r.routine.chars().count(), 24) * ROW)
            .sum::<f64>()
        + if report.relief.len() > routines_shown {
            LINE
        } else {
            0.0
        };
    let questions = if report.questions.is_empty() {
        0.0
    } else {
        HEADING
            + report
                .questions
                .iter()
                .map(|q| lines(q.chars().count(), 110) * LINE)
                .sum::<f64>()
    };
    let rest =
        FIXED + blocks + flags + (2.0 * HEADING + medication + midas).max(relief) + questions;
    if small {
        PAGE / 0.9 - rest
    } else {
        PAGE - rest
    }
}
