//! The history screen: this week against the goal, the streak, how much
//! sessions have eased the pain overall and per routine, a chart of pain
//! day by day (sessions' before and after, check-ins) over what the diary
//! says each day was, and the latest records.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::text::{Glyphs, fit, glyphs, width, wrap};
use crate::journal::diary::{Attack, Medication};
use crate::journal::stats::{Average, Summary, Week};
use crate::journal::{CheckIn, EndReason, Outcome, Record, Session};
use crate::ui::frame::Look;
use crate::ui::keymap::Keymap;

mod chart;
#[cfg(test)]
mod tests;

/// The history screen.
pub struct HistoryView<'a> {
    /// The journal's figures, as [`crate::journal::stats::summarise`]
    /// makes them; none while the journal is still being read.
    pub summary: Option<&'a Summary>,
    /// The latest records, newest first; as many as fit are listed (about 8
    /// at 80×24).
    pub recent: &'a [Record],
    /// How many damaged journal lines were skipped when reading it.
    pub problems: usize,
    /// How far the recent list is scrolled: the first record shown.
    pub scroll: usize,
    /// Why the journal could not be read at all, shown instead of "No
    /// sessions yet".
    pub unreadable: Option<&'a str>,
    /// Whether the streak is shown (`streak = false` in the config hides it).
    pub streak: bool,
    pub look: Look,
}

/// The most rows for the figures and the chart: a plot of eleven rows,
/// one for each point of pain from 0 to 10, so that a change of a point
/// is a change of a row, with the chart's legend, days, weeks and key.
const TOP_ROWS: u16 = 15;
/// The fewest: six rows, one for every two points.
const SMALL_TOP_ROWS: u16 = 10;
/// Columns for the chart at 80×24 (its key of days fits them); it takes
/// two fifths of a wider screen.
const CHART_CELLS: u16 = 35;
/// Below this width the figures, chart and list go one above the other.
const SIDE_BY_SIDE: u16 = 70;
/// The fewest rows the recent list is given: its heading and three records.
const RECENT_ROWS: u16 = 4;
/// The fewest it keeps when the figures grow past the chart's rows.
const TALL_RECENT_ROWS: u16 = 8;
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

/// Headache days this week and over the weeks charted, as the diary
/// counts them; a week with nothing recorded says so rather than "0".
fn headache_days(s: &Summary) -> String {
    let all: u32 = s.weeks.iter().map(|w| w.headache_days).sum();
    let over = count(s.weeks.len() as u64, "week");
    match s.weeks.last() {
        Some(week) if week.recorded() => {
            format!(
                "Headache days: {} this week, {all} in {over}",
                week.headache_days
            )
        }
        _ => format!("Headache days: this week not recorded, {all} in {over}"),
    }
}

/// Where the parts of the history screen go.
struct Areas {
    head: Rect,
    /// The figures, the chart (if there is room for it) and the recent
    /// list; None for an empty journal, which gets its words in `body`.
    parts: Option<(Rect, Option<Rect>, Rect)>,
    body: Rect,
    problems: Rect,
    keys: Rect,
    key_lines: Vec<String>,
}

impl HistoryView<'_> {
    /// The figures to show: none while reading, or for an empty journal.
    fn shown(&self) -> Option<&Summary> {
        self.summary
            .filter(|s| s.sessions + s.checkins > 0 || !self.recent.is_empty())
    }

    fn areas(&self, area: Rect) -> Areas {
        use Constraint::{Fill, Length};
        let g = glyphs(self.look);
        let inner = area.inner(Margin::new(1, 0));
        let key_lines = wrap(
            &Keymap::History.hint_line(g, false),
            inner.width.into(),
            2,
            g.more,
        );
        let roomy = inner.height >= 16;
        let [head, _, body, problems, keys] = Layout::vertical([
            Length(1),
            Length(u16::from(roomy)),
            Fill(1),
            Length(u16::from(self.problems > 0)),
            Length(u16::try_from(key_lines.len()).unwrap_or(1)),
        ])
        .areas(inner);
        let parts = self.shown().map(|s| {
            if body.width >= SIDE_BY_SIDE {
                // The figures beside the chart, as tall as the chart can use
                // while the list keeps its rows, or taller on a tall screen
                // when the figures need it; the list under them.
                let chart_cells = CHART_CELLS.max(body.width * 2 / 5);
                let figure_cells = body.width.saturating_sub(chart_cells + 2);
                let figures_need = self.figure_lines(s, figure_cells.into(), true).len()
                    + s.relief.per_routine.len();
                let mut top = body
                    .height
                    .saturating_sub(RECENT_ROWS + 1)
                    .clamp(SMALL_TOP_ROWS, TOP_ROWS)
                    .min(body.height);
                let figures_need = u16::try_from(figures_need).unwrap_or(u16::MAX);
                if figures_need > top {
                    top = figures_need
                        .min(body.height.saturating_sub(TALL_RECENT_ROWS + 1))
                        .max(top);
                }
                let [top, _, recent] =
                    Layout::vertical([Length(top), Length(1), Fill(1)]).areas(body);
                let [figures, chart] = Layout::horizontal([Fill(1), Length(chart_cells)])
                    .spacing(2)
                    .areas(top);
                (figures, Some(chart), recent)
            } else {
                // One above the other: the figures, the chart if the list
                // still has its rows, the list.
                let most = body
                    .height
                    .saturating_sub(RECENT_ROWS + 1)
                    .max(body.height / 2);
                let spaced =
                    self.figure_lines(s, body.width.into(), true).len() < usize::from(most);
                let figures_rows = self.figure_lines(s, body.width.into(), spaced).len();
                let figures_rows = u16::try_from(figures_rows).unwrap_or(u16::MAX).min(most);
                let left = body.height.saturating_sub(figures_rows + 1);
                let chart_rows = if left >= SMALL_TOP_ROWS + 1 + RECENT_ROWS {
                    left.saturating_sub(RECENT_ROWS + 1).min(TOP_ROWS)
                } else {
                    0
                };
                let [figures, _, chart, _, recent] = Layout::vertical([
                    Length(figures_rows),
                    Length(1),
                    Length(chart_rows),
                    Length(u16::from(chart_rows > 0)),
                    Fill(1),
                ])
                .areas(body);
                (figures, (chart_rows > 0).then_some(chart), recent)
            }
        });
        Areas {
            head,
            parts,
            body,
            problems,
            keys,
            key_lines,
        }
    }

    /// How many records the recent list shows in `area`, for scrolling.
    pub fn recent_rows(&self, area: Rect) -> usize {
        self.areas(area).parts.map_or(0, |(_, _, recent)| {
            usize::from(recent.height.saturating_sub(1))
        })
    }

    /// The first record the list shows: `scroll`, as far as the list goes.
    fn first_shown(&self, rows: usize) -> usize {
        self.scroll.min(self.recent.len().saturating_sub(rows))
    }
}

impl Widget for &HistoryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        use Constraint::Length;
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let areas = self.areas(area);
        let head = areas.head;

        let name = "Stillpoint";
        let title = format!("{}history", g.sep);
        let counts = self.summary.map_or((0, 0), |s| (s.sessions, s.checkins));
        let all = match counts {
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

        match areas.parts.zip(self.shown()) {
            None => {
                let body = areas.body;
                let words = match (self.summary, self.unreadable) {
                    (None, _) => format!("Reading the journal{}", g.more),
                    (_, Some(why)) => format!("The journal could not be read. {}", sentence(why)),
                    _ => "No sessions yet. Your sessions will appear here.".to_owned(),
                };
                let lines = wrap(&words, body.width.into(), body.height.into(), g.more);
                let rows = u16::try_from(lines.len()).unwrap_or(0);
                Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>())
                    .style(palette.text)
                    .alignment(Alignment::Center)
                    .render(body.centered_vertically(Length(rows)), buf);
            }
            Some(((figures, chart, recent), s)) => {
                self.figures(s, figures, buf);
                if let Some(chart) = chart {
                    self.chart(s, chart, buf);
                }
                self.recent(recent, buf);
            }
        }

        if self.problems > 0 {
            let words = if self.problems == 1 {
                "1 damaged journal line was skipped".to_owned()
            } else {
                format!("{} damaged journal lines were skipped", self.problems)
            };
            Line::styled(
                fit(&words, areas.problems.width.into(), g.more),
                palette.faint,
            )
            .render(areas.problems, buf);
        }
        for (row, line) in areas.keys.rows().zip(areas.key_lines) {
            Line::styled(line, palette.faint).render(row, buf);
        }
    }
}

impl HistoryView<'_> {
    /// This week, the goal, the streak and the relief overall, wrapped to
    /// `cells`, with a blank line before the relief if `spaced`.
    fn figure_lines(&self, s: &Summary, cells: usize, spaced: bool) -> Vec<Line<'static>> {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let minutes = s.this_week.minutes();
        let streak = match s.streak {
            0 => format!("Streak: none{}a session today starts one", g.dash),
            1 => "Streak: 1 day".into(),
            n => format!("Streak: {n} days in a row"),
        };
        let met = if s.goal.met() { " (met)" } else { "" };
        let text = |words: &str| -> Vec<Line<'static>> {
            wrap(words, cells, usize::MAX, g.more)
                .into_iter()
                .map(|l| Line::styled(l, palette.text))
                .collect()
        };
        let week = format!("{}, {minutes} min", count(s.this_week.sessions, "session"));
        let mut lines = if width("This week: ") + width(&week) <= cells {
            vec![Line::from(vec![
                Span::styled("This week: ", palette.accent),
                Span::styled(week, palette.text),
            ])]
        } else {
            let mut lines = vec![Line::styled("This week:", palette.accent)];
            lines.extend(text(&week));
            lines
        };
        lines.extend(text(&format!("Goal: {}{met}", s.goal)));
        if self.streak {
            lines.extend(text(&streak));
        }
        lines.extend(text(&headache_days(s)));
        if spaced {
            lines.push(Line::default());
        }
        lines.extend(text(&relief_sentence(s.relief.overall)));
        lines
    }

    /// The figures, then relief per routine, as many routines as there
    /// is room for, the most played first.
    fn figures(&self, s: &Summary, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let cells = usize::from(area.width);
        let spaced = self.figure_lines(s, cells, true).len() < usize::from(area.height);
        let mut lines = self.figure_lines(s, cells, spaced);

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

    /// The latest sessions and check-ins, one a row, from the one
    /// scrolled to; the heading says which are shown when not all are.
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
        let visible = usize::from(area.height.saturating_sub(1));
        let first = self.first_shown(visible);
        let last = (first + visible).min(self.recent.len());
        if first > 0 || last < self.recent.len() {
            let mut place = format!("{} to {} of {}", first + 1, last, self.recent.len());
            let arrows = match (first > 0, last < self.recent.len()) {
                (true, true) => format!("{}/{}", g.up, g.down),
                (true, false) => g.up.to_owned(),
                _ => g.down.to_owned(),
            };
            place.push_str(&format!("{}{arrows} to scroll", g.sep));
            let room = usize::from(heading.width).saturating_sub(width("Recent") + 2);
            Line::styled(fit(&place, room, g.more), palette.faint)
                .right_aligned()
                .render(heading, buf);
        }
        for (row, record) in rows.zip(&self.recent[first..]) {
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

/// Below this many cells a recent row is the short one: when, what, pain.
const FULL_ROW: usize = 66;

/// One row of the recent list: "Wed 5 Mar 08:15  Desk reset  10 min  pain
/// 6 → 3  completed", in columns; on a narrow screen "5 Mar 08:15  Desk
/// reset  6 → 3".
fn recent_line(record: &Record, cells: usize, g: &Glyphs, look: Look) -> Line<'static> {
    let palette = look.palette;
    let (what, minutes, pain, how) = match record {
        Record::Session(s) => session_columns(s, g.to),
        Record::Checkin(c) => checkin_columns(c),
        Record::Attack(a) => attack_columns(a),
        Record::Medication(m) => medication_columns(m),
        Record::Midas(m) => (
            "MIDAS".into(),
            String::new(),
            format!("score {}", m.score()),
            format!("grade {}", m.grade()),
        ),
    };
    // A column `cells` wide with two spaces before the next.
    let pad = |text: String, cells: usize| {
        let text = fit(&text, cells.saturating_sub(2), g.more);
        let gap = cells.saturating_sub(width(&text));
        format!("{text}{}", " ".repeat(gap))
    };
    if cells < FULL_ROW {
        let when = record.time().format("%-d %b %H:%M").to_string();
        // "6 → 3" says pain on a session's row; a check-in keeps its word.
        let pain = match (record, pain.strip_prefix("pain ")) {
            (Record::Session(_), Some(numbers)) => numbers.to_owned(),
            _ => pain,
        };
        let title_cells = cells.saturating_sub(12 + 2 + width(&pain) + 2).max(4);
        return Line::from(vec![
            Span::styled(pad(when, 12 + 2), palette.faint),
            Span::styled(pad(what, title_cells + 2), palette.text),
            Span::styled(pain, palette.text),
        ]);
    }
    let when = record.time().format("%a %-d %b %H:%M").to_string();
    let title_cells = cells
        .saturating_sub(WHEN + MINUTES + PAIN + HOW + 8)
        .clamp(8, TITLE_CELLS);
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

/// An attack's columns: what the person called it, how long, its peak
/// and whether it is still going on.
fn attack_columns(a: &Attack) -> (String, String, String, String) {
    let what = match a.headache_type {
        Some(kind) => format!("attack: {kind}"),
        None => "attack".into(),
    };
    let length = a
        .length()
        .map_or_else(String::new, |d| match d.num_minutes() {
            m if m < 60 => format!("{m} min"),
            m => format!("{} h", (m + 30) / 60),
        });
    let peak = a.peak.map(|p| format!("peak {p}")).unwrap_or_default();
    let how = if a.is_open() { "ongoing" } else { "" };
    (what, length, peak, how.into())
}

/// An intake's columns: the medicine, its class and how well it helped.
fn medication_columns(m: &Medication) -> (String, String, String, String) {
    let effect = m.effect.map(|e| format!("effect {e}")).unwrap_or_default();
    (m.name.clone(), String::new(), m.class.to_string(), effect)
}

/// A check-in's columns: no minutes, its pain and its stress.
fn checkin_columns(c: &CheckIn) -> (String, String, String, String) {
    let pain = c.pain.map(|p| format!("pain {p}")).unwrap_or_default();
    let stress = c.stress.map(|s| format!("stress {s}")).unwrap_or_default();
    ("check-in".into(), String::new(), pain, stress)
}
