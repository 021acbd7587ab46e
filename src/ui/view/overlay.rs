//! Boxes drawn over a screen: the keys, the question before ending a
//! session, and the end of a session. Each clears its own cells first, so
//! nothing shows through, and none is a bright block.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::pacing::whole_seconds;
use super::text::{clock, glyphs, width};
use crate::session::played::enough;
use crate::session::{Outcome, Summary};
use crate::ui::frame::Look;
use crate::ui::keymap::Keymap;

/// The keys of the screen under it.
pub struct HelpOverlay {
    pub keys: Keymap,
    /// Whether a session is paused while the help is open.
    pub pausing: bool,
    pub look: Look,
}

/// Asks before ending a session early.
pub struct ConfirmQuit {
    /// Whether the session is paused while it asks.
    pub pausing: bool,
    pub look: Look,
}

/// The end of a session: how it ended, how long it lasted, how far it got.
pub struct Finished<'a> {
    /// The routine's title.
    pub title: &'a str,
    pub summary: &'a Summary,
    pub look: Look,
}

/// Draws `lines` in a rounded box titled `title`, centred in `area` and
/// sized to fit them, over whatever was there.
fn boxed(area: Rect, buf: &mut Buffer, title: &str, lines: Vec<Line>, look: Look) {
    let g = glyphs(look);
    let widest = lines
        .iter()
        .map(Line::width)
        .chain([width(title) + 2])
        .max()
        .unwrap_or(0);
    let across = u16::try_from(widest + 6).unwrap_or(u16::MAX);
    let down = u16::try_from(lines.len() + 4).unwrap_or(u16::MAX);
    let rect = area.centered(Constraint::Length(across), Constraint::Length(down));
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_set(g.border)
        .border_style(look.palette.frame)
        .title(Span::styled(format!(" {title} "), look.palette.accent));
    let inner = block.inner(rect).inner(Margin::new(2, 1));
    block.render(rect, buf);
    Paragraph::new(lines).render(inner, buf);
}

impl Widget for &HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let keys = self.keys.help_rows(g);
        let key_cells = keys.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
        let mut lines: Vec<Line> = keys
            .into_iter()
            .map(|(key, what)| {
                let pad = " ".repeat(key_cells - width(&key) + 3);
                Line::from(vec![
                    Span::styled(format!("{key}{pad}"), palette.accent),
                    Span::styled(what, palette.text),
                ])
            })
            .collect();
        lines.push(Line::default());
        if self.pausing {
            lines.push(Line::styled(
                "The session is paused while this is open",
                palette.text,
            ));
        }
        lines.push(Line::styled("Any key closes this", palette.faint));
        boxed(area, buf, "Keys", lines, self.look);
    }
}

impl Widget for &ConfirmQuit {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let mut lines = vec![
            Line::styled("End this session now?", palette.accent),
            Line::styled("It will still be saved to your journal.", palette.text),
        ];
        if self.pausing {
            lines.push(Line::styled("Paused while you choose.", palette.text));
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            Keymap::ConfirmQuit.hint_line(g, false),
            palette.faint,
        ));
        boxed(area, buf, "End session", lines, self.look);
    }
}

impl Widget for &Finished<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let palette = self.look.palette;
        let s = self.summary;
        let how = match s.outcome {
            Outcome::Completed => "Completed",
            Outcome::EndedEarly => "Ended early",
            Outcome::Skipped => "Skipped to the end",
        };
        let mut lines = vec![
            Line::styled(self.title.to_owned(), palette.accent),
            Line::default(),
            Line::styled(how, palette.text),
            Line::styled(
                format!(
                    "Time {} of {}",
                    clock(s.position.as_secs()),
                    clock(whole_seconds(s.planned))
                ),
                palette.text,
            ),
            Line::styled(
                format!("Steps done: {} of {}", s.steps_done, s.steps_total),
                palette.text,
            ),
        ];
        if !s.skipped.is_empty() {
            let steps: Vec<String> = s.skipped.iter().map(|i| (i + 1).to_string()).collect();
            let noun = if steps.len() == 1 { "step" } else { "steps" };
            lines.push(Line::styled(
                format!("Skipped: {noun} {}", steps.join(", ")),
                palette.text,
            ));
        }
        if !enough(s.position, s.planned) {
            lines.push(Line::styled(
                "Less than half was played, so it does not count toward your week",
                palette.faint,
            ));
        }
        if !s.paused.is_zero() {
            lines.push(Line::styled(
                format!("Paused for {}", clock(s.paused.as_secs())),
                palette.faint,
            ));
        }
        lines.push(Line::default());
        lines.push(Line::styled("Press any key", palette.faint));
        boxed(area, buf, "Session over", lines, self.look);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, screen};

    /// `overlay` drawn over a screen full of text, which must not show through.
    fn over(overlay: impl Widget) -> String {
        let mut buf = draw(
            ratatui::widgets::Paragraph::new("x".repeat(80 * 24))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            80,
            24,
        );
        overlay.render(buf.area, &mut buf);
        assert_calm(&buf);
        screen(&buf)
    }

    #[test]
    fn help_lists_every_key() {
        let text = over(&HelpOverlay {
            keys: Keymap::Player,
            pausing: true,
            look: look(),
        });
        for words in [
            "space",
            "pause or resume",
            "→ or n",
            "← or p",
            "+ or =",
            "louder",
            "quieter",
            "mute",
            "ambient",
            "q or Esc",
            "The session is paused while this is open",
            "Any key closes this",
        ] {
            assert!(text.contains(words), "{words}: {text}");
        }
        assert!(text.contains('╭'), "rounded: {text}");
        let inside = text.lines().find(|l| l.contains("Any key")).unwrap();
        let boxed = &inside[inside.find('│').unwrap()..inside.rfind('│').unwrap()];
        assert!(!boxed.contains('x'), "nothing shows through: {inside}");
    }

    #[test]
    fn asks_before_ending() {
        let text = over(&ConfirmQuit {
            pausing: true,
            look: look(),
        });
        assert!(text.contains("End this session now?"), "{text}");
        assert!(
            text.contains("It will still be saved to your journal."),
            "{text}"
        );
        assert!(text.contains("y end · n keep going"), "{text}");
    }

    #[test]
    fn sums_up_a_finished_session() {
        let summary = Summary {
            outcome: Outcome::EndedEarly,
            planned: Duration::from_secs(600),
            position: Duration::from_secs(190),
            paused: Duration::from_secs(65),
            wall: Duration::from_secs(255),
            steps_done: 3,
            steps_total: 7,
            skipped: vec![1],
        };
        let text = over(&Finished {
            title: "Desk reset",
            summary: &summary,
            look: look(),
        });
        for words in [
            "Desk reset",
            "Ended early",
            "Time 3:10 of 10:00",
            "Steps done: 3 of 7",
            "Paused for 1:05",
            "Skipped: step 2",
            "does not count toward your week",
            "Press any key",
        ] {
            assert!(text.contains(words), "{words}: {text}");
        }
        let done = Summary {
            outcome: Outcome::Completed,
            paused: Duration::ZERO,
            ..summary
        };
        let mut ascii = look();
        ascii.ascii = true;
        let text = over(&Finished {
            title: "Desk reset",
            summary: &done,
            look: ascii,
        });
        assert!(
            text.contains("Completed") && !text.contains("Paused"),
            "{text}"
        );
        assert!(text.contains('+') && !text.contains('╭'), "{text}");
    }
}
