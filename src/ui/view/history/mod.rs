//! The history screen: this week against the goal, the streak, how much
//! sessions have eased the pain overall and per routine, a chart of pain
//! before and after week by week, and the latest sessions and check-ins.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget};

use super::text::{Glyphs, fit, glyphs, width, wrap};
use crate::journal::stats::{Average, Summary, WeekPain};
use crate::journal::{CheckIn, EndReason, Outcome, Record, Session};
use crate::ui::frame::Look;

mod chart;
#[cfg(test)]
mod tests;

/// The history screen.
pub struct HistoryView<'a> {
    /// The journal's figures, as [`crate::journal::stats::summarise`] makes them.
    pub summary: &'a Summary,
    /// The latest records, newest first; as many as fit are listed (about 8
    /// at 80×24).
    pub recent: &'a [Record],
    /// How many damaged journal lines were skipped when reading it.
    pub problems: usize,
    /// Why the journal could not be read at all, shown instead of "No
    /// sessions yet".
    pub unreadable: Option<&'a str>,
    pub look: Look,
}

/// Rows for the figures and the chart, side by side.
const TOP_ROWS: u16 = 10;
/// Columns for the chart at 80×24; it takes two fifths of a wider screen.
const CHART_CELLS: u16 = 34;
/// The most cells a title takes in the recent list, so the columns stay
/// near it on a wide screen.
const TITLE_CELLS: usize = 32;

/// `text` as a sentence: a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// "1 session", "2 sessions".
fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "eased by 2.3 points", "rose by 0.5 points", "stayed about the same".
fn change(mean: f64, by: &str) -> String {
    if mean >= 0.05 {
        format!("eased{by}{mean:.1}")
    } else if mean <= -0.05 {
        format!("rose{by}{:.1}", -mean)
    } else {
        "stayed about the same".into()
    }
}

/// The whole-journal relief in a sentence.
fn relief_sentence(overall: Option<Average>) -> String {
    match overall {
        None => {
            "No rated sessions yet: rate your pain before and after a session to see what helps."
                .into()
        }
        Some(a) => {
            let over = count(a.sessions, "rated session");
            match change(a.mean, " by ") {
                same if same.starts_with("stayed") => {
                    format!("Pain {same} on average, over {over}")
                }
                moved => format!("Pain {moved} points on average, over {over}"),
            }
        }
    }
}

impl Widget for &HistoryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        use Constraint::{Fill, Length};
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let inner = area.inner(Margin::new(1, 0));
        let problem_rows = u16::from(self.problems > 0);
        let [head, _, body, problems, keys] = Layout::vertical([
            Length(1),
            Length(1),
            Fill(1),
            Length(problem_rows),
            Length(1),
        ])
        .areas(inner);

        let s = self.summary;
        let name = "Stillpoint";
        let title = format!("{}history", g.sep);
        let all = match (s.sessions, s.checkins) {
            (0, 0) => String::new(),
            (n, 0) => format!("{} in all", count(n, "session")),
            (n, c) => format!(
                "{} and {} in all",
                count(n, "session"),
                count(c, "check-in")
            ),
        };
        let room = usize::from(head.width).saturating_sub(width(name) + width(&title) + 2);
        let all = fit(&all, room, g.more);
        let gap = usize::from(head.width).saturating_sub(width(name) + width(&title) + width(&all));
        Line::from(vec![
            Span::styled(name, palette.accent),
            Span::styled(title, palette.faint),
            Span::raw(" ".repeat(gap)),
            Span::styled(all, palette.faint),
        ])
        .render(head, buf);

        if s.sessions + s.checkins == 0 && self.recent.is_empty() {
            let words = match self.unreadable {
                Some(why) => format!("The journal could not be read. {}", sentence(why)),
                None => "No sessions yet. Your sessions will appear here.".to_owned(),
            };
            let words = words.as_str();
            let lines = wrap(words, body.width.into(), body.height.into(), g.more);
            let rows = u16::try_from(lines.len()).unwrap_or(0);
            Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>())
                .style(palette.text)
                .alignment(Alignment::Center)
                .render(body.centered_vertically(Length(rows)), buf);
        } else {
            let [top, _, recent] =
                Layout::vertical([Length(TOP_ROWS), Length(1), Fill(1)]).areas(body);
            let chart_cells = CHART_CELLS.max(top.width * 2 / 5);
            let [figures, chart] = Layout::horizontal([Fill(1), Length(chart_cells)])
                .spacing(2)
                .areas(top);
            self.figures(figures, buf);
            self.chart(chart, buf);
            self.recent(recent, buf);
        }

        if self.problems > 0 {
            let words = if self.problems == 1 {
                "1 damaged journal line was skipped".to_owned()
            } else {
                format!("{} damaged journal lines were skipped", self.problems)
            };
            Line::styled(fit(&words, problems.width.into(), g.more), palette.faint)
                .render(problems, buf);
        }
        Line::styled("Esc back", palette.faint).render(keys, buf);
    }
}

impl HistoryView<'_> {
    /// This week, the goal, the streak, and relief overall and per routine.
    fn figures(&self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let s = self.summary;
        let cells = usize::from(area.width);
        let minutes = s.this_week.minutes();
        let streak = match s.streak {
            0 => format!("Streak: none{}a session today starts one", g.dash),
            1 => "Streak: 1 day".into(),
            n => format!("Streak: {n} days in a row"),
        };
        let met = if s.goal.met() { " (met)" } else { "" };
        let mut lines = vec![
            Line::from(vec![
                Span::styled("This week: ", palette.accent),
                Span::styled(
                    format!("{}, {minutes} min", count(s.this_week.sessions, "session")),
                    palette.text,
                ),
            ]),
            Line::styled(format!("Goal: {}{met}", s.goal), palette.text),
            Line::styled(streak, palette.text),
            Line::default(),
        ];
        lines.extend(
            wrap(&relief_sentence(s.relief.overall), cells, 3, g.more)
                .into_iter()
                .map(|l| Line::styled(l, palette.text)),
        );

        // The routines played most first, as many as there is room for.
        let mut routines: Vec<_> = s.relief.per_routine.iter().collect();
        routines.sort_by(|a, b| b.sessions.cmp(&a.sessions).then(a.title.cmp(&b.title)));
        let room = usize::from(area.height).saturating_sub(lines.len());
        let shown = if routines.len() > room {
            room.saturating_sub(1)
        } else {
            routines.len()
        };
        for r in &routines[..shown] {
            let how = match r.relief {
                Some(a) => format!("{} ({} rated)", change(a.mean, " "), a.sessions),
                None => format!("{}, none rated", count(r.sessions, "session")),
            };
            let title = fit(&r.title, cells.saturating_sub(width(&how) + 2), g.more);
            lines.push(Line::from(vec![
                Span::styled(format!("{title}: "), palette.text),
                Span::styled(how, palette.faint),
            ]));
        }
        if shown < routines.len() && room > 0 {
            let more = routines.len() - shown;
            let noun = if more == 1 { "routine" } else { "routines" };
            lines.push(Line::styled(
                format!("and {more} more {noun}"),
                palette.faint,
            ));
        }
        for (row, line) in area.rows().zip(&lines) {
            buf.set_line(row.x, row.y, line, row.width);
        }
    }

    /// The latest sessions and check-ins, one a row.
    fn recent(&self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let mut rows = area.rows();
        let Some(heading) = rows.next() else {
            return;
        };
        Line::styled("Recent", palette.accent).render(heading, buf);
        if self.recent.is_empty() {
            if let Some(row) = rows.next() {
                Line::styled("Nothing in the journal yet", palette.faint).render(row, buf);
            }
            return;
        }
        for (row, record) in rows.zip(self.recent) {
            let line = recent_line(record, row.width.into(), g, self.look);
            buf.set_line(row.x, row.y, &line, row.width);
        }
    }
}

/// Cells for each column of a recent row but the title: when, minutes,
/// pain, how it ended; and two between each.
const WHEN: usize = 16;
const MINUTES: usize = 7;
const PAIN: usize = 13;
const HOW: usize = 11;

/// One row of the recent list: "Wed 5 Mar 08:15  Desk reset  10 min  pain
/// 6 → 3  completed", in columns.
fn recent_line(record: &Record, cells: usize, g: &Glyphs, look: Look) -> Line<'static> {
    let palette = look.palette;
    let arrow = if look.ascii { "->" } else { "→" };
    let when = record.time().format("%a %-d %b %H:%M").to_string();
    let (what, minutes, pain, how) = match record {
        Record::Session(s) => session_columns(s, arrow),
        Record::Checkin(c) => checkin_columns(c),
    };
    let title_cells = cells
        .saturating_sub(WHEN + MINUTES + PAIN + HOW + 8)
        .clamp(8, TITLE_CELLS);
    let pad = |text: String, cells: usize| {
        let text = fit(&text, cells, g.more);
        let gap = cells.saturating_sub(width(&text));
        format!("{text}{}", " ".repeat(gap))
    };
    let minutes = format!("{minutes:>MINUTES$}");
    Line::from(vec![
        Span::styled(pad(when, WHEN + 2), palette.faint),
        Span::styled(pad(what, title_cells + 2), palette.text),
        Span::styled(pad(minutes, MINUTES + 2), palette.text),
        Span::styled(pad(pain, PAIN + 2), palette.text),
        Span::styled(fit(&how, HOW, g.more), palette.faint),
    ])
}

/// A session's title, minutes, pain and how it ended.
fn session_columns(s: &Session, arrow: &str) -> (String, String, String, String) {
    let minutes = match s.minutes() {
        0 if s.active_seconds > 0 => "<1 min".to_owned(),
        m => format!("{m} min"),
    };
    let pain = match (s.pain_before, s.pain_after) {
        (Some(b), Some(a)) => format!("pain {b} {arrow} {a}"),
        (Some(b), None) => format!("before {b}"),
        (None, Some(a)) => format!("after {a}"),
        (None, None) => "not rated".into(),
    };
    let how = match s.outcome {
        Outcome::Completed => "completed",
        Outcome::EndedEarly {
            reason: EndReason::Signal,
        } => "interrupted",
        Outcome::EndedEarly { .. } => "ended early",
    };
    (s.routine.title.clone(), minutes, pain, how.into())
}

/// A check-in's columns: no minutes, its pain and its stress.
fn checkin_columns(c: &CheckIn) -> (String, String, String, String) {
    let pain = c.pain.map(|p| format!("pain {p}")).unwrap_or_default();
    let stress = c.stress.map(|s| format!("stress {s}")).unwrap_or_default();
    ("check-in".into(), String::new(), pain, stress)
}
