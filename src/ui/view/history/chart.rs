//! The history screen's chart: pain day by day, the sessions' before and
//! after and the check-ins' pain, with marks that differ by shape as well
//! as colour, and under it a row saying what the diary says each day was:
//! a headache day, a day recorded without an attack, or not recorded.

use chrono::{Datelike, Weekday};
use ratatui::style::Style;

use super::*;
use crate::journal::diary::DayKind;
use crate::journal::stats::DayPain;

/// The chart's marks, told apart by shape, and the words of its legends.
struct Marks {
    before: &'static str,
    after: &'static str,
    checkin: &'static str,
    /// A headache day, a day recorded without an attack, a day not
    /// recorded.
    headache: &'static str,
    no_attack: &'static str,
    not_recorded: &'static str,
    /// The y axis and the corner.
    axis: [&'static str; 2],
}

fn marks(look: Look) -> Marks {
    if look.ascii {
        Marks {
            before: "o",
            after: "x",
            checkin: "+",
            headache: "!",
            no_attack: ".",
            not_recorded: "?",
            axis: ["|", "+"],
        }
    } else {
        Marks {
            before: "•",
            after: "×",
            checkin: "+",
            headache: "!",
            no_attack: "·",
            not_recorded: "?",
            axis: ["│", "└"],
        }
    }
}

impl HistoryView<'_> {
    /// Pain day by day, today at the right, as many days as there are
    /// columns: the mean before and after of the sessions rated both, and
    /// the check-ins' mean; under the plot, what each day was; under that
    /// the weeks, by their ISO numbers as `stats` writes them.
    pub(super) fn chart(&self, summary: &Summary, area: Rect, buf: &mut Buffer) {
        use Constraint::{Fill, Length};
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let m = marks(self.look);
        let [title, graph, strip, labels, key] =
            Layout::vertical([Length(1), Fill(1), Length(1), Length(1), Length(1)]).areas(area);

        let name = "Pain by day";
        let legend = Line::from(vec![
            Span::styled(m.before, palette.warm),
            Span::styled(" before ", palette.faint),
            Span::styled(m.after, palette.cool),
            Span::styled(" after ", palette.faint),
            Span::styled(m.checkin, palette.text),
            Span::styled(" check-in", palette.faint),
        ]);
        let cells = usize::from(title.width);
        if cells >= width(name) + 2 + legend.width() {
            Line::styled(name, palette.text).render(title, buf);
            legend.right_aligned().render(title, buf);
        } else {
            legend.render(title, buf);
        }

        // Labels on the left (every two points when there is a row for
        // each point, else 10, 5 and 0), then the y axis, then the plot.
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
            plot.y + ((10.0 - pain.clamp(0.0, 10.0)) * rows / 10.0).round() as u16
        };
        let labels_at: &[u8] = if plot.height >= 11 {
            &[10, 8, 6, 4, 2, 0]
        } else {
            &[10, 5, 0]
        };
        for &pain in labels_at {
            let label = format!("{pain:>2}");
            buf.set_stringn(graph.x, row_of(pain.into()), label, 2, palette.faint);
        }
        for y in graph.top()..graph.bottom() {
            buf.set_string(plot.x - 1, y, m.axis[0], palette.frame);
        }

        // A column a day, the newest at the right.
        let fits = usize::from(plot.width);
        let days: &[DayPain] = &summary.days[summary.days.len().saturating_sub(fits)..];
        let offset = plot.width - u16::try_from(days.len()).unwrap_or(plot.width);
        let column = |i: usize| plot.x + offset + i as u16;
        let mut any = false;
        for (i, day) in days.iter().enumerate() {
            // The after on top of the before, both on top of the check-in,
            // when they fall in one cell.
            let checkin = day.checkin_pain.map(|c| c.mean);
            let before = day.relief.map(|r| r.before);
            let after = day.relief.map(|r| r.after);
            for (pain, mark, style) in [
                (checkin, m.checkin, palette.text),
                (before, m.before, palette.warm),
                (after, m.after, palette.cool),
            ] {
                if let Some(pain) = pain {
                    buf.set_string(column(i), row_of(pain), mark, style);
                    any = true;
                }
            }
        }
        if !any {
            let words = fit("No pain ratings in these weeks", plot.width.into(), g.more);
            Line::styled(words, palette.faint)
                .centered()
                .render(plot.centered_vertically(Length(1)), buf);
        }

        // The days, as the x axis.
        if strip.height > 0 {
            buf.set_string(plot.x - 1, strip.y, m.axis[1], palette.frame);
            for (i, day) in days.iter().enumerate() {
                let (mark, style): (&str, Style) = match day.kind {
                    DayKind::Headache => (m.headache, palette.warm),
                    DayKind::PainWithoutAttack | DayKind::HeadacheFree => {
                        (m.no_attack, palette.frame)
                    }
                    DayKind::NotRecorded => (m.not_recorded, palette.faint),
                };
                buf.set_string(column(i), strip.y, mark, style);
            }
        }
        if key.height > 0 {
            let words = Line::from(vec![
                Span::styled(m.headache, palette.warm),
                Span::styled(" attack  ", palette.faint),
                Span::styled(m.no_attack, palette.frame),
                Span::styled(" no attack  ", palette.faint),
                Span::styled(m.not_recorded, palette.faint),
                Span::styled(" not recorded", palette.faint),
            ]);
            let words = if words.width() <= usize::from(key.width) {
                words
            } else {
                Line::from(vec![
                    Span::styled(m.headache, palette.warm),
                    Span::styled(" attack ", palette.faint),
                    Span::styled(m.no_attack, palette.frame),
                    Span::styled(" no attack ", palette.faint),
                    Span::styled(m.not_recorded, palette.faint),
                    Span::styled(" not recorded", palette.faint),
                ])
            };
            words.render(key, buf);
        }
        if labels.height > 0 {
            self.week_labels(days, &column, plot, labels.y, buf);
        }
    }

    /// Each week by its ISO number ("2025-W09") under its Monday: the
    /// year on the first and where it changes, as many as fit two cells
    /// apart.
    fn week_labels(
        &self,
        days: &[DayPain],
        column: &dyn Fn(usize) -> u16,
        plot: Rect,
        y: u16,
        buf: &mut Buffer,
    ) {
        let palette = self.look.palette;
        let mut year = None;
        let mut free_from = plot.x;
        for (i, day) in days.iter().enumerate() {
            if day.date.weekday() != Weekday::Mon {
                continue;
            }
            let week = Week::of(day.date);
            let text = if year == Some(week.year) {
                format!("W{:02}", week.week)
            } else {
                week.to_string()
            };
            let x = column(i);
            let cells = u16::try_from(width(&text)).unwrap_or(u16::MAX);
            if x >= free_from && x + cells <= plot.right() {
                buf.set_string(x, y, &text, palette.faint);
                year = Some(week.year);
                free_from = x + cells + 2;
            }
        }
    }
}
