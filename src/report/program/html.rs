//! The program section as HTML, for the report's one page: one table
//! with a row a routine, a column a week, and the routine's relief at the
//! end of its row; and `program report` alone as a small page of its own.

use std::fmt::Write;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::{of, summary};
use crate::program::adherence::{Adherence, ProgramRelief, WeekPlan, WeekState};
use crate::report::html::{STYLE, esc};
use crate::report::room::{HEADING, LINE, ROW, lines};

/// The most columns of weeks; with more, the weeks to come after the
/// first are put together, then the earliest weeks.
pub const MAX_COLUMNS: usize = 6;

/// The most routines given rows on the report's page, and on the page
/// of the program alone; the rest are counted in the totals.
pub const MAX_ROUTINES: usize = 5;
pub const MAX_ROUTINES_ALONE: usize = 20;

/// `program report` as a page of its own.
pub fn render(a: &Adherence, made: DateTime<FixedOffset>) -> String {
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>Program report: {}</title><style>{STYLE}</style></head><body>\
         <h1>Program report</h1>\
         <p class=\"sub\">Made {} by Stillpoint from the person's own diary.</p>",
        esc(&a.title),
        made.format("%Y-%m-%d %H:%M")
    );
    section(
        &mut h,
        a,
        Form::Rows(a.relief.len().min(MAX_ROUTINES_ALONE)),
    );
    let _ = writeln!(h, "<footer>{MEANING}</footer></body></html>");
    h
}

/// What the section's figures mean, for the page's footer.
pub const MEANING: &str = "Program: sessions count as toward the weekly goal (at least half \
    played, on the day begun), more than planned not twice; relief is pain before minus after, \
    over the program's weeks.";

/// How much of the section a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The table with this many of the program's routines in rows, up to
    /// [`MAX_ROUTINES`] on the report's page; with none, the weeks'
    /// totals and each routine's relief in a line.
    Rows(usize),
    /// Only the summary, pointing to where the rest is.
    Line,
    /// Not on the page for want of room: counted in one line after the
    /// sections shown ([`left_out`]).
    Left,
}

/// The most of each section that fits in `room` mm of the report's page,
/// for the sections of `programs` one after another: the latest always
/// has its line, the earlier ones theirs as long as they fit (the rest
/// counted in a line), and the room beyond goes to the latest first.
pub fn forms_within(programs: &[Adherence], room: f64) -> Vec<Form> {
    let lines_of = |shown: usize| {
        let named: f64 = programs[programs.len() - shown..]
            .iter()
            .map(line_height)
            .sum();
        named + if shown < programs.len() { LINE } else { 0.0 }
    };
    let mut shown = programs.len();
    while shown > 1 && lines_of(shown) > room {
        shown -= 1;
    }
    let mut spare = room - lines_of(shown);
    let mut forms = vec![Form::Left; programs.len()];
    for (a, form) in programs.iter().zip(&mut forms).rev().take(shown) {
        *form = form_within(a, line_height(a) + spare);
        if let Form::Rows(rows) = *form {
            spare -= height(a, rows) - line_height(a);
        }
    }
    forms
}

/// The most of the section that fits in `room` mm of the report's page.
fn form_within(a: &Adherence, room: f64) -> Form {
    (0..=a.relief.len().min(MAX_ROUTINES))
        .rev()
        .find(|&rows| height(a, rows) <= room)
        .map_or(Form::Line, Form::Rows)
}

/// About how tall the section is with `rows` routine rows, in mm, with
/// its line in the footer.
fn height(a: &Adherence, rows: usize) -> f64 {
    let by = a.author.as_deref().map_or(0, |x| x.chars().count() + 5);
    let summary = lines(by + summary(a).chars().count(), 115) * LINE;
    let named: f64 = a
        .relief
        .iter()
        .take(rows)
        .map(|r| lines(r.routine.chars().count(), 30) * ROW)
        .sum();
    let more = if a.relief.len() > rows { LINE } else { 0.0 };
    let relief_line = if rows == 0 {
        lines(relief_in_a_line(a).chars().count(), 115) * LINE
    } else {
        0.0
    };
    HEADING + summary + 3.0 * LINE + named + ROW + more + relief_line + LINE
}

/// About how tall the section is as [`Form::Line`], in mm.
fn line_height(a: &Adherence) -> f64 {
    let by = a.author.as_deref().map_or(0, |x| x.chars().count() + 5);
    let more = 75;
    HEADING + lines(by + summary(a).chars().count() + more, 115) * LINE
}

/// The section, in `form`.
pub fn section(h: &mut String, a: &Adherence, form: Form) {
    let by = a
        .author
        .as_ref()
        .map(|author| format!("By {}. ", esc(author)))
        .unwrap_or_default();
    let more = match form {
        Form::Left => return,
        Form::Line if a.ended.is_some() => {
            " Each week, and the relief of each routine: <b>stillpoint report</b> as text."
        }
        Form::Line => {
            " Each week, and the relief of each routine: <b>stillpoint program report</b>."
        }
        Form::Rows(_) => "",
    };
    let _ = write!(
        h,
        "<h2>Program: {}</h2><p>{by}{}{more}</p>",
        esc(&a.title),
        esc(&summary(a))
    );
    if let Form::Rows(rows) = form {
        table(h, a, rows);
        if rows == 0 {
            let _ = write!(h, "<p>{}</p>", esc(&relief_in_a_line(a)));
        }
    }
}

/// How many programs in `forms` are not on the page, in a line, if any.
pub fn left_out(h: &mut String, forms: &[Form]) {
    let programs = match forms.iter().filter(|f| **f == Form::Left).count() {
        0 => return,
        1 => "1 more program".to_owned(),
        n => format!("{n} more programs"),
    };
    let _ = write!(
        h,
        "<p>Also followed earlier in this period: {programs} (in full in <b>stillpoint report</b> as text).</p>"
    );
}

/// The relief of every routine of the program in one paragraph, for a
/// page with no room for their rows.
fn relief_in_a_line(a: &Adherence) -> String {
    let each: Vec<String> = a
        .relief
        .iter()
        .take(MAX_ROUTINES)
        .map(|r| format!("{} {} {}", r.routine, before_after(r), relief_figure(r)))
        .collect();
    let more = match a.relief.len().saturating_sub(MAX_ROUTINES) {
        0 => String::new(),
        n => format!("; and {n} more routines (see the JSON report)"),
    };
    format!(
        "Relief within the program, mean pain before → after and relief (rated/done): {}{more}.",
        each.join("; ")
    )
}

/// One column of the table: a week, or weeks put together.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    numbers: (usize, usize),
    first: NaiveDate,
    last: NaiveDate,
    state: WeekState,
    planned: u32,
    done: u32,
    /// Done and planned of each of the program's routines; `None` where
    /// the weeks do not plan it.
    cells: Vec<Option<(u32, u32)>>,
}

impl Column {
    fn of(week: &WeekPlan, routines: &[&str]) -> Self {
        Column {
            numbers: (week.number, week.number),
            first: week.first,
            last: week.last,
            state: week.state,
            planned: week.planned,
            done: week.done,
            cells: routines
                .iter()
                .map(|name| {
                    week.routines
                        .iter()
                        .filter(|r| r.routine == *name)
                        .map(|r| (r.done, r.planned))
                        .reduce(|a, b| (a.0 + b.0, a.1 + b.1))
                })
                .collect(),
        }
    }

    /// `self` and the weeks of `other`, which come after, together.
    fn and(self, other: &Column) -> Self {
        Column {
            numbers: (self.numbers.0, other.numbers.1),
            last: other.last,
            planned: self.planned + other.planned,
            done: self.done + other.done,
            cells: self
                .cells
                .iter()
                .zip(&other.cells)
                .map(|(a, b)| match (a, b) {
                    (Some(a), Some(b)) => Some((a.0 + b.0, a.1 + b.1)),
                    (a, b) => a.or(*b),
                })
                .collect(),
            ..self
        }
    }
}

/// The columns for `a`'s weeks, at most [`MAX_COLUMNS`].
fn columns(a: &Adherence, routines: &[&str]) -> Vec<Column> {
    let mut columns: Vec<Column> = a.weeks.iter().map(|w| Column::of(w, routines)).collect();
    let together =
        |columns: Vec<Column>| columns.iter().skip(1).fold(columns[0].clone(), Column::and);
    if columns.len() > MAX_COLUMNS
        && let Some(to_come) = columns.iter().position(|c| c.state == WeekState::ToCome)
        && columns.len() - to_come > 2
    {
        let later = columns.split_off(to_come + 1);
        columns.push(together(later));
    }
    if columns.len() > MAX_COLUMNS {
        let rest = columns.split_off(columns.len() - MAX_COLUMNS + 1);
        columns = std::iter::once(together(columns)).chain(rest).collect();
    }
    columns
}

fn table(h: &mut String, a: &Adherence, rows: usize) {
    let names: Vec<&str> = a.relief.iter().map(|r| r.routine.as_str()).collect();
    let columns = columns(a, &names);
    h.push_str("<table class=\"program\"><tr><th>Week</th>");
    for c in &columns {
        let number = if c.numbers.0 == c.numbers.1 {
            c.numbers.0.to_string()
        } else {
            format!("{}–{}", c.numbers.0, c.numbers.1)
        };
        let state = match c.state {
            WeekState::Past => "",
            WeekState::InProgress => "<br>in progress",
            WeekState::ToCome => "<br>to come",
            WeekState::Stopped => "<br>stopped",
        };
        let _ = write!(
            h,
            "<th class=\"n\">{number}<br><span class=\"sub\">{}</span>{state}</th>",
            c.first.format("%-d %b")
        );
    }
    if rows > 0 {
        h.push_str(
            "<th class=\"n relief\">Mean pain<br>before → after</th>\
             <th class=\"n\">Relief<br>(rated/done)</th>",
        );
    }
    h.push_str("</tr>");
    let cell = |c: &Column, figures: Option<(u32, u32)>| match (figures, c.state) {
        (None, _) => "<td class=\"n sub\">–</td>".to_owned(),
        (Some((_, planned)), WeekState::ToCome) => {
            format!("<td class=\"n sub\">{planned} planned</td>")
        }
        (Some((done, planned)), _) => format!("<td class=\"n\">{}</td>", of(done, planned)),
    };
    for (row, relief) in a.relief.iter().enumerate().take(rows) {
        let _ = write!(h, "<tr><td>{}</td>", esc(&relief.routine));
        for c in &columns {
            h.push_str(&cell(c, c.cells[row]));
        }
        let _ = write!(
            h,
            "<td class=\"n relief\">{}</td><td class=\"n\">{}</td></tr>",
            before_after(relief),
            relief_figure(relief)
        );
    }
    h.push_str("<tr class=\"all\"><td>All planned</td>");
    for c in &columns {
        h.push_str(&cell(c, Some((c.done, c.planned))));
    }
    if rows > 0 {
        h.push_str("<td class=\"relief\"></td><td></td>");
    }
    h.push_str("</tr></table>");
    if let Some(more) = names.len().checked_sub(rows).filter(|&n| n > 0 && rows > 0) {
        let _ = write!(
            h,
            "<p>and {more} more routines, counted in “All planned” (see the JSON report).</p>"
        );
    }
}

/// `4.6 → 3.4`, or a dash when no session was rated.
fn before_after(r: &ProgramRelief) -> String {
    match (r.mean_pain_before, r.mean_pain_after) {
        (Some(before), Some(after)) => format!("{before:.1} → {after:.1}"),
        _ => "–".to_owned(),
    }
}

/// `+1.2 (5/6)`, as the report's relief per routine: signed, positive is
/// less pain.
fn relief_figure(r: &ProgramRelief) -> String {
    match r.mean_relief {
        Some(mean) => format!("{mean:+.1} ({}/{})", r.rated, r.sessions),
        None if r.sessions == 0 => "–".to_owned(),
        None => format!("– (0/{})", r.sessions),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::adherence::adherence;
    use crate::program::parse;
    use crate::program::schedule::Following;

    /// A program of `n` weeks alike from 1 Jan 2026, on the day `days`
    /// after its start.
    fn weeks_of(n: usize, days: u64) -> Adherence {
        let text = format!(
            "stillpoint_program = 1\ntitle = \"Long\"\n[[week]]\nrepeat = {n}\nsessions = [{{ routine = \"desk-reset\", times = 2 }}]\n"
        );
        let started = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let following = Following {
            program: parse(&text, &|_| Ok(())).program.unwrap(),
            started,
            ended: None,
        };
        let day = started + chrono::Days::new(days);
        adherence(&following, &[], day, day)
    }

    #[test]
    fn the_room_beyond_each_section_s_line_goes_to_the_latest_program() {
        let (earlier, latest) = (weeks_of(4, 40), weeks_of(4, 20));
        let lines = line_height(&earlier) + line_height(&latest);
        let both = [earlier.clone(), latest.clone()];
        assert_eq!(forms_within(&both, lines), [Form::Line, Form::Line]);
        let room = lines + height(&latest, 1) - line_height(&latest);
        assert_eq!(forms_within(&both, room), [Form::Line, Form::Rows(1)]);
        let room = room + height(&earlier, 1) - line_height(&earlier);
        assert_eq!(forms_within(&both, room), [Form::Rows(1), Form::Rows(1)]);
        // Without room for both lines, the earlier is counted in a line.
        let room = line_height(&latest) + LINE;
        assert_eq!(forms_within(&both, room), [Form::Left, Form::Line]);
        assert_eq!(forms_within(&both, 0.0), [Form::Left, Form::Line]);
        let mut h = String::new();
        left_out(&mut h, &[Form::Left, Form::Line]);
        assert_eq!(
            h,
            "<p>Also followed earlier in this period: 1 more program (in full in <b>stillpoint report</b> as text).</p>"
        );
    }

    #[test]
    fn a_short_program_has_a_column_a_week() {
        let c = columns(&weeks_of(6, 30), &["desk-reset"]);
        assert_eq!(c.len(), 6);
        assert_eq!(c[4].state, WeekState::InProgress, "day 30 is in week 5");
    }

    #[test]
    fn a_long_program_puts_weeks_to_come_then_the_earliest_together() {
        let c = columns(&weeks_of(52, 23), &["desk-reset"]);
        assert_eq!(c.len(), 6, "4 begun, the next, and the 47 after");
        assert_eq!(c[5].numbers, (6, 52));
        assert_eq!(c[5].planned, 47 * 2);
        assert_eq!(c[5].state, WeekState::ToCome);
        // On day 200, in week 29: weeks 1–26 together, then 27–29 one by
        // one, week 30, and 31–52.
        let c = columns(&weeks_of(52, 200), &["desk-reset"]);
        assert_eq!(c.len(), MAX_COLUMNS);
        assert_eq!(c[0].numbers, (1, 26));
        assert_eq!((c[0].planned, c[0].state), (26 * 2, WeekState::Past));
        assert_eq!(c[3].state, WeekState::InProgress);
        assert_eq!(c[MAX_COLUMNS - 1].numbers, (31, 52));
    }
}
