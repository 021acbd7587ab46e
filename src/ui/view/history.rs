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

/// The history screen.
pub struct HistoryView<'a> {
    /// The journal's figures, as [`crate::journal::stats::summarise`] makes them.
    pub summary: &'a Summary,
    /// The latest records, newest first; as many as fit are listed (about 8
    /// at 80×24).
    pub recent: &'a [Record],
    /// How many damaged journal lines were skipped when reading it.
    pub problems: usize,
    pub look: Look,
}

/// Rows for the figures and the chart, side by side.
const TOP_ROWS: u16 = 10;
/// Columns for the chart at 80×24; it takes two fifths of a wider screen.
const CHART_CELLS: u16 = 34;
/// The most cells a title takes in the recent list, so the columns stay
/// near it on a wide screen.
const TITLE_CELLS: usize = 32;

/// The chart's marks for pain before and after, told apart by shape.
struct Marks {
    before: Marker,
    before_word: &'static str,
    after: Marker,
    after_word: &'static str,
    /// The y axis, the corner and the x axis.
    axis: [&'static str; 3],
}

fn marks(look: Look) -> Marks {
    if look.ascii {
        Marks {
            before: Marker::Custom('o'),
            before_word: "o",
            after: Marker::Custom('x'),
            after_word: "x",
            axis: ["|", "+", "-"],
        }
    } else {
        Marks {
            before: Marker::Dot,
            before_word: "•",
            after: Marker::Custom('×'),
            after_word: "×",
            axis: ["│", "└", "─"],
        }
    }
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
            let words = "No sessions yet. Your sessions will appear here.";
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

    /// Average pain before and after sessions, week by week, the newest
    /// week at the right: a pair of marks for each week, before on the
    /// left, told apart by shape, with the legend in words above.
    fn chart(&self, area: Rect, buf: &mut Buffer) {
        use Constraint::{Fill, Length};
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let m = marks(self.look);
        let [title, graph, axis, labels] =
            Layout::vertical([Length(1), Fill(1), Length(1), Length(1)]).areas(area);

        let name = "Pain by week";
        let legend = Line::from(vec![
            Span::styled(m.before_word, palette.warm),
            Span::styled(" before  ", palette.faint),
            Span::styled(m.after_word, palette.cool),
            Span::styled(" after", palette.faint),
        ]);
        let cells = usize::from(title.width);
        if cells >= width(name) + 2 + legend.width() {
            Line::styled(name, palette.text).render(title, buf);
            legend.right_aligned().render(title, buf);
        } else {
            legend.render(title, buf);
        }

        // Labels 10, 5 and 0 on the left, then the y axis, then the plot.
        let label_cells = 2;
        if graph.height < 2 || graph.width < label_cells + 1 + 3 {
            return;
        }
        let plot = Rect {
            x: graph.x + label_cells + 1,
            width: graph.width - label_cells - 1,
            ..graph
        };
        let row_of = |pain: f64| {
            let rows = f64::from(plot.height - 1);
            plot.y + ((10.0 - pain) * rows / 10.0).round() as u16
        };
        for pain in [10u8, 5, 0] {
            let label = format!("{pain:>2}");
            buf.set_stringn(graph.x, row_of(pain.into()), label, 2, palette.faint);
        }
        for y in graph.top()..graph.bottom() {
            buf.set_string(plot.x - 1, y, m.axis[0], palette.frame);
        }
        if axis.height > 0 {
            buf.set_string(plot.x - 1, axis.y, m.axis[1], palette.frame);
            buf.set_string(
                plot.x,
                axis.y,
                m.axis[2].repeat(plot.width.into()),
                palette.frame,
            );
        }

        // Each week gets a slot of at least three cells: a mark for before,
        // a mark for after, a space; the newest weeks if not all fit.
        let fits = usize::from(plot.width / 3).max(1);
        let weeks: &[WeekPain] = &self.summary.pain[self.summary.pain.len().saturating_sub(fits)..];
        if weeks.is_empty() {
            return;
        }
        let slot = plot.width / u16::try_from(weeks.len()).unwrap_or(1);
        let gap = if slot >= 5 { 2 } else { 1 };
        let offset = (plot.width - slot * weeks.len() as u16) / 2;
        let column = |i: usize| offset + i as u16 * slot + (slot - gap - 1) / 2;
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (i, week) in weeks.iter().enumerate() {
            let x = f64::from(column(i));
            before.extend(week.before.map(|p| (x, p.clamp(0.0, 10.0))));
            after.extend(week.after.map(|p| (x + f64::from(gap), p.clamp(0.0, 10.0))));
        }
        if before.is_empty() && after.is_empty() {
            let words = fit("No pain ratings in these weeks", plot.width.into(), g.more);
            Line::styled(words, palette.faint)
                .centered()
                .render(plot.centered_vertically(Length(1)), buf);
        } else {
            let dataset = |marker, style, data| {
                Dataset::default()
                    .marker(marker)
                    .graph_type(GraphType::Scatter)
                    .style(style)
                    .data(data)
            };
            Chart::new(vec![
                dataset(m.before, palette.warm, &before),
                dataset(m.after, palette.cool, &after),
            ])
            .x_axis(Axis::default().bounds([0.0, f64::from(plot.width - 1)]))
            .y_axis(Axis::default().bounds([0.0, 10.0]))
            .legend_position(None)
            .render(plot, buf);
        }

        if labels.height == 0 {
            return;
        }
        // "this week" under the newest pair, the oldest week's Monday
        // under the oldest, if there is room for both.
        let newest = "this week";
        let cells_of = |text: &str| u16::try_from(width(text)).unwrap_or(u16::MAX);
        let last = plot.x + column(weeks.len() - 1) + gap.div_ceil(2);
        let x_newest = last
            .saturating_sub(cells_of(newest) / 2)
            .min(plot.right().saturating_sub(cells_of(newest)))
            .max(plot.x);
        if weeks.len() > 1 {
            let oldest = weeks[0].week.monday().format("%-d %b").to_string();
            let x = plot.x + column(0);
            if x.saturating_add(cells_of(&oldest)) < x_newest {
                buf.set_string(x, labels.y, oldest, palette.faint);
            }
        }
        let room = usize::from(labels.right().saturating_sub(x_newest));
        buf.set_stringn(x_newest, labels.y, newest, room, palette.faint);
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

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, NaiveDate};

    use super::*;
    use crate::journal::stats::summarise;
    use crate::journal::{Rating, RoutineRef};
    use crate::ui::theme::Theme;
    use crate::ui::view::testing::{assert_calm, draw, look, rows, screen};

    fn at(time: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(time).unwrap()
    }

    fn session(title: &str, start: &str, minutes: u32, pain: Option<(u8, u8)>) -> Record {
        let start = at(start);
        let routine = RoutineRef::new(title, Some(format!("{title}.toml")), title);
        Session {
            planned_seconds: minutes * 60,
            active_seconds: minutes * 60,
            steps_done: 3,
            steps_total: 3,
            pain_before: pain.and_then(|p| Rating::new(p.0)),
            pain_after: pain.and_then(|p| Rating::new(p.1)),
            ..Session::new(
                routine,
                start,
                start + chrono::Duration::minutes(minutes.into()),
                Outcome::Completed,
            )
        }
        .into()
    }

    fn checkin(time: &str, pain: u8, stress: u8) -> Record {
        CheckIn {
            pain: Rating::new(pain),
            stress: Rating::new(stress),
            ..CheckIn::new(at(time))
        }
        .into()
    }

    /// Five weeks of sessions, the last three days in a row, and a check-in.
    fn journal() -> Vec<Record> {
        let mut quit = session("Still point", "2025-03-04T12:00:00+01:00", 15, Some((5, 4)));
        if let Record::Session(s) = &mut quit {
            s.outcome = Outcome::EndedEarly {
                reason: EndReason::Quit,
            };
        }
        vec![
            session("Desk reset", "2025-02-10T09:00:00+01:00", 10, Some((9, 6))),
            session("Desk reset", "2025-02-18T09:00:00+01:00", 10, Some((8, 5))),
            session("Desk reset", "2025-02-25T09:00:00+01:00", 10, Some((7, 4))),
            session("Desk reset", "2025-03-03T08:15:00+01:00", 10, Some((6, 3))),
            quit,
            checkin("2025-03-04T21:00:00+01:00", 4, 6),
            session("Desk reset", "2025-03-05T07:30:00+01:00", 12, None),
        ]
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 5).unwrap()
    }

    fn newest_first(records: &[Record]) -> Vec<Record> {
        records.iter().rev().cloned().collect()
    }

    /// The figures column (left of the chart) as one line of words.
    fn figures_text(buf: &ratatui::buffer::Buffer) -> String {
        let column: Vec<String> = rows(buf)
            .iter()
            .map(|r| r.chars().take(80 - 2 - CHART_CELLS as usize).collect())
            .collect();
        column
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The chart's plot rows, from the y labels to the right edge.
    fn plot_rows(buf: &ratatui::buffer::Buffer) -> Vec<String> {
        rows(buf)[3..10]
            .iter()
            .map(|r| r.chars().skip(80 - 1 - CHART_CELLS as usize).collect())
            .collect()
    }

    fn view<'a>(summary: &'a Summary, recent: &'a [Record], problems: usize) -> HistoryView<'a> {
        HistoryView {
            summary,
            recent,
            problems,
            look: look(),
        }
    }

    #[test]
    fn shows_the_week_the_goal_the_streak_and_relief() {
        let records = journal();
        let summary = summarise(&records, today(), 8, 4);
        let recent = newest_first(&records);
        let buf = draw(&view(&summary, &recent, 0), 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(rows(&buf)[0].contains("Stillpoint · history"), "{text}");
        assert!(
            rows(&buf)[0].contains("6 sessions and 1 check-in in all"),
            "{text}"
        );
        let figures = figures_text(&buf);
        for words in [
            "This week: 3 sessions, 37 min",
            "Goal: 3 of 4 sessions this week",
            "Streak: 3 days in a row",
            "Pain eased by 2.6 points on average, over 5 rated sessions",
            "Desk reset: eased 3.0 (4 rated)",
            "Still point: eased 1.0 (1 rated)",
        ] {
            assert!(figures.contains(words), "{words}: {text}");
        }
        assert!(rows(&buf)[23].contains("Esc back"), "{text}");
        assert!(!text.contains("damaged"), "{text}");
    }

    #[test]
    fn lists_recent_sessions_and_check_ins() {
        let records = journal();
        let summary = summarise(&records, today(), 8, 4);
        let recent = newest_first(&records);
        let buf = draw(&view(&summary, &recent, 0), 80, 24);
        let rows = rows(&buf);
        let text = screen(&buf);
        let row = |start: &str| {
            rows.iter()
                .find(|r| r.trim_start().starts_with(start))
                .unwrap_or_else(|| panic!("no row {start}: {text}"))
                .clone()
        };
        assert!(text.contains("Recent"), "{text}");
        let newest = row("Wed 5 Mar 07:30");
        assert!(
            newest.contains("Desk reset") && newest.contains("12 min"),
            "{text}"
        );
        assert!(
            newest.contains("not rated") && newest.contains("completed"),
            "{text}"
        );
        let checkin = row("Tue 4 Mar 21:00");
        assert!(
            checkin.contains("check-in") && checkin.contains("pain 4"),
            "{text}"
        );
        assert!(checkin.contains("stress 6"), "{text}");
        let quit = row("Tue 4 Mar 12:00");
        assert!(
            quit.contains("Still point") && quit.contains("pain 5 → 4"),
            "{text}"
        );
        assert!(quit.contains("ended early"), "{text}");
        let monday = row("Mon 3 Mar 08:15");
        assert!(
            monday.contains("pain 6 → 3") && monday.contains("10 min"),
            "{text}"
        );
        // The columns line up.
        assert_eq!(newest.find("min"), monday.find("min"), "{text}");
    }

    #[test]
    fn charts_pain_before_and_after_with_a_legend_in_words() {
        let records = journal();
        let summary = summarise(&records, today(), 8, 4);
        let recent = newest_first(&records);
        let buf = draw(&view(&summary, &recent, 0), 80, 24);
        let text = screen(&buf);
        assert!(text.contains("Pain by week"), "{text}");
        assert!(text.contains("• before  × after"), "{text}");
        assert!(text.contains("this week"), "{text}");
        assert!(text.contains("13 Jan"), "the oldest week's Monday: {text}");
        // Four weeks have ratings (the last session has none, but the
        // week's other two do): a pair of marks for each.
        let plot = plot_rows(&buf);
        let joined = plot.join("\n");
        assert_eq!(joined.matches('•').count(), 4, "{joined}");
        assert_eq!(joined.matches('×').count(), 4, "{joined}");
        assert!(plot[0].starts_with("10│"), "{joined}");
        assert!(plot[6].starts_with(" 0│"), "{joined}");
        // Higher pain is higher up: the first rated week's before (9) is
        // above its after (6), and left of it.
        let at = |c: char| {
            let row = plot.iter().position(|r| r.contains(c)).unwrap();
            (row, plot[row].chars().position(|x| x == c).unwrap())
        };
        let (before, after) = (at('•'), at('×'));
        assert!(before.0 < after.0 && before.1 < after.1, "{joined}");
        assert!(text.contains('└'), "{text}");
    }

    #[test]
    fn the_marks_differ_by_shape_in_mono_and_ascii() {
        let records = journal();
        let summary = summarise(&records, today(), 8, 4);
        let recent = newest_first(&records);
        let mut history = view(&summary, &recent, 2);
        history.look = Look {
            palette: Theme::Mono.palette(false),
            reduced_motion: true,
            ascii: true,
        };
        let buf = draw(&history, 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("o before  x after"), "{text}");
        assert!(text.contains("pain 6 -> 3"), "{text}");
        assert!(text.contains('+') && text.contains("|"), "{text}");
        assert!(
            text.contains("2 damaged journal lines were skipped"),
            "{text}"
        );
        let plot = plot_rows(&buf).join("\n");
        assert_eq!(plot.matches('o').count(), 4, "{plot}");
        assert_eq!(plot.matches('x').count(), 4, "{plot}");
    }

    #[test]
    fn an_empty_journal_says_what_will_come() {
        let summary = summarise(&[], today(), 8, 3);
        let buf = draw(&view(&summary, &[], 0), 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(
            text.contains("No sessions yet. Your sessions will appear here."),
            "{text}"
        );
        assert!(text.contains("Esc back"), "{text}");
        assert!(!text.contains("Pain by week"), "{text}");
        let damaged = screen(&draw(&view(&summary, &[], 1), 80, 24));
        assert!(
            damaged.contains("1 damaged journal line was skipped"),
            "{damaged}"
        );
    }

    #[test]
    fn no_ratings_and_no_streak_are_said_in_words() {
        let records = vec![session("Desk reset", "2025-02-20T09:00:00+01:00", 10, None)];
        let summary = summarise(&records, today(), 8, 1);
        let buf = draw(&view(&summary, &records, 0), 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        let figures = figures_text(&buf);
        assert!(figures.contains("Goal: 0 of 1 session this week"), "{text}");
        assert!(
            figures.contains("Streak: none — a session today starts one"),
            "{text}"
        );
        assert!(figures.contains("No rated sessions yet"), "{text}");
        assert!(
            figures.contains("Desk reset: 1 session, none rated"),
            "{text}"
        );
        assert!(text.contains("No pain ratings"), "{text}");
    }

    #[test]
    fn many_routines_end_with_how_many_more() {
        // Nine days in a row up to today, a different routine each day.
        let days = [
            "02-25", "02-26", "02-27", "02-28", "03-01", "03-02", "03-03", "03-04", "03-05",
        ];
        let records: Vec<Record> = days
            .iter()
            .enumerate()
            .map(|(i, day)| {
                session(
                    &format!("Routine {}", i + 1),
                    &format!("2025-{day}T09:00:00+01:00"),
                    5,
                    Some((5, 3)),
                )
            })
            .collect();
        let summary = summarise(&records, today(), 8, 3);
        let recent = newest_first(&records);
        let text = screen(&draw(&view(&summary, &recent, 0), 80, 24));
        assert!(text.contains("and 6 more routines"), "{text}");
        assert!(text.contains("9 sessions in all"), "{text}");
        assert!(text.contains("Streak: 9 days in a row"), "{text}");
        assert!(
            text.contains("Goal: 3 of 3 sessions this week (met)"),
            "{text}"
        );
    }

    #[test]
    fn draws_at_any_size_without_panicking() {
        let records = journal();
        let recent = newest_first(&records);
        for weeks in [1, 8, 52] {
            let summary = summarise(&records, today(), weeks, 4);
            for (w, h) in [(0, 0), (1, 1), (12, 4), (40, 10), (79, 23), (200, 60)] {
                assert_calm(&draw(&view(&summary, &recent, 3), w, h));
                assert_calm(&draw(&view(&summary, &[], 0), w, h));
            }
        }
    }
}
