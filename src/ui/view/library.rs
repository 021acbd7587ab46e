//! The library screen: the routines on the left with their lengths, the
//! chosen one's summary and make-up on the right, and a filter.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Widget};

use super::text::{Glyphs, fit, glyphs, width, wrap};
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
    /// The routine's tags, as its author wrote them.
    pub tags: Vec<String>,
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
    /// That a headache is going on, and how to close it, above the keys.
    pub attack: Option<&'a str>,
    /// Where the person is in the program they follow, if they follow one.
    pub program: Option<&'a str>,
    pub look: Look,
}

/// Below this width the detail goes under the list instead of beside it.
const SIDE_BY_SIDE: u16 = 60;

/// Below this height the blank rows between the parts go.
const ROOMY: u16 = 16;

impl Widget for &LibraryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        use Constraint::{Fill, Length, Max, Percentage};
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let inner = area.inner(Margin::new(1, 0));
        let keys = if self.filtering {
            Keymap::Filtering
        } else {
            Keymap::Library
        };
        let hints = keys.hint_lines(g, inner.width.into(), 2);
        let roomy = inner.height >= ROOMY;
        let filter_rows = u16::from(roomy || self.filtering || !self.filter.is_empty());
        let attack = self
            .attack
            .map(|a| wrap(a, inner.width.into(), 2, g.more))
            .unwrap_or_default();
        let [head, program, body, _, attack_rows, filter, hint_rows] = Layout::vertical([
            Length(1),
            Length(u16::from(roomy || self.program.is_some())),
            Fill(1),
            Length(u16::from(roomy)),
            Length(u16::try_from(attack.len()).unwrap_or(0)),
            Length(filter_rows),
            Length(u16::try_from(hints.len()).unwrap_or(1)),
        ])
        .areas(inner);

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
        if let Some(line) = self.program {
            Line::styled(fit(line, program.width.into(), g.more), palette.text)
                .render(program, buf);
        }
        if body.width >= SIDE_BY_SIDE {
            let [list, detail] = Layout::horizontal([Percentage(45), Fill(1)])
                .spacing(1)
                .areas(body);
            self.list(list, buf);
            if let Some(entry) = self.entries.get(self.selected) {
                self.detail(entry, detail, buf, true);
            }
        } else {
            // The list above, as tall as it needs up to half the rows, and
            // the chosen routine under it (after a rule). The list gives
            // way, down to three rows, for the detail's tags and origin,
            // and further for its title, length and kinds.
            let wanted = u16::try_from(self.entries.len().max(1)).unwrap_or(u16::MAX);
            let (essential, full) = self.entries.get(self.selected).map_or((0, 0), |entry| {
                let (essential, full) = detail_rows(entry, body.width.into(), g);
                let rows = |n: usize| u16::try_from(n + 1).unwrap_or(u16::MAX);
                (rows(essential), rows(full))
            });
            let mut list_rows = wanted.min(body.height.div_ceil(2));
            if list_rows + full > body.height {
                list_rows = body.height.saturating_sub(full).max(wanted.min(3));
            }
            if list_rows + essential > body.height {
                list_rows = body.height.saturating_sub(essential).max(1);
            }
            let [list, detail] = Layout::vertical([Max(list_rows), Fill(1)]).areas(body);
            self.list(list, buf);
            if let Some(entry) = self.entries.get(self.selected) {
                self.detail(entry, detail, buf, false);
            }
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
        for (row, line) in attack_rows.rows().zip(attack) {
            Line::styled(line, palette.text).render(row, buf);
        }
        for (row, line) in hint_rows.rows().zip(hints) {
            Line::styled(line, palette.faint).render(row, buf);
        }
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

    /// The selected routine: its title and summary, steps and length,
    /// kinds of step, tags and origin, each wrapped, never cut. When the
    /// pane is short the summary gives way first (cut with a mark), then
    /// the origin, then the tags. `beside` the list it has a rule on its
    /// left; under it, a rule above.
    fn detail(&self, entry: &LibraryEntry, area: Rect, buf: &mut Buffer, beside: bool) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let block = if beside {
            Block::new()
                .borders(Borders::LEFT)
                .padding(Padding::left(2))
        } else {
            Block::new().borders(Borders::TOP)
        };
        let block = block.border_set(g.border).border_style(palette.frame);
        let inner = block.inner(area);
        block.render(area, buf);
        let cells = usize::from(inner.width);
        let rows = usize::from(inner.height);
        let lines_of = |text: &str, style| -> Vec<Line<'static>> {
            wrap(text, cells, usize::MAX, g.more)
                .into_iter()
                .map(|l| Line::styled(l, style))
                .collect()
        };
        // "Kinds: knead, breathe", wrapped under its words when there is
        // room for that, else from the line's start.
        let labelled = |label: &str, items: &[&str]| -> Vec<Line<'static>> {
            let text = format!("{label} {}", items.join(", "));
            let indent = width(label) + 1;
            if !beside {
                return lines_of(&text, palette.faint);
            }
            let mut lines = wrap(&items.join(", "), cells - indent, usize::MAX, g.more);
            for (i, line) in lines.iter_mut().enumerate() {
                let head = if i == 0 {
                    format!("{label} ")
                } else {
                    " ".repeat(indent)
                };
                line.insert_str(0, &head);
            }
            lines
                .into_iter()
                .map(|l| Line::styled(l, palette.faint))
                .collect()
        };
        let kinds: Vec<&str> = entry.kinds.iter().map(|k| k.word()).collect();
        let tags: Vec<&str> = entry.tags.iter().map(String::as_str).collect();
        let title = lines_of(&entry.title, palette.accent);
        let length = lines_of(&length_line(entry, g), palette.faint);
        let kinds = if kinds.is_empty() {
            Vec::new()
        } else {
            labelled("Kinds:", &kinds)
        };
        let mut tags = if tags.is_empty() {
            Vec::new()
        } else {
            labelled("Tags:", &tags)
        };
        let mut from = lines_of(&format!("From: {}", entry.origin), palette.faint);
        let needed = |tags: &[Line], from: &[Line]| {
            title.len() + length.len() + kinds.len() + tags.len() + from.len()
        };
        if needed(&tags, &from) > rows {
            from.clear();
        }
        if needed(&tags, &from) > rows {
            tags.clear();
        }
        let facts = length.len() + kinds.len() + tags.len() + from.len();

        let mut lines = title;
        // The summary has what is left, a blank line either side of it
        // when there is room for those too.
        let left = rows.saturating_sub(lines.len() + facts);
        let spaced = left >= 4;
        let room = left.saturating_sub(if spaced { 2 } else { 0 });
        let summary = wrap(&entry.summary, cells, usize::MAX, g.more).len();
        // A summary cut to a line or two says little: whole, or three rows.
        if !entry.summary.is_empty() && (room >= summary || room >= 3) {
            if spaced {
                lines.push(Line::default());
            }
            lines.extend(
                wrap(&entry.summary, cells, room, g.more)
                    .into_iter()
                    .map(|l| Line::styled(l, palette.text)),
            );
        }
        if spaced || (lines.len() + facts < rows && beside) {
            lines.push(Line::default());
        }
        lines.extend(length);
        lines.extend(kinds);
        lines.extend(tags);
        lines.extend(from);
        for (row, line) in (inner.top()..inner.bottom()).zip(&lines) {
            buf.set_line(inner.x, row, line, inner.width);
        }
    }
}

/// "7 steps · 5m5s".
fn length_line(entry: &LibraryEntry, g: &Glyphs) -> String {
    let steps = if entry.steps == 1 { "step" } else { "steps" };
    format!(
        "{} {steps}{}{}",
        entry.steps,
        g.sep,
        duration::format(entry.total)
    )
}

/// How many rows the detail under the list needs on `cells` cells: at
/// the least (its title, length and kinds, wrapped), and for all but the
/// summary (its tags and origin too).
fn detail_rows(entry: &LibraryEntry, cells: usize, g: &Glyphs) -> (usize, usize) {
    let rows = |text: &str| wrap(text, cells, usize::MAX, g.more).len();
    let listed = |label: &str, items: Vec<&str>| {
        if items.is_empty() {
            0
        } else {
            rows(&format!("{label} {}", items.join(", ")))
        }
    };
    let kinds = listed("Kinds:", entry.kinds.iter().map(|k| k.word()).collect());
    let tags = listed("Tags:", entry.tags.iter().map(String::as_str).collect());
    let essential = rows(&entry.title) + rows(&length_line(entry, g)) + kinds;
    (
        essential,
        essential + tags + rows(&format!("From: {}", entry.origin)),
    )
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
            tags: vec!["seated".into(), "neck".into()],
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
            attack: None,
            program: None,
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
            rows[22].contains("Enter start · ! headache now · / filter · h history"),
            "{text}"
        );
        assert!(
            rows[23].contains("w warning signs · ? help · q quit"),
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

    /// A routine whose title, kinds and tags are each too long for a line
    /// of the detail pane.
    fn long_one() -> LibraryEntry {
        LibraryEntry {
            title: "Neck, shoulders and temples for a long afternoon at the desk".into(),
            kinds: vec![
                StepKind::Compress,
                StepKind::Knead,
                StepKind::Circles,
                StepKind::Press,
                StepKind::Stretch,
                StepKind::Breathe,
                StepKind::Rest,
            ],
            tags: [
                "seated",
                "desk",
                "neck",
                "shoulders",
                "temples",
                "base-of-skull",
            ]
            .map(String::from)
            .to_vec(),
            steps: 1,
            ..entries()[0].clone()
        }
    }

    /// The words of `rows` from column `from` on, as one line.
    fn words_from(rows: &[String], from: usize) -> String {
        let column: Vec<String> = rows
            .iter()
            .map(|r| r.chars().skip(from).collect())
            .collect();
        column
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_detail_wraps_long_titles_kinds_and_tags_instead_of_cutting_them() {
        let mut shelf = entries();
        shelf.push(long_one());
        for (w, h) in [(80, 24), (100, 30), (60, 20), (40, 12), (40, 16), (40, 20)] {
            let buf = draw(&view(&shelf, 3, "", false), w, h);
            assert_calm(&buf);
            let rows = rows(&buf);
            let text = screen(&buf);
            // The detail pane is right of the list, or under it below 60
            // columns: read it from there.
            let detail = match rows[2].chars().position(|c| c == '│') {
                Some(border) => words_from(&rows, border + 1),
                None => {
                    let rule = rows.iter().position(|r| r.contains('─')).expect("a rule");
                    words_from(&rows[rule + 1..], 0)
                }
            };
            for words in [
                "Neck, shoulders and temples for a long afternoon at the desk",
                "1 step · 5m",
                "Kinds: compress, knead, circles, press, stretch, breathe, rest",
            ] {
                assert!(detail.contains(words), "{w}×{h}: {words}: {text}");
            }
            if h >= 20 {
                assert!(
                    detail.contains("Tags: seated, desk, neck, shoulders, temples, base-of-skull"),
                    "{w}×{h}: {text}"
                );
            }
            assert!(!detail.contains('…'), "{w}×{h}: nothing cut: {text}");
            // The keys are all there, on two lines if need be.
            let keys = words_from(&rows[rows.len() - 2..], 0);
            assert!(keys.contains("q quit"), "{w}×{h}: {text}");
        }
        let text = screen(&draw(&view(&shelf, 0, "", false), 80, 24));
        assert!(text.contains("Tags: seated, neck"), "{text}");
        assert!(text.contains("7 steps · 5m"), "{text}");
    }

    #[test]
    fn a_headache_going_on_is_said_above_the_keys() {
        let entries = entries();
        let line = "Headache going on since 14:05 · when it ends: stillpoint attack --end now";
        for (w, h) in [(80, 24), (80, 23), (40, 12)] {
            let shelf = LibraryView {
                attack: Some(line),
                ..view(&entries, 0, "", false)
            };
            let buf = draw(&shelf, w, h);
            assert_calm(&buf);
            let rows = rows(&buf);
            let text = screen(&buf);
            let all = words_from(&rows, 0);
            assert!(all.contains("going on since 14:05"), "{w}×{h}: {text}");
            assert!(
                all.contains("stillpoint attack --end now"),
                "{w}×{h}: {text}"
            );
            assert!(all.contains("q quit"), "{w}×{h}: {text}");
        }
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
