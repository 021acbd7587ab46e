//! The library screen: the routines on the left with their lengths, the
//! chosen one's summary and make-up on the right, and a filter.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Widget};

use super::text::{fit, glyphs, width, wrap};
use crate::routine::duration;
use crate::routine::vocabulary::StepKind;
use crate::ui::frame::Look;
use crate::ui::keymap::Keymap;

/// One routine as the library lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryEntry {
    pub title: String,
    pub summary: String,
    /// The whole session, lead-in included.
    pub total: Duration,
    /// The kinds of step it has, each once, in the order they first come.
    pub kinds: Vec<StepKind>,
    /// How many steps it has.
    pub steps: usize,
    /// "bundled", or the path the routine was read from.
    pub origin: String,
}

/// The library screen: `entries` are the routines the filter lets through.
pub struct LibraryView<'a> {
    pub entries: &'a [LibraryEntry],
    /// Index into `entries` of the routine Enter would start.
    pub selected: usize,
    pub filter: &'a str,
    /// Whether keys are typing into the filter.
    pub filtering: bool,
    /// How the week is going, shown faintly at the top right: "2 of 3
    /// sessions this week · last session yesterday".
    pub progress: Option<&'a str>,
    pub look: Look,
}

impl Widget for &LibraryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        use Constraint::{Fill, Length, Percentage};
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let inner = area.inner(Margin::new(1, 0));
        let [head, _, body, _, filter, hints] = Layout::vertical([
            Length(1),
            Length(1),
            Fill(1),
            Length(1),
            Length(1),
            Length(1),
        ])
        .areas(inner);
        let [list, detail] = Layout::horizontal([Percentage(45), Fill(1)])
            .spacing(1)
            .areas(body);

        let name = "Stillpoint";
        let title = format!("{}routines", g.sep);
        let used = width(name) + width(&title);
        let progress = self.progress.map_or(String::new(), |p| {
            fit(p, usize::from(head.width).saturating_sub(used + 2), g.more)
        });
        let gap = usize::from(head.width).saturating_sub(used + width(&progress));
        Line::from(vec![
            Span::styled(name, palette.accent),
            Span::styled(title, palette.faint),
            Span::raw(" ".repeat(gap)),
            Span::styled(progress, palette.faint),
        ])
        .render(head, buf);
        self.list(list, buf);
        if let Some(entry) = self.entries.get(self.selected) {
            self.detail(entry, detail, buf);
        }

        let filter_line = if self.filtering {
            Line::from(vec![
                Span::styled(format!("Filter: {}_", self.filter), palette.text),
                Span::styled(
                    format!("{}Enter keep{}Esc clear", g.sep, g.sep),
                    palette.faint,
                ),
            ])
        } else if !self.filter.is_empty() {
            let shown = format!("Filter: {}{}{}", g.open_quote, self.filter, g.close_quote);
            Line::from(vec![
                Span::styled(shown, palette.text),
                Span::styled(format!("{}/ to change", g.sep), palette.faint),
            ])
        } else {
            Line::default()
        };
        filter_line.render(filter, buf);
        let keys = if self.filtering {
            Keymap::Filtering
        } else {
            Keymap::Library
        };
        Line::styled(keys.hint_line(g, false), palette.faint).render(hints, buf);
    }
}

impl LibraryView<'_> {
    /// The titles with their lengths, scrolled so the selected one shows.
    fn list(&self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        if self.entries.is_empty() {
            let words = if self.filter.is_empty() {
                "No routines found.".to_owned()
            } else {
                format!(
                    "No routine matches {}{}{}",
                    g.open_quote, self.filter, g.close_quote
                )
            };
            let lines = wrap(&words, area.width.into(), area.height.into(), g.more);
            for (row, line) in (area.top()..area.bottom()).zip(lines) {
                buf.set_stringn(area.x, row, line, area.width.into(), palette.text);
            }
            return;
        }
        let rows = usize::from(area.height);
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        let cells = usize::from(area.width);
        for (row, (i, entry)) in
            (area.top()..area.bottom()).zip(self.entries.iter().enumerate().skip(first))
        {
            let chosen = i == self.selected;
            let (marker, style) = if chosen {
                (g.pointer, palette.accent)
            } else {
                (" ", palette.text)
            };
            let total = duration::format(entry.total);
            let title = fit(
                &entry.title,
                cells.saturating_sub(width(&total) + 3),
                g.more,
            );
            let gap = cells.saturating_sub(width(&title) + width(&total) + 2);
            let line = Line::from(vec![
                Span::styled(format!("{marker} {title}{}", " ".repeat(gap)), style),
                Span::styled(
                    total,
                    if chosen {
                        palette.accent
                    } else {
                        palette.faint
                    },
                ),
            ]);
            buf.set_line(area.x, row, &line, area.width);
        }
    }

    /// The selected routine: its summary, steps, kinds of step and origin.
    fn detail(&self, entry: &LibraryEntry, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let block = Block::new()
            .borders(Borders::LEFT)
            .border_set(g.border)
            .border_style(palette.frame)
            .padding(Padding::left(2));
        let inner = block.inner(area);
        block.render(area, buf);
        let cells = usize::from(inner.width);
        let kinds: Vec<&str> = entry.kinds.iter().map(|k| k.word()).collect();
        let facts = [
            format!(
                "{} steps{}{}",
                entry.steps,
                g.sep,
                duration::format(entry.total)
            ),
            format!("Kinds: {}", kinds.join(", ")),
            format!("From: {}", entry.origin),
        ];
        let room = usize::from(inner.height).saturating_sub(facts.len() + 3);
        let mut lines = vec![
            Line::styled(fit(&entry.title, cells, g.more), palette.accent),
            Line::default(),
        ];
        lines.extend(
            wrap(&entry.summary, cells, room, g.more)
                .into_iter()
                .map(|l| Line::styled(l, palette.text)),
        );
        lines.push(Line::default());
        lines.extend(
            facts
                .iter()
                .map(|f| Line::styled(fit(f, cells, g.more), palette.faint)),
        );
        for (row, line) in (inner.top()..inner.bottom()).zip(&lines) {
            buf.set_line(inner.x, row, line, inner.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, rows, screen};

    fn entries() -> Vec<LibraryEntry> {
        let entry = |title: &str, minutes: u64| LibraryEntry {
            title: title.into(),
            summary: format!("{title}: a few calm minutes for the neck and temples."),
            total: Duration::from_secs(minutes * 60),
            kinds: vec![StepKind::Knead, StepKind::Breathe],
            steps: 7,
            origin: "bundled".into(),
        };
        vec![
            entry("Desk reset", 5),
            entry("Box breathing", 6),
            entry("Still point", 10),
        ]
    }

    fn view<'a>(
        entries: &'a [LibraryEntry],
        selected: usize,
        filter: &'a str,
        filtering: bool,
    ) -> LibraryView<'a> {
        LibraryView {
            entries,
            selected,
            filter,
            filtering,
            progress: None,
            look: look(),
        }
    }

    #[test]
    fn lists_routines_and_details_the_selected_one() {
        let entries = entries();
        let buf = draw(&view(&entries, 1, "", false), 80, 24);
        let text = screen(&buf);
        let rows = rows(&buf);
        assert!(
            rows[2].contains("  Desk reset") && rows[2].contains("5m"),
            "{text}"
        );
        assert!(
            rows[3].contains("› Box breathing") && rows[3].contains("6m"),
            "{text}"
        );
        assert!(text.contains("Box breathing: a few calm minutes"), "{text}");
        assert!(text.contains("7 steps · 6m"), "{text}");
        assert!(text.contains("Kinds: knead, breathe"), "{text}");
        assert!(text.contains("From: bundled"), "{text}");
        assert!(text.contains("/ filter"), "{text}");
        assert!(text.contains("Enter start"), "{text}");
        assert!(
            rows[23].contains("Enter start · / filter · h history · ? help · q quit"),
            "{text}"
        );
        assert_calm(&buf);
    }

    #[test]
    fn shows_the_week_s_progress_faintly_at_the_top() {
        let entries = entries();
        let progress = "2 of 3 sessions this week · last session yesterday";
        let shelf = LibraryView {
            progress: Some(progress),
            ..view(&entries, 0, "", false)
        };
        let buf = draw(&shelf, 80, 24);
        assert_calm(&buf);
        let top = &rows(&buf)[0];
        assert!(top.starts_with(" Stillpoint · routines"), "{top}");
        assert!(top.trim_end().ends_with(progress), "{top}");
        let x = u16::try_from(top.chars().position(|c| c == '2').unwrap()).unwrap();
        assert_eq!(buf[(x, 0)].style().fg, look().palette.faint.fg);
        // Too long for the row: cut short, the title kept whole.
        let long = "x".repeat(100);
        let narrow = LibraryView {
            progress: Some(&long),
            ..view(&entries, 0, "", false)
        };
        let top = rows(&draw(&narrow, 80, 24))[0].clone();
        assert!(top.starts_with(" Stillpoint · routines  x"), "{top}");
        assert!(top.trim_end().ends_with("x…"), "{top}");
        // Without progress the row is as before.
        let plain = rows(&draw(&view(&entries, 0, "", false), 80, 24))[0].clone();
        assert_eq!(plain.trim_end(), " Stillpoint · routines");
    }

    #[test]
    fn the_selection_is_marked_in_words_not_only_colour() {
        let entries = entries();
        let mut ascii = view(&entries, 2, "", false);
        ascii.look.ascii = true;
        let buf = draw(&ascii, 80, 24);
        assert!(rows(&buf)[4].contains("> Still point"), "{}", screen(&buf));
        assert_eq!(buf[(1, 4)].style().fg, look().palette.accent.fg);
    }

    #[test]
    fn an_empty_filter_result_says_so() {
        let text = screen(&draw(&view(&[], 0, "xyz", false), 80, 24));
        assert!(text.contains("No routine matches “xyz”"), "{text}");
        let typing = screen(&draw(&view(&[], 0, "ne", true), 80, 24));
        assert!(typing.contains("Filter: ne_"), "{typing}");
        assert!(typing.contains("Esc clear"), "{typing}");
    }

    #[test]
    fn scrolls_to_keep_the_selection_in_view() {
        let many: Vec<LibraryEntry> = (0..40)
            .map(|i| LibraryEntry {
                title: format!("Routine {i}"),
                ..entries()[0].clone()
            })
            .collect();
        let text = screen(&draw(&view(&many, 30, "", false), 80, 24));
        assert!(text.contains("› Routine 30"), "{text}");
    }
}
