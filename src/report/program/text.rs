//! The program section as text, and `program report` alone.

use std::fmt::Write;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use super::{of, summary};
use crate::program::adherence::{
    Adherence, ProgramRelief, RoutineWeek, WeekPlan, WeekState, Where,
};
use crate::report::text::{clean, finished};
use crate::wrap::width;

/// `program report` as text: a line saying what it is, then the section.
pub fn render(a: &Adherence, made: DateTime<FixedOffset>, ascii: bool) -> String {
    let mut out = format!(
        "Program report, made {} by Stillpoint from the person's own diary.\n\n",
        made.format("%Y-%m-%d %H:%M")
    );
    section(&mut out, a);
    finished(&out, ascii)
}

/// The section's lines, not yet wrapped.
pub fn section(out: &mut String, a: &Adherence) {
    let _ = writeln!(out, "Program: {}", clean(&heading(a)));
    let _ = writeln!(out, "{}", summary(a));
    let mut weeks = a.weeks.iter().peekable();
    while let Some(week) = weeks.next() {
        let mut last = week;
        if week.state == WeekState::ToCome {
            while let Some(next) = weeks.next_if(|n| n.routines == week.routines) {
                last = next;
            }
        }
        let _ = writeln!(out, "{}", week_line(week, last));
    }
    let over = a.place == Where::Over || a.ended.is_some();
    let _ = writeln!(
        out,
        "Relief within the program, mean pain before → after (sessions rated of done):"
    );
    for r in &a.relief {
        let words = match relief_words(r) {
            none if r.sessions == 0 && !over => format!("{none} yet"),
            words => words,
        };
        let _ = writeln!(out, "  {}: {words}", clean(&r.routine));
    }
}

/// One week, or a run of weeks to come with the same plan, from `first`
/// to `last`: `Week 2, 10–16 Dec: 4 of 5 (desk-reset 2 of 3, …)`, in
/// lines of at most 80 columns broken between routines.
fn week_line(first: &WeekPlan, last: &WeekPlan) -> String {
    let mut head = if first.number == last.number {
        format!("  Week {}, {}", first.number, span(first.first, first.last))
    } else {
        format!(
            "  Weeks {}–{}, {}",
            first.number,
            last.number,
            span(first.first, last.last)
        )
    };
    if let Some(state) = state_words(first.state) {
        let _ = write!(head, ", {state}");
    }
    let each = |r: &RoutineWeek| match first.state {
        WeekState::ToCome => format!("{} {}", clean(&r.routine), r.planned),
        _ => format!("{} {}", clean(&r.routine), of(r.done, r.planned)),
    };
    let mut routines: Vec<String> = first.routines.iter().map(each).collect();
    let so_far = if first.state == WeekState::InProgress {
        " so far"
    } else {
        ""
    };
    if let [one] = routines.as_slice()
        && first.state != WeekState::ToCome
    {
        return format!("{head}: {one}{so_far}");
    }
    let total = match first.state {
        WeekState::ToCome if first.number != last.number => {
            format!("{} planned a week", first.planned)
        }
        WeekState::ToCome => format!("{} planned", first.planned),
        _ => format!("{}{so_far}", of(first.done, first.planned)),
    };
    let _ = write!(head, ": {total}");
    if let Some(first) = routines.first_mut() {
        first.insert(0, '(');
    }
    if let Some(last) = routines.last_mut() {
        last.push(')');
    }
    broken(&head, &routines)
}

/// `head` and `items` after it, separated by commas, in lines of at most
/// 80 columns broken only between items; the lines after the first
/// indented by four.
fn broken(head: &str, items: &[String]) -> String {
    let mut out = String::new();
    let mut line = head.to_owned();
    for (i, item) in items.iter().enumerate() {
        let item = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        if width(&line) + 1 + width(&item) > 80 {
            out.push_str(&line);
            out.push('\n');
            line = format!("    {item}");
        } else {
            line.push(' ');
            line.push_str(&item);
        }
    }
    out.push_str(&line);
    out
}

/// A span of days, the month once when both are in it: `3–9 Dec`,
/// `28 Dec – 3 Jan`.
fn span(first: NaiveDate, last: NaiveDate) -> String {
    if first.month() == last.month() {
        format!("{}–{}", first.day(), last.format("%-d %b"))
    } else {
        format!("{} – {}", first.format("%-d %b"), last.format("%-d %b"))
    }
}

/// The heading: `Desk tension, four weeks (by Stillpoint)`.
fn heading(a: &Adherence) -> String {
    match &a.author {
        Some(author) => format!("{} (by {})", a.title, author),
        None => a.title.clone(),
    }
}

/// A week's state in a few words, if it is not simply over.
fn state_words(state: WeekState) -> Option<&'static str> {
    match state {
        WeekState::Past => None,
        WeekState::InProgress => Some("in progress"),
        WeekState::ToCome => Some("to come"),
        WeekState::Stopped => Some("stopped"),
    }
}

/// A mean pain with one decimal.
fn pain(value: Option<f64>) -> String {
    crate::report::one_decimal(value)
}

/// Mean relief in words: `2.0 points less`, `0.5 more`, `no change`.
fn change_words(relief: f64) -> String {
    if relief.abs() < 0.05 {
        "no change".to_owned()
    } else if relief > 0.0 {
        format!("{relief:.1} points less")
    } else {
        format!("{:.1} points more", -relief)
    }
}

/// What the sessions of one routine did: `5.0 → 3.0, 2.0 points less
/// (4 rated of 5)`, or why there is no figure.
fn relief_words(r: &ProgramRelief) -> String {
    match r.mean_relief {
        Some(relief) => format!(
            "{} → {}, {} ({} rated of {})",
            pain(r.mean_pain_before),
            pain(r.mean_pain_after),
            change_words(relief),
            r.rated,
            r.sessions
        ),
        None if r.sessions == 0 => "none done".to_owned(),
        None => format!("{} done, none rated", r.sessions),
    }
}
