//! The history screen's chart: pain before and after, week by week, with
//! marks that differ by shape as well as colour.

use super::*;

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

impl HistoryView<'_> {
    /// Average pain before and after sessions, week by week, the newest
    /// week at the right: a pair of marks for each week, before on the
    /// left, told apart by shape, with the legend in words above.
    pub(super) fn chart(&self, summary: &Summary, area: Rect, buf: &mut Buffer) {
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
            plot.y + ((10.0 - pain) * rows / 10.0).round() as u16
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
        let weeks: &[WeekPain] = &summary.pain[summary.pain.len().saturating_sub(fits)..];
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
        // Each week by its ISO number as `stats` writes it ("2025-W09"),
        // under its pair of marks: the oldest and the newest always, with
        // the year where it starts or changes, and as many between as fit
        // two cells apart.
        let cells_of = |text: &str| u16::try_from(width(text)).unwrap_or(u16::MAX);
        let label = |i: usize, year: bool| {
            let week = weeks[i].week;
            if year {
                week.to_string()
            } else {
                format!("W{:02}", week.week)
            }
        };
        let mut placed: Vec<(u16, String)> = Vec::new();
        let fits = |placed: &[(u16, String)], x: u16, text: &str| {
            x >= plot.x
                && x + cells_of(text) <= plot.right()
                && placed
                    .iter()
                    .all(|(at, t)| x + cells_of(text) + 2 <= *at || *at + cells_of(t) + 2 <= x)
        };
        let at = |i: usize| plot.x + column(i);
        let oldest = label(0, true);
        let mut year = weeks[0].week.year;
        if fits(&placed, at(0), &oldest) {
            placed.push((at(0), oldest));
        }
        if weeks.len() > 1 {
            // The newest's place is kept for its longest label while the
            // weeks between are placed, oldest first.
            let n = weeks.len() - 1;
            let longest = label(n, true);
            let newest_x = at(n).min(plot.right().saturating_sub(cells_of(&longest)));
            let mut between = placed.clone();
            between.push((newest_x, longest));
            for (i, week) in weeks.iter().enumerate().take(n).skip(1) {
                let text = label(i, week.week.year != year);
                if fits(&between, at(i), &text) {
                    year = week.week.year;
                    between.insert(between.len() - 1, (at(i), text.clone()));
                    placed.push((at(i), text));
                }
            }
            let text = label(n, weeks[n].week.year != year);
            let x = at(n).min(plot.right().saturating_sub(cells_of(&text)));
            if fits(&placed, x, &text) {
                placed.push((x, text));
            }
        }
        for (x, text) in placed {
            buf.set_string(x, labels.y, text, palette.faint);
        }
    }
}
