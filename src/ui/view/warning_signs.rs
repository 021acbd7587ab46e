//! "When to get help now": the signs that a headache needs a doctor at
//! once, from [`crate::warning_signs`], on a screen of their own over
//! whatever was showing. Any key goes back.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::text::{fit, glyphs, width, wrap};
use crate::ui::frame::Look;
use crate::warning_signs::{CALL, NOT_A_DIAGNOSIS, SIGNS, TITLE};

/// The warning signs, whole.
pub struct WarningSigns {
    /// Whether a session is paused while they show.
    pub pausing: bool,
    pub look: Look,
}

impl WarningSigns {
    /// The body's lines for `cells` cells: the call, each sign after a
    /// bullet (wrapped under its words), and that this is not a
    /// diagnosis; `None` stands for a blank line, the first to go.
    fn body(&self, cells: usize) -> Vec<Option<Line<'static>>> {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let text = |words: &str, style: Style| -> Vec<Option<Line<'static>>> {
            wrap(words, cells, usize::MAX, g.more)
                .into_iter()
                .map(|l| Some(Line::styled(l, style)))
                .collect()
        };
        let mut lines = text(CALL, palette.accent);
        lines.push(None);
        let indent = width(g.bullet) + 1;
        for sign in SIGNS {
            let rows = wrap(
                sign,
                cells.saturating_sub(indent).max(1),
                usize::MAX,
                g.more,
            );
            for (i, row) in rows.into_iter().enumerate() {
                let head = if i == 0 {
                    format!("{} ", g.bullet)
                } else {
                    " ".repeat(indent)
                };
                lines.push(Some(Line::from(vec![
                    Span::styled(head, palette.accent),
                    Span::styled(row, palette.text),
                ])));
            }
        }
        lines.push(None);
        lines.extend(text(NOT_A_DIAGNOSIS, palette.text));
        lines
    }
}

impl Widget for &WarningSigns {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let inner = area.inner(Margin::new(1, 0));
        let cells = usize::from(inner.width);
        if inner.is_empty() {
            return;
        }
        let name = "Stillpoint";
        let room = cells.saturating_sub(width(name) + width(g.sep));
        Line::from(vec![
            Span::styled(name, palette.accent),
            Span::styled(g.sep, palette.faint),
            Span::styled(fit(TITLE, room, g.more), palette.text),
        ])
        .render(Rect { height: 1, ..inner }, buf);
        let back = if self.pausing {
            format!(
                "The session is paused while this shows{}any key goes back",
                g.sep
            )
        } else {
            "Any key goes back".to_owned()
        };
        let keys = wrap(&back, cells, 2, g.more);
        let keys_rows = u16::try_from(keys.len()).unwrap_or(1);
        let bottom = inner.bottom().saturating_sub(keys_rows);
        for (y, line) in (bottom..inner.bottom()).zip(keys) {
            Line::styled(line, palette.faint).render(Rect::new(inner.x, y, inner.width, 1), buf);
        }
        // Between the heading and the keys, a blank row either side when
        // there is room; then the blank lines in it go, and only then is it
        // cut, saying so.
        let rows = usize::from(bottom.saturating_sub(inner.y + 1));
        let mut body = self.body(cells);
        let spaced = body.len() + 2 <= rows;
        if body.len() > rows {
            body.retain(Option::is_some);
        }
        if body.len() > rows {
            body.truncate(rows.saturating_sub(1));
            body.push(Some(Line::styled(
                fit("Make the window taller to read them all", cells, g.more),
                palette.faint,
            )));
        }
        let top = inner.y + 1 + u16::from(spaced);
        for (y, line) in (top..bottom).zip(body) {
            if let Some(line) = line {
                line.render(Rect::new(inner.x, y, inner.width, 1), buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, screen};

    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn every_sign_shows_whole_at_80_by_24_and_80_by_23() {
        for (w, h) in [(80, 24), (80, 23)] {
            for ascii in [false, true] {
                let view = WarningSigns {
                    pausing: true,
                    look: Look { ascii, ..look() },
                };
                let buf = draw(&view, w, h);
                assert_calm(&buf);
                let text = screen(&buf);
                let all = words(&text);
                assert!(text.lines().next().unwrap().contains(TITLE), "{text}");
                for line in [CALL, NOT_A_DIAGNOSIS].iter().chain(SIGNS.iter()) {
                    assert!(all.contains(line), "{w}×{h}: {line}: {text}");
                }
                assert!(
                    all.contains("The session is paused while this shows"),
                    "{text}"
                );
                assert!(!all.contains("taller"), "{text}");
                if ascii {
                    assert!(text.is_ascii(), "{text}");
                }
            }
        }
    }

    #[test]
    fn a_small_window_says_what_it_cannot_show() {
        let view = WarningSigns {
            pausing: false,
            look: look(),
        };
        let buf = draw(&view, 40, 12);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(text.contains("Make the window taller"), "{text}");
        assert!(text.contains("Any key goes back"), "{text}");
        for (w, h) in [(0, 0), (1, 1), (12, 4), (39, 11), (200, 60)] {
            draw(&view, w, h);
        }
    }
}
