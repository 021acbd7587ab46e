//! Before a routine with `cautions`: the therapist's safety notes, read
//! before the session starts (Enter starts it, Esc goes back).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::checkin::{Hints, Row, question_screen};
use super::text::glyphs;
use crate::ui::frame::Look;
use crate::ui::keymap::Keymap;

/// The widest the notes are set, for an easy read on a wide screen.
const MEASURE: u16 = 70;

pub struct Cautions<'a> {
    pub title: &'a str,
    pub cautions: &'a [String],
    pub look: Look,
}

impl Widget for &Cautions<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let cells = usize::from(area.width.saturating_sub(4).min(MEASURE));
        let mut lines = Vec::new();
        for caution in self.cautions {
            let bullet = format!("{} ", g.bullet);
            let indent = " ".repeat(crate::wrap::width(&bullet));
            let wrapped = crate::wrap::wrap(
                caution,
                cells.saturating_sub(indent.len()),
                usize::MAX,
                g.more,
            );
            for (i, line) in wrapped.into_iter().enumerate() {
                let lead = if i == 0 { &bullet } else { &indent };
                lines.push((format!("{lead}{line}"), palette.text));
            }
        }
        let body = vec![
            Row::Text("Please read before you start:".to_owned(), palette.accent),
            Row::Blank,
            Row::Block(lines),
        ];
        let heading = format!("Before {}", self.title);
        question_screen(
            area,
            buf,
            self.look,
            &heading,
            body,
            Hints::Keys(Keymap::Cautions, None),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, screen};

    #[test]
    fn every_caution_is_shown_whole_with_the_keys_at_80x24_and_80x23() {
        let cautions = [
            "Stop if you feel dizzy or the pain gets sharper.".to_owned(),
            "Not after a head injury, and not with a fever and a stiff neck: see a doctor first. \
             The pressure is always light on the front of the neck."
                .to_owned(),
        ];
        for (w, h) in [(80, 24), (80, 23), (40, 12)] {
            let view = Cautions {
                title: "Neck release",
                cautions: &cautions,
                look: look(),
            };
            let buf = draw(&view, w, h);
            let text = screen(&buf);
            assert!(text.contains("Before Neck release"), "{text}");
            assert!(text.contains("Please read before you start:"), "{text}");
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains("Stop if you feel dizzy"), "{w}×{h}:\n{text}");
            assert!(
                flat.contains("The pressure is always light"),
                "{w}×{h}:\n{text}"
            );
            assert!(text.contains("start"), "{text}");
            assert_calm(&buf);
        }
    }
}
