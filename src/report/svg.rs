//! The report's two charts as inline SVG: a calendar of the days (each
//! kind of day its own shape, so it reads without colour and in black
//! and white) and the worst pain of each day over the period.

use std::fmt::Write;

use chrono::Datelike;

use crate::journal::diary::{Day, DayKind};

/// One calendar cell's size and the gap around it, in SVG units.
const CELL: f64 = 10.0;
const GAP: f64 = 2.0;
/// Room for the weekday names on the left and the months on top.
const LEFT: f64 = 14.0;
const TOP: f64 = 10.0;

/// The shape of one kind of day at `(x, y)`, `CELL` wide.
pub fn day_shape(kind: DayKind, x: f64, y: f64) -> String {
    let c = CELL;
    match kind {
        DayKind::Headache => {
            format!(r#"<rect x="{x}" y="{y}" width="{c}" height="{c}" rx="1.5" class="headache"/>"#)
        }
        DayKind::PainWithoutAttack => format!(
            r#"<rect x="{x}" y="{y}" width="{c}" height="{c}" rx="1.5" class="free"/><path d="M{x} {y2} L{x2} {y} L{x2} {y2} Z" class="pain"/>"#,
            x2 = x + c,
            y2 = y + c
        ),
        DayKind::HeadacheFree => {
            format!(r#"<rect x="{x}" y="{y}" width="{c}" height="{c}" rx="1.5" class="free"/>"#)
        }
        DayKind::NotRecorded => format!(
            r#"<circle cx="{}" cy="{}" r="1.2" class="none"/>"#,
            x + c / 2.0,
            y + c / 2.0
        ),
    }
}

/// The calendar: a column a week (Monday first), a row a weekday.
pub fn calendar(days: &[Day]) -> String {
    let Some(first) = days.first() else {
        return String::new();
    };
    let lead = first.date.weekday().num_days_from_monday() as usize;
    let weeks = (lead + days.len()).div_ceil(7);
    let step = CELL + GAP;
    let width = LEFT + weeks as f64 * step;
    let height = TOP + 7.0 * step;
    let mut svg = format!(
        r#"<svg class="calendar" viewBox="0 0 {width} {height}" role="img" aria-label="Calendar of headache days"><title>Calendar of headache days</title>"#
    );
    for (row, name) in ["M", "T", "W", "T", "F", "S", "S"].iter().enumerate() {
        if row % 2 == 0 {
            let _ = write!(
                svg,
                r#"<text x="0" y="{}" class="label">{name}</text>"#,
                TOP + row as f64 * step + CELL - 2.0
            );
        }
    }
    let mut month = None;
    for (i, day) in days.iter().enumerate() {
        let slot = lead + i;
        let (week, row) = (slot / 7, slot % 7);
        let x = LEFT + week as f64 * step;
        // A month is named over the column of its first Monday, or the
        // first column; not when only its last days are in that column,
        // where its name would run into the next one's.
        if month != Some(day.date.month()) && (row == 0 || i == 0) {
            month = Some(day.date.month());
            if !(i == 0 && day.date.day() > 20) {
                let _ = write!(
                    svg,
                    r#"<text x="{x}" y="7" class="label">{}</text>"#,
                    day.date.format("%b")
                );
            }
        }
        let y = TOP + row as f64 * step;
        let _ = write!(
            svg,
            "<g><title>{}: {}</title>{}</g>",
            day.date.format("%a %-d %b %Y"),
            kind_words(day.kind),
            day_shape(day.kind, x, y)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// What a kind of day is, in words.
pub fn kind_words(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Headache => "headache",
        DayKind::PainWithoutAttack => "pain without an attack",
        DayKind::HeadacheFree => "headache-free",
        DayKind::NotRecorded => "not recorded",
    }
}

/// The chart's drawing area, in SVG units.
const CHART_W: f64 = 300.0;
const CHART_H: f64 = 80.0;
const AXIS: f64 = 16.0;

/// The worst pain of each day (0–10) as dots, joined from one day to the
/// next; a day without a rating leaves a gap. Headache days are marked
/// by a bar under the axis.
pub fn pain_chart(days: &[Day]) -> String {
    let n = days.len().max(1) as f64;
    let x = |i: usize| AXIS + (i as f64 + 0.5) * CHART_W / n;
    let y = |pain: u8| 4.0 + (10.0 - f64::from(pain)) * (CHART_H - 8.0) / 10.0;
    let mut svg = format!(
        r#"<svg class="pain" viewBox="0 0 {} {}" role="img" aria-label="Worst pain of each day"><title>Worst pain of each day, 0 to 10</title>"#,
        AXIS + CHART_W + 2.0,
        CHART_H + 22.0
    );
    for pain in [0u8, 5, 10] {
        let _ = write!(
            svg,
            r#"<line x1="{AXIS}" x2="{}" y1="{y}" y2="{y}" class="grid"/><text x="{}" y="{}" class="label" text-anchor="end">{pain}</text>"#,
            AXIS + CHART_W,
            AXIS - 3.0,
            y(pain) + 3.0,
            y = y(pain)
        );
    }
    let mut month = None;
    for (i, day) in days.iter().enumerate() {
        let named = !(i == 0 && day.date.day() > 20);
        if month != Some(day.date.month()) && named {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" class="label">{}</text>"#,
                x(i) - 1.0,
                CHART_H + 20.0,
                day.date.format("%-d %b")
            );
        }
        month = Some(day.date.month());
        if day.kind == DayKind::Headache {
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="{}" height="4" class="headache"/>"#,
                x(i) - CHART_W / n / 2.0,
                CHART_H + 4.0,
                (CHART_W / n).max(0.5)
            );
        }
    }
    let mut path = String::new();
    let mut joined = false;
    for (i, day) in days.iter().enumerate() {
        match day.worst_pain {
            Some(p) => {
                let _ = write!(
                    path,
                    "{}{:.1} {:.1} ",
                    if joined { "L" } else { "M" },
                    x(i),
                    y(p)
                );
                joined = true;
            }
            None => joined = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(svg, r#"<path d="{}" class="line"/>"#, path.trim_end());
    }
    let radius = (CHART_W / n / 2.5).clamp(0.6, 2.2);
    for (i, day) in days.iter().enumerate() {
        if let Some(p) = day.worst_pain {
            let _ = write!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" class="dot"><title>{}: pain {p}</title></circle>"#,
                x(i),
                y(p),
                day.date.format("%-d %b")
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
