//! The panel under the player while a watched routine file has mistakes
//! (`play --watch`): what `stillpoint check` says of them, with the line,
//! and that the last good version plays on. Quiet colours: a mistake in
//! a file being written is no emergency.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::MIN_HEIGHT;
use super::text::{fit, glyphs, width, wrap};
use crate::ui::frame::Look;

/// The most rows the panel takes: the player keeps the rest.
pub const MOST_ROWS: u16 = 10;

/// The first line inside the panel.
pub const PLAYS_ON: &str = "The last good version plays on; save the file again once it is fixed.";

/// The title on the panel's border.
const TITLE: &str = "Not reloaded";

/// The panel over the lines of `check`'s report.
pub struct MistakesPanel<'a> {
    pub lines: &'a [String],
    pub look: Look,
}

/// The rows the panel takes for `lines` of report on a screen of `area`,
/// leaving the player the rows it needs; 0 when there is no room for it
/// and one line of the report.
pub fn rows(lines: &[String], area: Rect) -> u16 {
    let report = laid_out(lines, cells(area.width), "").len();
    let wanted = u16::try_from(report).unwrap_or(u16::MAX).saturating_add(3);
    let rows = wanted
        .min(MOST_ROWS)
        .min(area.height.saturating_sub(MIN_HEIGHT));
    if rows < 4 { 0 } else { rows }
}

/// The cells of text a panel `across` cells wide holds on a row: inside
/// its border, a space either side.
fn cells(across: u16) -> usize {
    usize::from(across.saturating_sub(4))
}

/// The report's lines in rows of `cells`: a line of the file is cut, as
/// wrapping would move its caret; any other line too long wraps, its
/// words under where they start.
fn laid_out(lines: &[String], cells: usize, more: &str) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| rows_of(line, cells, more))
        .collect()
}

fn rows_of(line: &str, cells: usize, more: &str) -> Vec<String> {
    let source = line
        .trim_start()
        .split_once(" | ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if width(line) <= cells || source {
        return vec![fit(line, cells, more)];
    }
    // The gutter and carets, then a label such as `error:` or `help:`.
    let marks = line.len() - line.trim_start_matches(|c| " |^-=>".contains(c)).len();
    let label = line[marks..]
        .split_once(' ')
        .filter(|(word, _)| word.ends_with(':'))
        .map_or(0, |(word, _)| word.len() + 1);
    let (head, words) = line.split_at(marks + label);
    let (mut rows, hang) = if width(head) * 2 <= cells {
        (Vec::new(), width(head))
    } else {
        (vec![head.trim_end().to_owned()], 4)
    };
    let indent = " ".repeat(hang);
    let pieces = wrap(words, cells.saturating_sub(hang), usize::MAX, more);
    for (i, piece) in pieces.into_iter().enumerate() {
        let lead = if i == 0 && rows.is_empty() {
            head
        } else {
            &indent
        };
        rows.push(format!("{lead}{piece}"));
    }
    rows
}

impl Widget for &MistakesPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        Clear.render(area, buf);
        let block = Block::bordered()
            .border_set(g.border)
            .border_style(palette.frame)
            .title(Span::styled(format!(" {TITLE} "), palette.text));
        let inner = block.inner(area);
        block.render(area, buf);
        let cells = cells(area.width);
        let lines = laid_out(self.lines, cells, g.more);
        let mut shown: Vec<Line> = vec![Line::styled(fit(PLAYS_ON, cells, g.more), palette.text)];
        let room = usize::from(inner.height).saturating_sub(1);
        let cut = lines.len() > room;
        let report = if cut { room.saturating_sub(1) } else { room };
        shown.extend(lines.iter().take(report).map(|line| {
            let style = if line.starts_with("error") || line.starts_with("warning") {
                palette.text
            } else {
                palette.faint
            };
            Line::styled(line.as_str(), style)
        }));
        if cut {
            let more = format!(
                "{} {} more lines: `stillpoint check` shows them all",
                g.more,
                lines.len() - report
            );
            shown.push(Line::styled(fit(&more, cells, g.more), palette.faint));
        }
        let across = u16::try_from(cells).unwrap_or(u16::MAX);
        for (row, line) in (inner.top()..inner.bottom()).zip(shown) {
            buf.set_line(inner.x + 1, row, &line, across);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, rows as text_rows};

    fn report(n: usize) -> Vec<String> {
        let mut lines = vec![
            "error: `duration` must be a length such as \"30s\" or \"2m\"".to_owned(),
            "  --> jaw.toml:7:12".to_owned(),
            "  |".to_owned(),
            "7 | duration = \"ten\"".to_owned(),
            "  |            ^^^^^ write it as \"10s\"".to_owned(),
        ];
        lines.extend((lines.len()..n).map(|i| format!("line {i}")));
        lines.truncate(n);
        lines
    }

    #[test]
    fn on_80_by_24_it_leaves_the_player_its_rows_and_shows_the_line() {
        let screen = |height| Rect::new(0, 0, 80, height);
        assert_eq!(rows(&report(5), screen(24)), 8);
        assert_eq!(rows(&report(30), screen(24)), MOST_ROWS);
        assert_eq!(rows(&report(30), screen(18)), 6);
        assert_eq!(
            rows(&report(30), screen(14)),
            0,
            "no room beside the player"
        );
        let lines = report(5);
        let buf = draw(
            &MistakesPanel {
                lines: &lines,
                look: look(),
            },
            80,
            8,
        );
        assert_calm(&buf);
        let shown = text_rows(&buf);
        assert!(shown[0].contains("Not reloaded"), "{shown:#?}");
        assert!(shown[1].contains(PLAYS_ON), "{shown:#?}");
        assert!(shown[3].contains("--> jaw.toml:7:12"), "{shown:#?}");
        assert!(shown[5].contains("7 | duration = \"ten\""), "{shown:#?}");
        assert!(shown.iter().all(|r| r.chars().count() == 80));
    }

    #[test]
    fn a_long_help_wraps_under_its_words_and_a_long_line_of_the_file_is_cut() {
        let help =
            "write seconds as a number (90) or a length with its unit: \"90s\", \"2m\", \"1m30s\"";
        let lines = vec![
            format!("  |            ^^^^^^^ {help}"),
            format!("8 | instructions = \"{}\"", "word ".repeat(20)),
        ];
        let buf = draw(
            &MistakesPanel {
                lines: &lines,
                look: look(),
            },
            80,
            8,
        );
        let shown = text_rows(&buf);
        assert_eq!(
            shown[2],
            "│   |            ^^^^^^^ write seconds as a number (90) or a length with its   │"
        );
        assert_eq!(
            shown[3],
            format!(
                "│                        unit: \"90s\", \"2m\", \"1m30s\"{}│",
                " ".repeat(28)
            )
        );
        assert!(
            shown[4].contains("8 | instructions = \"word word"),
            "{shown:#?}"
        );
        assert!(shown[4].contains("word…"), "{shown:#?}");
        assert_eq!(rows(&lines, Rect::new(0, 0, 80, 24)), 6);
    }

    #[test]
    fn a_long_report_is_cut_with_a_count_of_the_rest() {
        let lines = report(30);
        let buf = draw(
            &MistakesPanel {
                lines: &lines,
                look: look(),
            },
            80,
            10,
        );
        let shown = text_rows(&buf);
        // 8 rows inside: the first line, 6 of the report, the count.
        assert!(
            shown[8].contains("24 more lines: `stillpoint check` shows them all"),
            "{shown:#?}"
        );
        assert!(shown[7].contains("line 5"), "{shown:#?}");
    }
}
