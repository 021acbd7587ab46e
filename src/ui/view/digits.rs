//! The large countdown: a clock time in digits five rows tall, made of
//! blocks, readable through half-closed eyes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Rows the digits take.
pub const HEIGHT: u16 = 5;

/// Each glyph as rows of `#` (ink) and spaces: the digits, then the colon.
const FONT: [[&str; 5]; 11] = [
    ["###", "# #", "# #", "# #", "###"],
    ["  #", "  #", "  #", "  #", "  #"],
    ["###", "  #", "###", "#  ", "###"],
    ["###", "  #", "###", "  #", "###"],
    ["# #", "# #", "###", "  #", "  #"],
    ["###", "#  ", "###", "  #", "###"],
    ["###", "#  ", "###", "# #", "###"],
    ["###", "  #", "  #", "  #", "  #"],
    ["###", "# #", "###", "# #", "###"],
    ["###", "# #", "###", "  #", "###"],
    [" ", "#", " ", "#", " "],
];

fn glyph(c: char) -> Option<&'static [&'static str; 5]> {
    match c {
        '0'..='9' => Some(&FONT[c as usize - '0' as usize]),
        ':' => Some(&FONT[10]),
        _ => None,
    }
}

/// A clock time ("1:25") drawn large, centred in its area.
pub struct BigClock<'a> {
    pub text: &'a str,
    pub style: Style,
    /// `#` instead of `█`.
    pub ascii: bool,
}

impl BigClock<'_> {
    /// The rows as text, each the same width.
    fn rows(&self) -> [String; 5] {
        let ink = if self.ascii { "#" } else { "█" };
        std::array::from_fn(|row| {
            let parts: Vec<&str> = self
                .text
                .chars()
                .filter_map(glyph)
                .map(|g| g[row])
                .collect();
            parts.join(" ").replace('#', ink)
        })
    }
}

impl Widget for &BigClock<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = self.rows();
        let wide = rows[0].chars().count() as u16;
        if wide > area.width || area.height < HEIGHT {
            let x = area.x + area.width.saturating_sub(self.text.len() as u16) / 2;
            let y = area.y + area.height / 2;
            if !area.is_empty() {
                buf.set_stringn(x, y, self.text, area.width.into(), self.style);
            }
            return;
        }
        let x = area.x + (area.width - wide) / 2;
        let y = area.y + (area.height - HEIGHT) / 2;
        for (i, row) in rows.iter().enumerate() {
            buf.set_string(x, y + i as u16, row, self.style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::rows;

    #[test]
    fn draws_a_time_five_rows_tall() {
        let clock = BigClock {
            text: "1:25",
            style: Style::default(),
            ascii: false,
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 5));
        clock.render(buf.area, &mut buf);
        let rows = rows(&buf);
        assert!(rows.iter().all(|r| r.contains('█')), "{rows:#?}");
        assert_eq!(rows[2].trim(), "█   ███ ███");
    }

    #[test]
    fn falls_back_to_hashes_and_to_plain_text() {
        let clock = BigClock {
            text: "0:05",
            style: Style::default(),
            ascii: true,
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 5));
        clock.render(buf.area, &mut buf);
        assert!(
            rows(&buf)
                .iter()
                .all(|r| r.contains('#') && !r.contains('█'))
        );
        let mut small = Buffer::empty(Rect::new(0, 0, 6, 1));
        clock.render(small.area, &mut small);
        assert_eq!(rows(&small)[0].trim(), "0:05");
    }
}
