//! The panel under the player while a watched routine file has mistakes
//! (`play --watch`): what `stillpoint check` says of them, with the line,
//! and that the last good version plays on. Quiet colours: a mistake in
//! a file being written is no emergency.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::MIN_HEIGHT;
use super::text::{fit, glyphs};
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

/// The rows the panel takes for `lines` of report on a screen `height`
/// rows high, leaving the player the rows it needs; 0 when there is no
/// room for it and one line of the report.
pub fn rows(lines: usize, height: u16) -> u16 {
    let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(3);
    let rows = wanted.min(MOST_ROWS).min(height.saturating_sub(MIN_HEIGHT));
    if rows < 4 { 0 } else { rows }
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
        let cells = usize::from(inner.width.saturating_sub(2));
        let rows = usize::from(inner.height);
        let mut shown: Vec<Line> = vec![Line::styled(fit(PLAYS_ON, cells, g.more), palette.text)];
        let room = rows.saturating_sub(1);
        let cut = self.lines.len() > room;
        let report = if cut { room.saturating_sub(1) } else { room };
        shown.extend(self.lines.iter().take(report).map(|line| {
            let style = if line.starts_with("error") || line.starts_with("warning") {
                palette.text
            } else {
                palette.faint
            };
            Line::styled(fit(line, cells, g.more), style)
        }));
        if cut {
            let more = format!(
                "{} {} more lines: `stillpoint check` shows them all",
                g.more,
                self.lines.len() - report
            );
            shown.push(Line::styled(fit(&more, cells, g.more), palette.faint));
        }
        for (row, line) in (inner.top()..inner.bottom()).zip(shown) {
            buf.set_line(inner.x + 1, row, &line, inner.width.saturating_sub(2));
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
        assert_eq!(rows(5, 24), 8);
        assert_eq!(rows(30, 24), MOST_ROWS);
        assert_eq!(rows(30, 18), 6);
        assert_eq!(rows(30, 14), 0, "no room beside the player");
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
